//! The invariants the fuzz targets check, one function per parser: each
//! takes arbitrary bytes and panics (with a message that never quotes the
//! input) when an invariant fails; a panic is what the fuzzer reports.
//!
//! Two users, both through a path dependency: the fuzz targets of the
//! `fuzz/` workspace, and the replay test of the main workspace
//! (`crates/graph-comms-cli/tests/it/fuzz_replay.rs`), which runs every file of
//! `fuzz/corpus/<target>/` and `fuzz/artifacts/<target>/` through the same
//! function, so that `cargo test` keeps a fixed crash fixed without fuzzing.
//!
//! ```
//! // The replay of one input: no panic means every invariant holds.
//! graph_comms_fuzz_checks::path(b"/communications/calls/abc/subscribeToTone");
//! ```
//!
//! The scenario-file check (feature `scenario`) reads with the emulator, the
//! top of the workspace; its replay test is the emulator's.
//!
//! The auth checks (feature `auth`) sign tokens with the TEST-ONLY key of
//! `graph_comms_auth::testing`, so they are behind a feature that only the
//! fuzz targets and the replay test turn on.

#[cfg(feature = "auth")]
mod auth;
#[cfg(feature = "auth")]
pub use auth::{ECHO_WINDOW, jwks, now, openid_configuration, sign_raw, token, token_response};
#[cfg(feature = "scenario")]
mod scenario;
#[cfg(feature = "scenario")]
pub use scenario::scenario;

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
    assert!(
        again_events == events,
        "tone events changed across the round trip"
    );
    if let Ok(strict) = graph_comms_models::from_slice::<CommsNotifications>(data) {
        assert!(
            strict == batch,
            "the strict and the lenient reader disagree"
        );
    }
}

/// The request-body check: never panics; a body without errors has a valid
/// clientContext (or none), and writing what was read and checking it again
/// gives the same request and no errors; no diagnostic depends on (so none
/// quotes) the value of an unknown property.
pub fn request_body(data: &[u8]) {
    use graph_comms_validate::{ClientContext, check_request_body};
    let check = check_request_body(data);
    if let Some(request) = &check.request {
        // The same body with every string inside unknown properties replaced
        // by one of the same length must give the same diagnostics.
        let mut masked = request.clone();
        for value in masked.extra.values_mut() {
            mask_strings(value);
        }
        let messages = |r: &graph_comms_models::SubscribeToToneRequest| -> Vec<String> {
            let bytes = serde_json::to_vec(r).expect("a request writes");
            let check = check_request_body(&bytes);
            check.diagnostics().iter().map(|d| d.to_string()).collect()
        };
        assert!(
            messages(request) == messages(&masked),
            "a diagnostic depends on a body value"
        );
    }
    if check.has_errors() {
        return;
    }
    let request = check
        .request
        .as_ref()
        .expect("no errors means the body was read");
    if let Some(context) = request.client_context.as_deref() {
        assert!(
            ClientContext::check(context).is_ok(),
            "an accepted clientContext breaks the rule"
        );
    }
    let written = serde_json::to_vec(request).expect("a request writes");
    let again = check_request_body(&written);
    assert!(
        !again.has_errors(),
        "what we write does not pass our own check"
    );
    assert!(
        again.request.as_ref() == Some(request),
        "the request changed across the round trip"
    );
}

/// The request-body check of every call action: never panics; bytes that
/// are not JSON always get an error (a hang up, which takes no body, a
/// warning at least); and no diagnostic quotes a string value of the body:
/// when a message contains one (8 characters or more), it still does with
/// that value masked, so the text is the message's own (a property name, a
/// documented example), not the body's.
pub fn action_body(data: &[u8]) {
    use graph_comms_validate::{CallAction, check_action_body};
    let text = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let parsed = serde_json::from_slice::<serde_json::Value>(text).ok();
    let mut strings = Vec::new();
    if let Some(value) = &parsed {
        long_strings(value, &mut strings);
    }
    for action in CallAction::ALL {
        let check = check_action_body(action, data);
        if parsed.is_none() {
            if action.has_body() {
                assert!(
                    check.has_errors(),
                    "bytes that are not JSON passed a body check"
                );
            } else if !text.iter().all(u8::is_ascii_whitespace) {
                assert!(
                    !check.diagnostics().is_empty(),
                    "a hang-up body went unnoticed"
                );
            }
        }
        let Some(value) = &parsed else { continue };
        for s in &strings {
            if !check
                .diagnostics()
                .iter()
                .any(|d| d.message.contains(s.as_str()))
            {
                continue;
            }
            let mut masked = value.clone();
            mask_string(&mut masked, s);
            let bytes = serde_json::to_vec(&masked).expect("a value writes");
            let again = check_action_body(action, &bytes);
            assert!(
                again
                    .diagnostics()
                    .iter()
                    .any(|d| d.message.contains(s.as_str())),
                "a diagnostic quotes a body value"
            );
        }
    }
}

