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
//! dropping what was decoded, as a service pays for that too.
//!
//! The `batch_1000` group also holds the `mixed_*` lines: a 1,000-notification
//! batch of IVR operation outcomes and tones, against `IgnoredAny` and `Value`
//! on its own bytes (the ratios are per set of bytes).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use graph_comms_models::CommsNotifications;
use std::hint::black_box;

/// The 17 wire names, in declaration order.
const TONES: [&str; 17] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "a", "b", "c", "d", "flash",
];

/// The documented notification repeated `n` times, sequenceId 1..=n, tones
/// cycling through all 17 values, compact JSON (n = 1000: 313,961 bytes).
fn batch(n: usize) -> Vec<u8> {
    let mut out =
        String::from(r##"{"@odata.type":"#microsoft.graph.commsNotifications","value":["##);
    for i in 1..=n {
        if i > 1 {
            out.push(',');
        }
        out.push_str(&format!(
            concat!(
                r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","##,
                r##""resourceUrl":"/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896","##,
                r##""resourceData":{{"@odata.type":"#microsoft.graph.call","state":"established","##,
                r##""toneInfo":{{"@odata.type":"#microsoft.graph.toneInfo","sequenceId":{},"tone":"{}"}}}}}}"##
            ),
            i,
            TONES[(i - 1) % 17]
        ));
    }
    out.push_str("]}");
    out.into_bytes()
}

/// 1,000 notifications of an IVR bot's traffic, compact JSON: half tones,
/// half finished operations of every action (the documented shapes:
/// playPrompt with a resultInfo, a completed and a cancelled recording with
/// their token, the three sendDtmfTones outcomes, cancelMediaProcessing,
/// updateRecordingStatus), each operation with its own id. Returns the bytes,
/// the number of tones and the number of operation events.
fn mixed_batch(n: usize) -> (Vec<u8>, usize, usize) {
    const CALL: &str = "57dab8b1-894c-409a-b240-bd8beae78896";
    let operations = [
        r##""@odata.type":"#microsoft.graph.playPromptOperation","@odata.etag":"W/\"54451\"","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":0,"message":"Action completed successfully."},"clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","status":"completed""##,
        r##""@odata.type":"#microsoft.graph.recordOperation","clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","status":"completed","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":8515,"message":"Action completed, max record duration reached."},"recordingLocation":"https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad","recordingAccessToken":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl""##,
        r##""@odata.type":"#microsoft.graph.recordOperation","clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","status":"failed","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":400,"subcode":8508,"message":"Action failed, the operation was cancelled."},"recordingLocation":"","recordingAccessToken":"","completionReason":"operationCanceled""##,
        r##""@odata.type":"#microsoft.graph.sendDtmfTonesOperation","status":"completed","completionReason":"completedSuccessfully","clientContext":"e0be71f1-a14f-4cec-b65a-e7aba5db7c53""##,
        r##""@odata.type":"#microsoft.graph.sendDtmfTonesOperation","status":"completed","completionReason":"mediaOperationCanceled","clientContext":"e0be71f1-a14f-4cec-b65a-e7aba5db7c53""##,
        r##""@odata.type":"#microsoft.graph.sendDtmfTonesOperation","status":"completed","completionReason":"unknown","clientContext":"e0be71f1-a14f-4cec-b65a-e7aba5db7c53""##,
        r##""@odata.type":"#microsoft.graph.cancelMediaProcessingOperation","status":"completed","clientContext":"c2a1f7b3""##,
        r##""@odata.type":"#microsoft.graph.updateRecordingStatusOperation","status":"completed","clientContext":"clientContext-value""##,
    ];
    let mut out =
        String::from(r##"{"@odata.type":"#microsoft.graph.commsNotifications","value":["##);
    let (mut tones, mut events) = (0, 0);
    for i in 1..=n {
        if i > 1 {
            out.push(',');
        }
        if i % 2 == 0 {
            tones += 1;
            out.push_str(&format!(
                concat!(
                    r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","##,
                    r##""resourceUrl":"/communications/calls/{}","##,
                    r##""resourceData":{{"@odata.type":"#microsoft.graph.call","state":"established","##,
                    r##""toneInfo":{{"@odata.type":"#microsoft.graph.toneInfo","sequenceId":{},"tone":"{}"}}}}}}"##
                ),
                CALL,
                i,
                TONES[(i / 2) % 17]
            ));
        } else {
            events += 1;
            out.push_str(&format!(
                concat!(
                    r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","##,
                    r##""resourceUrl":"/communications/calls/{}/operations/0fe0623f-d628-42ed-b4bd-{:012x}","##,
                    r##""resourceData":{{{}}}}}"##
                ),
                CALL,
                i,
                operations[(i / 2) % operations.len()]
            ));
        }
    }
    out.push_str("]}");
    (out.into_bytes(), tones, events)
}

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
