//! Validating a clientContext or a call id, and analysing a clean path,
//! allocate nothing.
//!
//! A counting global allocator wraps the system one. This test runs without
//! the libtest harness (`harness = false` in Cargo.toml): `main` is the only
//! thread, so nothing else allocates while a region is counted.

use graph_comms_validate::{
    CallId, ClientContext, ClientContextError, PathTarget, analyze_path,
    analyze_subscribe_to_tone_path,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::hint::black_box;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations made by `f` (its result is dropped after
/// counting; frees are not counted).
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let region = Region::new(GLOBAL);
    let out = black_box(f());
    let change = region.change();
    (change.allocations + change.reallocations, out)
}

const CLEAN_PATHS: &[&str] = &[
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/v1.0/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/subscribeToTone",
    "/beta/Communications/CALLS/57dab8b1-894c-409a-b240-bd8beae78896/SubscribeToTone/",
    "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1#top",
    "https://graph.microsoft.us/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://DOD-GRAPH.microsoft.us:443/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/microsoft.graph.subscribeToTone",
    "graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/v1.0/communications/calls/a%41b/subscribeToTone",
];

fn main() {
    let mut passed = 0;

    // The counter counts: without this, a broken counter would pass everything.
    let (n, _) = allocations(|| String::from("counted"));
    assert!(
        n >= 1,
        "the counting allocator saw no allocation for String::from"
    );
    let (n, a) = allocations(|| analyze_path("/app/calls/abc/subscribeToTone"));
    assert!(
        n >= 1 && !a.diagnostics().is_empty(),
        "a diagnostic allocates its message"
    );
    passed += 1;

    let uuid = "fd1c7836-4d84-4e24-b6aa-23188688cc54".to_owned();
    let accented = "é".repeat(256);
    let ascii = "x".repeat(256);
    let emoji = "😀".repeat(256);
    let too_long = "é".repeat(257);
    for (name, value) in [
        ("uuid", &uuid),
        ("256 é", &accented),
        ("256 ASCII", &ascii),
        ("256 emoji", &emoji),
    ] {
        let (n, result) = allocations(|| ClientContext::check(black_box(value)));
        assert_eq!(result, Ok(()), "{name} is a valid clientContext");
        assert_eq!(n, 0, "ClientContext::check({name}) allocated {n} times");
        passed += 1;
    }
    let (n, result) = allocations(|| ClientContext::check(black_box(&too_long)));
    assert_eq!(result, Err(ClientContextError::TooLong { chars: 257 }));
    assert_eq!(n, 0, "a refused clientContext allocated {n} times");
    passed += 1;

    let (n, result) = allocations(|| CallId::check(black_box("57DAB8B1894C409AB240BD8BEAE78896")));
    assert_eq!(result, Ok(()));
    assert_eq!(n, 0, "CallId::check allocated {n} times");
    passed += 1;

    for &path in CLEAN_PATHS {
        let (n, analysis) = allocations(|| analyze_subscribe_to_tone_path(black_box(path)));
        assert!(
            analysis.diagnostics().is_empty(),
            "{path}: unexpected diagnostics {:?}",
            analysis.diagnostics()
        );
        assert!(analysis.is_subscribe_to_tone(), "{path}");
        assert_eq!(n, 0, "analysing {path} allocated {n} times");
        passed += 1;
    }

    let (n, analysis) = allocations(|| {
        analyze_path(black_box(
            "https://graph.microsoft.com/v1.0/communications/calls/abc/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
        ))
    });
    assert_eq!(
        analysis.target(),
        PathTarget::Operation("0fe0623f-d628-42ed-b4bd-8ac290072cc5")
    );
    assert!(analysis.diagnostics().is_empty());
    assert_eq!(n, 0, "analysing an operation path allocated {n} times");
    passed += 1;

    println!("alloc: {passed} passed, 0 failed");
}
