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

/// The request-body check: never panics; a body without errors has a valid
/// clientContext (or none), and writing what was read and checking it again
/// gives the same request and no errors; no diagnostic quotes a body value.
pub fn request_body(data: &[u8]) {
    use graph_comms_validate::{ClientContext, check_request_body};
    let check = check_request_body(data);
    if let Some(request) = &check.request {
        for diagnostic in check.diagnostics() {
            for value in request.extra.values().filter_map(|v| v.as_str()) {
                if value.len() >= 8 {
                    assert!(!diagnostic.message.contains(value), "a diagnostic quotes a body value");
                }
            }
        }
    }
    if check.has_errors() {
        return;
    }
    let request = check.request.as_ref().expect("no errors means the body was read");
    if let Some(context) = request.client_context.as_deref() {
        assert!(ClientContext::check(context).is_ok(), "an accepted clientContext breaks the rule");
    }
    let written = serde_json::to_vec(request).expect("a request writes");
    let again = check_request_body(&written);
    assert!(!again.has_errors(), "what we write does not pass our own check");
    assert!(again.request.as_ref() == Some(request), "the request changed across the round trip");
}

/// Path analysis: never panics; a subscribeToTone path without errors has a
/// call id that is a valid `CallId`; a suggested replacement analyses to the
/// same call id and query without being deprecated.
pub fn path(data: &[u8]) {
    use graph_comms_validate::analyze_subscribe_to_tone_path;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let analysis = analyze_subscribe_to_tone_path(text);
    if !analysis.has_errors() {
        assert!(analysis.is_subscribe_to_tone(), "a clean subscribeToTone check is the action");
        assert!(analysis.parsed_call_id().is_some(), "a clean path has a valid call id");
    }
    if let Some(replacement) = analysis.replacement() {
        let again = analyze_subscribe_to_tone_path(replacement);
        assert!(!again.is_deprecated(), "a replacement is itself deprecated");
        assert!(again.call_id() == analysis.call_id(), "a replacement changed the call id");
        assert!(again.query() == analysis.query(), "a replacement changed the query");
    }
}
