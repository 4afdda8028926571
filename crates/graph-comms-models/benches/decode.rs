//! Decoding tone notifications, against the floor (`IgnoredAny`: the JSON scan
//! itself), the usual shortcut (`serde_json::Value`) and a reference line: a
//! serde-derived struct of the same shape that borrows every string (no
//! unknown-property handling, no case folding), which is about as fast as
//! typed decoding with serde_json gets. A second reference line reads the same
//! struct the way the typed decode does (UTF-8 checked once for the whole body,
//! then the body read as `&str`), so the distance to the ceiling of that
//! technique is visible too.
//!
//! Every line runs on the same bytes in the same run; `cargo xtask bench`
//! prints the throughputs and their ratios as a table. Each iteration includes
//! dropping what was decoded, as a service pays for that too. Criterion times
//! one line after another, so a ratio of two lines here also measures how the
//! machine's speed drifted between them: the decode targets are judged on
//! `decode_ratios`, which interleaves the lines.
//!
//! The `batch_1000` group also holds the `mixed_*` lines: a 1,000-notification
//! batch of IVR operation outcomes and tones, against `IgnoredAny` and `Value`
//! on its own bytes (the ratios are per set of bytes).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use graph_comms_models::CommsNotifications;
use std::hint::black_box;

mod common;
use common::{batch, mixed_batch};

/// The reference line: borrowed strings, derived, no leniency. Its fields are
/// only decoded, never read.
#[allow(dead_code)]
mod borrowed {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Batch<'a> {
        #[serde(rename = "@odata.type", borrow)]
        pub odata_type: Option<&'a str>,
        #[serde(borrow)]
        pub value: Vec<Notification<'a>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Notification<'a> {
        #[serde(rename = "@odata.type")]
        pub odata_type: Option<&'a str>,
        pub change_type: Option<&'a str>,
        pub resource_url: Option<&'a str>,
        #[serde(borrow)]
        pub resource_data: Option<Call<'a>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Call<'a> {
        #[serde(rename = "@odata.type")]
        pub odata_type: Option<&'a str>,
        pub state: Option<&'a str>,
        #[serde(borrow)]
        pub tone_info: Option<ToneInfo<'a>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ToneInfo<'a> {
        #[serde(rename = "@odata.type")]
        pub odata_type: Option<&'a str>,
        pub sequence_id: Option<i64>,
        pub tone: Option<&'a str>,
    }
}

/// The mixed batch's lines, in the group `g`: the floor and `Value` on its
/// own bytes, the typed decode, and the typed decode with every operation and
/// tone event taken out.
fn mixed_lines(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let (bytes, tones, events) = mixed_batch(1000);
    let bytes = &bytes[..];
    let typed = CommsNotifications::from_slice(bytes).expect("typed decode");
    assert_eq!(typed.tone_events().filter(Result::is_ok).count(), tones);
    assert_eq!(
        typed.operation_events().filter(Result::is_ok).count(),
        events
    );

    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("mixed_ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)).unwrap())
    });
    g.bench_function("mixed_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap())
    });
    g.bench_function("mixed_typed", |b| {
        b.iter(|| CommsNotifications::from_slice(black_box(bytes)).unwrap())
    });
    g.bench_function("mixed_typed_and_events", |b| {
        b.iter(|| {
            let batch = CommsNotifications::from_slice(black_box(bytes)).unwrap();
            let mut n = 0usize;
            for event in batch.operation_events().flatten() {
                n += event.operation_id.len()
                    + usize::from(event.outcome == graph_comms_models::OperationOutcome::Failed);
            }
            for event in batch.tone_events().flatten() {
                n += event.sequence_id as usize;
            }
            black_box(n);
            batch
        })
    });
}

fn lines(c: &mut Criterion, group: &str, bytes: &[u8], tones: usize, mixed: bool) {
    // Check that every line reads what it should before timing it.
    let typed = CommsNotifications::from_slice(bytes).expect("typed decode");
    assert_eq!(typed.tone_events().filter(Result::is_ok).count(), tones);
    let reference: borrowed::Batch = serde_json::from_slice(bytes).expect("borrowed decode");
    assert_eq!(reference.value.len(), typed.value.len());

    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)).unwrap())
    });
    // What the typed decode pays up front: one UTF-8 check of the whole body.
    g.bench_function("utf8_check", |b| {
        b.iter(|| std::str::from_utf8(black_box(bytes)).unwrap().len())
    });
    g.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap())
    });
    g.bench_function("borrowed_reference", |b| {
        b.iter(|| serde_json::from_slice::<borrowed::Batch>(black_box(bytes)).unwrap())
    });
    // The same struct with the body's UTF-8 checked once up front and then
    // read as `&str`, as `CommsNotifications::from_slice` does: the ceiling for
    // the technique the typed decode uses.
    g.bench_function("borrowed_reference_utf8_once", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(bytes)).unwrap();
            serde_json::from_str::<borrowed::Batch>(text).unwrap()
        })
    });
    g.bench_function("typed", |b| {
        b.iter(|| CommsNotifications::from_slice(black_box(bytes)).unwrap())
    });
    g.bench_function("typed_and_tones", |b| {
        b.iter(|| {
            let batch = CommsNotifications::from_slice(black_box(bytes)).unwrap();
            let mut n = 0usize;
            for event in batch.tone_events().flatten() {
                n += event.sequence_id as usize + event.call_id.len();
            }
            black_box(n);
            batch
        })
    });
    if mixed {
        mixed_lines(&mut g);
    }
    g.finish();
}

fn decode(c: &mut Criterion) {
    let documented = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/notifications/documented-tone.json"
    ))
    .expect("the documented fixture");
    lines(c, "documented_notification", &documented, 1, false);
    let big = batch(1000);
    lines(c, "batch_1000", &big, 1000, true);
}

criterion_group!(benches, decode);
criterion_main!(benches);