/// The string values (not keys) of at least 8 characters in `value`.
fn long_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) if text.chars().count() >= 8 => out.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| long_strings(v, out)),
        serde_json::Value::Object(members) => members.values().for_each(|v| long_strings(v, out)),
        _ => {}
    }
}

/// Replaces every string value equal to `target` by `~` repeated as many
/// times as it has characters.
fn mask_string(value: &mut serde_json::Value, target: &str) {
    match value {
        serde_json::Value::String(text) if text == target => {
            *text = "~".repeat(text.chars().count());
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| mask_string(v, target)),
        serde_json::Value::Object(members) => {
            members.values_mut().for_each(|v| mask_string(v, target));
        }
        _ => {}
    }
}

/// Replaces every string in a JSON value by `~` repeated as many times as it
/// has characters.
fn mask_strings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => *text = "~".repeat(text.chars().count()),
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask_strings),
        serde_json::Value::Object(members) => members.values_mut().for_each(mask_strings),
        _ => {}
    }
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
        assert!(
            analysis.is_subscribe_to_tone(),
            "a clean subscribeToTone check is the action"
        );
        assert!(
            analysis.parsed_call_id().is_some(),
            "a clean path has a valid call id"
        );
    }
    if let Some(replacement) = analysis.replacement() {
        let again = analyze_subscribe_to_tone_path(replacement);
        assert!(!again.is_deprecated(), "a replacement is itself deprecated");
        assert!(
            again.call_id() == analysis.call_id(),
            "a replacement changed the call id"
        );
        assert!(
            again.query() == analysis.query(),
            "a replacement changed the query"
        );
    }
}

/// Feeding the DTMF collector: the bytes are a script of operations on a
/// per-call map (tones with arbitrary sequence ids and tones for a handful of
/// calls, timeouts, ended calls, tracked (type-ahead) and started calls, and
/// a save-and-restore of the whole state). Nothing panics; the map never
/// tracks more calls than its limit; a restored copy is identical to the
/// original; completed digits are key characters, and a completion's Debug
/// never shows them; an ended call never signals a first key.
pub fn collector(data: &[u8]) {
    use graph_comms_dtmf::{CallCollectors, CallLimits, CollectorOptions, Timestamp};
    use graph_comms_models::Tone;
    use std::time::Duration;

    const CALLS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
    const MAX_CALLS: usize = 4;
    let options = CollectorOptions::new()
        .with_max_digits(8)
        .with_type_ahead(3);
    let limits = CallLimits::default()
        .with_max_calls(MAX_CALLS)
        .with_idle_timeout(Duration::from_secs(30));
    let mut map = CallCollectors::new(options, limits).expect("valid options");
    let mut now = 0u64;
    for op in data.chunks(4) {
        let [kind, a, b, c] = [0, 1, 2, 3].map(|i| op.get(i).copied().unwrap_or(0));
        now += u64::from(c) * 97;
        let at = Timestamp::from_millis(now);
        let call = CALLS[usize::from(a) % CALLS.len()];
        match kind % 12 {
            0..=5 => {
                // Mostly small ids near the start, sometimes anywhere in i64.
                let sequence_id = if kind & 0x80 == 0 {
                    i64::from(b % 24)
                } else {
                    i64::from_le_bytes([b, c, a, kind, b, c, a, b])
                };
                let tone = match Tone::KNOWN.get(usize::from(c) % 18) {
                    Some(tone) => tone.clone(),
                    None => Tone::from("tone42"),
                };
                let _ = map.handle_tone(at, call, sequence_id, tone);
            }
            6 => map.handle_timeout(at),
            7 => {
                let _ = map.end_call(at, call);
            }
            8 => map.cancel(at, call),
            10 => {
                let _ = map.track(at, call);
            }
            11 => {
                let _ = map.start(at, call);
            }
            _ => {
                let saved = serde_json::to_vec(&map).expect("the state serialises");
                let restored: CallCollectors =
                    serde_json::from_slice(&saved).expect("a saved state reads back");
                let saved_again = serde_json::to_vec(&restored).expect("the state serialises");
                assert!(
                    saved == saved_again,
                    "a restored state differs from the original"
                );
                map = restored;
            }
        }
        assert!(map.len() <= MAX_CALLS, "more calls tracked than the limit");
        while let Some(key) = map.poll_first_key() {
            assert!(
                !(kind % 12 == 7 && key.call_id == call),
                "a call that just ended signalled a first key"
            );
        }
        while let Some(done) = map.poll_completion() {
            let digits = done.completion.digits.expose();
            assert!(
                digits.chars().all(|c| "0123456789*#ABCD".contains(c)),
                "a digit that is not a key"
            );
            assert!(
                format!("{done:?}").contains("redacted"),
                "a completion's Debug shows digits"
            );
        }
    }
}

