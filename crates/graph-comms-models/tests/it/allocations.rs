//! Allocation counts, with the counting global allocator of `allocation-counter`.
//!
//! Run with `--nocapture` to see the figures; `cargo xtask bench` prints them.

use graph_comms_models::CommsNotifications;

/// Allocations made by `f` on this thread (allocation-counter installs a
/// counting global allocator, per thread, so parallel tests do not interfere).
fn count<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    (out.expect("ran"), info.count_total)
}

const TONES: [&str; 17] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "a", "b", "c", "d", "flash",
];

fn batch(n: usize) -> Vec<u8> {
    let items: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896","resourceData":{{"@odata.type":"#microsoft.graph.call","state":"established","toneInfo":{{"@odata.type":"#microsoft.graph.toneInfo","sequenceId":{i},"tone":"{}"}}}}}}"##,
                TONES[(i - 1) % 17]
            )
        })
        .collect();
    format!(
        r##"{{"@odata.type":"#microsoft.graph.commsNotifications","value":[{}]}}"##,
        items.join(",")
    )
    .into_bytes()
}

#[test]
fn decoding_allocates_about_two_blocks_per_tone_notification() {
    let bytes = batch(1000);
    let (decoded, allocations) = count(|| CommsNotifications::from_slice(&bytes).unwrap());
    let per_notification = allocations as f64 / 1000.0;
    println!(
        "decode: {allocations} allocations for 1000 notifications ({per_notification:.3} each)"
    );
    // One String for resourceUrl, one Box for the call, and the growth of the
    // `value` vector (amortised, a handful in all). Known enums and known
    // @odata.types allocate nothing.
    assert!(allocations >= 2000, "fewer than expected: {allocations}");
    assert!(
        allocations <= 2000 + 16,
        "allocations per notification regressed: {allocations}"
    );

    let (events, allocations) = count(|| decoded.tone_events().filter(Result::is_ok).count());
    assert_eq!(events, 1000);
    println!("tone extraction: {allocations} allocations for 1000 events");
    assert_eq!(allocations, 0, "tone extraction must not allocate");
}

#[test]
fn the_documented_notification_allocates_two_blocks_and_the_batch_vector() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/notifications/documented-tone.json"
    ))
    .unwrap();
    let (_, allocations) = count(|| CommsNotifications::from_slice(&bytes).unwrap());
    println!("documented notification: {allocations} allocations");
    assert_eq!(allocations, 3);
}

#[test]
fn operation_and_call_events_allocate_nothing_in_usual_batches() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/action-notifications/"
    );
    let mut checked = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let batch = CommsNotifications::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let (events, allocations) = count(|| batch.operation_events().count());
        assert_eq!(
            allocations,
            0,
            "{}: operation_events allocated",
            path.display()
        );
        let (calls, allocations) = count(|| batch.call_events().count());
        assert_eq!(allocations, 0, "{}: call_events allocated", path.display());
        checked += usize::from(events + calls > 0);
    }
    println!("operation and call events: 0 allocations in {checked} documented batches");
    assert!(checked >= 15, "{checked}");
}

/// Past the inline few, the set that de-duplicates finished operations is
/// sized once for the notifications left: one allocation for a batch of
/// 600 operations, not one per growth.
#[test]
fn many_operations_allocate_the_dedup_set_once() {
    let items: Vec<String> = (0..600)
        .map(|i| {
            format!(
                r##"{{"changeType":"deleted","resourceUrl":"/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-{i:012x}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","status":"completed"}}}}"##
            )
        })
        .collect();
    let body = format!(r#"{{"value":[{}]}}"#, items.join(","));
    let batch = CommsNotifications::from_slice(body.as_bytes()).unwrap();
    let (events, allocations) = count(|| batch.operation_events().count());
    assert_eq!(events, 600);
    assert_eq!(allocations, 1, "operation_events on 600 operations");
    println!("operation events: {allocations} allocation for 600 finished operations");
}
