//! Invariant checks over arbitrary bytes, one function per parser. Each
//! panics (with a message that never quotes the input) when an invariant
//! fails; a panic is what the fuzzer reports.

use graph_comms_models::CommsNotifications;

/// Callback bodies: reading never panics; what reads writes back and reads to
/// the same value; tone extraction never panics and is stable across the
/// round trip; a tone's Debug is always redacted; the strict reader agrees
/// with the lenient one whenever it succeeds.
pub fn notifications(data: &[u8]) {
    let Ok(batch) = CommsNotifications::from_slice(data) else {
        return;
    };
    let events: Vec<_> = batch.tone_events().collect();
    for event in events.iter().flatten() {
        assert_eq!(format!("{:?}", event.tone), "Tone(<redacted>)");
    }
    let written = serde_json::to_vec(&batch).expect("a batch that was read can be written");
    let again = CommsNotifications::from_slice(&written).expect("what we write reads back");
    assert!(again == batch, "read → write → read changed the batch");
    let again_events: Vec<_> = again.tone_events().collect();
    assert!(again_events == events, "tone events changed across the round trip");
    if let Ok(strict) = graph_comms_models::from_slice::<CommsNotifications>(data) {
        assert!(strict == batch, "the strict and the lenient reader disagree");
    }
}