/// Inbound callback parsing: the first byte picks the method, the content
/// type and whether a Content-Length is sent; the rest is the body. Nothing
/// panics; an accepted callback was a POST within the limits whose body reads
/// to the same notifications on its own; every refusal answers a 4xx.
pub fn callback(data: &[u8]) {
    use graph_comms_http::{CallbackReader, http::Request};
    const MAX_BODY: usize = 4096;
    const MAX_NOTIFICATIONS: usize = 8;
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_types = [
        "application/json",
        "application/json; charset=Windows-1252",
        "APPLICATION/JSON;charset=utf-8",
        "application/vnd.graph+json",
        "text/plain",
    ];
    let content_type = content_types[usize::from(selector) % content_types.len()];
    let method = if selector & 0x80 == 0 { "POST" } else { "PUT" };
    let mut builder = Request::builder()
        .method(method)
        .uri("/api/calls")
        .header("content-type", content_type);
    if selector & 0x40 != 0 {
        builder = builder.header("content-length", body.len().to_string());
    }
    let request = builder.body(body.to_vec()).expect("a well-formed request");
    let reader = CallbackReader::new()
        .with_max_body_bytes(MAX_BODY)
        .with_max_notifications(MAX_NOTIFICATIONS);
    match reader.read(&request) {
        Ok(callback) => {
            assert!(
                method == "POST",
                "a callback that is not a POST was accepted"
            );
            assert!(body.len() <= MAX_BODY, "a body over the limit was accepted");
            let batch = callback.notifications();
            assert!(
                batch.value.len() <= MAX_NOTIFICATIONS,
                "a batch over the limit was accepted"
            );
            let alone = graph_comms_models::CommsNotifications::from_slice(body)
                .expect("an accepted body reads on its own");
            assert!(&alone == batch, "the reader and the models disagree");
            notifications(body);
        }
        Err(err) => assert!(
            err.status().is_client_error(),
            "a refusal that is not a 4xx"
        ),
    }
}

/// Request building: the bytes are a call id, then (after a NUL) a bearer
/// token. A call id is refused exactly when `CallId` refuses it; otherwise the
/// request path has exactly the canonical segments, the id is one segment
/// that decodes back to itself, and there is no query. A token with CR or LF
/// is always refused.
pub fn request(data: &[u8]) {
    use graph_comms_http::{AccessToken, SubscribeToTone};
    use graph_comms_validate::{CallId, analyze_path};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (id, token) = text.split_once('\u{0}').unwrap_or((text, ""));
    match SubscribeToTone::builder().call_id(id).build() {
        Err(_) => assert!(CallId::check(id).is_err(), "a valid call id was refused"),
        Ok(built) => {
            assert!(CallId::check(id).is_ok(), "an invalid call id was accepted");
            let request = built.to_request();
            let uri = request.uri();
            assert!(uri.query().is_none(), "the call id made a query");
            assert!(
                uri.host() == Some("graph.microsoft.com"),
                "the call id changed the host"
            );
            let segments: Vec<&str> = uri.path().split('/').collect();
            assert!(
                segments.len() == 6,
                "the call id changed the number of segments"
            );
            assert!(segments[..4] == ["", "v1.0", "communications", "calls"]);
            assert!(segments[5] == "subscribeToTone");
            let analysis = analyze_path(uri.path());
            assert!(
                analysis.decoded_call_id().as_deref() == Some(id),
                "the encoded id does not decode back to itself"
            );
        }
    }
    if token.contains(['\r', '\n']) {
        assert!(
            AccessToken::new(token).is_err(),
            "a token with CR or LF was accepted"
        );
    }
}
