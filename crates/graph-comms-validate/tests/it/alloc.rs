//! Validating a clientContext or a call id, and analysing a clean path,
//! allocate nothing.
//!
//! `allocation-counter` (the workspace's counting allocator, also used by the
//! models' allocation test) installs a counting global allocator that counts
//! per thread, so tests running in parallel do not disturb each other. The
//! workspace forbids `unsafe`, so a test cannot implement `GlobalAlloc` itself.

use graph_comms_validate::{
    CallId, ClientContext, ClientContextErrorKind, PathTarget, analyze_path,
    analyze_subscribe_to_tone_path,
};
use std::hint::black_box;

/// Allocations (and reallocations) made by `f` on this thread; the result is
/// dropped after counting, and frees are not counted.
fn allocations<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(black_box(f())));
    (info.count_total, out.expect("measure runs the closure"))
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

#[test]
fn the_counter_counts() {
    // Without this, a counter that never counts would pass every test below.
    let (n, _) = allocations(|| String::from("counted"));
    assert!(
        n >= 1,
        "the counting allocator saw no allocation for String::from"
    );
    let (n, a) = allocations(|| analyze_path("/app/calls/abc/subscribeToTone"));
    assert!(!a.diagnostics().is_empty());
    assert!(n >= 1, "a diagnostic allocates its message");
}

#[test]
fn checking_a_client_context_allocates_nothing() {
    let cases = [
        ("uuid", "fd1c7836-4d84-4e24-b6aa-23188688cc54".to_owned()),
        ("256 é", "é".repeat(256)),
        ("256 ASCII", "x".repeat(256)),
        ("256 emoji", "😀".repeat(256)),
    ];
    for (name, value) in &cases {
        let (n, result) = allocations(|| ClientContext::check(black_box(value)));
        assert_eq!(result, Ok(()), "{name} is a valid clientContext");
        assert_eq!(n, 0, "ClientContext::check({name}) allocated {n} times");
    }
    // Refusing does not allocate either.
    let too_long = "é".repeat(257);
    let (n, result) = allocations(|| ClientContext::check(black_box(&too_long)));
    assert_eq!(
        result.map_err(|e| (e.kind(), e.chars())),
        Err((ClientContextErrorKind::TooLong, 257))
    );
    assert_eq!(n, 0, "a refused clientContext allocated {n} times");
    // Shown by `cargo xtask bench`.
    println!(
        "ClientContext::check: 0 allocations in each of {} cases",
        cases.len() + 1
    );
}

#[test]
fn checking_a_call_id_allocates_nothing() {
    let (n, result) = allocations(|| CallId::check(black_box("57DAB8B1894C409AB240BD8BEAE78896")));
    assert_eq!(result, Ok(()));
    assert_eq!(n, 0, "CallId::check allocated {n} times");
}

#[test]
fn analysing_a_clean_path_allocates_nothing() {
    for &path in CLEAN_PATHS {
        let (n, analysis) = allocations(|| analyze_subscribe_to_tone_path(black_box(path)));
        assert!(
            analysis.diagnostics().is_empty(),
            "{path}: unexpected diagnostics {:?}",
            analysis.diagnostics()
        );
        assert!(analysis.is_subscribe_to_tone(), "{path}");
        assert_eq!(n, 0, "analysing {path} allocated {n} times");
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
    // Shown by `cargo xtask bench`.
    println!(
        "clean path analysis: 0 allocations for each of {} paths",
        CLEAN_PATHS.len() + 1
    );
}
