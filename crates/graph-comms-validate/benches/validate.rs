//! The checks a bot runs before every request: clientContext validation and
//! path analysis (a clean path, absolute and relative, and a deprecated one,
//! which also builds its replacement). `cargo xtask bench` prints the table.

use criterion::{Criterion, criterion_group, criterion_main};
use graph_comms_validate::{ClientContext, analyze_subscribe_to_tone_path};
use std::hint::black_box;

fn validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    let context = "fd1c7836-4d84-4e24-b6aa-23188688cc54";
    assert!(ClientContext::check(context).is_ok());
    g.bench_function("client_context_check", |b| {
        b.iter(|| ClientContext::check(black_box(context)))
    });

    let clean = "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone";
    let relative = "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone";
    let deprecated = "https://graph.microsoft.com/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1";
    assert!(
        analyze_subscribe_to_tone_path(clean)
            .diagnostics()
            .is_empty()
    );
    assert!(
        analyze_subscribe_to_tone_path(relative)
            .diagnostics()
            .is_empty()
    );
    assert!(analyze_subscribe_to_tone_path(deprecated).is_deprecated());
    g.bench_function("path_clean_absolute", |b| {
        b.iter(|| analyze_subscribe_to_tone_path(black_box(clean)))
    });
    g.bench_function("path_clean_relative", |b| {
        b.iter(|| analyze_subscribe_to_tone_path(black_box(relative)))
    });
    g.bench_function("path_deprecated", |b| {
        b.iter(|| analyze_subscribe_to_tone_path(black_box(deprecated)))
    });
    g.finish();
}

criterion_group!(benches, validate);
criterion_main!(benches);
