//! Feeding tones to the collector: one tone at a time, and streams of 1,000
//! and 100,000 tones (the time per tone stays the same: O(1) per tone).
//! `cargo xtask bench` prints the table.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use graph_comms_dtmf::{CallCollectors, CallLimits, CollectorOptions, DigitCollector, Timestamp};
use graph_comms_models::Tone;
use std::hint::black_box;

/// No stop tone and no maximum below the limit: every tone is collected.
fn options() -> CollectorOptions {
    CollectorOptions::new()
        .with_stop_tones([])
        .with_max_digits(CollectorOptions::DIGIT_LIMIT)
}

/// Feeds `n` tones in order, restarting the collection when it completes.
fn feed(collector: &mut DigitCollector, first: i64, n: i64) {
    for i in 0..n {
        let sequence_id = first + i;
        let now = Timestamp::from_millis(sequence_id as u64 * 100);
        let tone = Tone::KNOWN[(sequence_id % 10) as usize].clone();
        black_box(collector.handle_tone(now, sequence_id, tone));
        if let Some(done) = collector.poll_completion() {
            black_box(done);
            collector.restart(now);
        }
    }
}

fn collector(c: &mut Criterion) {
    let mut g = c.benchmark_group("collector");
    g.throughput(Throughput::Elements(1));
    g.bench_function("one_tone", |b| {
        let mut collector = DigitCollector::new(options(), Timestamp::from_millis(0)).unwrap();
        let mut next = 1;
        b.iter(|| {
            feed(&mut collector, next, 1);
            next += 1;
        })
    });
    for n in [1_000i64, 100_000] {
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("stream_{n}"), |b| {
            b.iter_batched(
                || DigitCollector::new(options(), Timestamp::from_millis(0)).unwrap(),
                |mut collector| feed(&mut collector, 1, n),
                BatchSize::SmallInput,
            )
        });
    }
    g.throughput(Throughput::Elements(1));
    g.bench_function("one_tone_among_1000_calls", |b| {
        let mut calls = CallCollectors::new(options(), CallLimits::default()).unwrap();
        let ids: Vec<String> = (0..1000).map(|i| format!("call-{i}")).collect();
        let mut next = 1i64;
        b.iter(|| {
            let call = &ids[(next % 1000) as usize];
            let sequence_id = next / 1000 + 1;
            let now = Timestamp::from_millis(next as u64);
            black_box(calls.handle_tone(now, call, sequence_id, Tone::Tone5).ok());
            while let Some(done) = calls.poll_completion() {
                black_box(done);
            }
            next += 1;
        })
    });
    g.finish();
}

criterion_group!(benches, collector);
criterion_main!(benches);
