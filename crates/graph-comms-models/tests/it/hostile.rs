//! Hostile callback bodies (fixtures/invalid/notifications and generated
//! ones): each gives a clear result, snapshotted, never a panic, and no
//! error text or Debug output contains a tone.

use graph_comms_models::{
    AnswerRequest, CancelMediaProcessingRequest, CommsNotifications, CreateCallRequest,
    PlayPromptRequest, ReadError, RecordResponseRequest, RejectRequest, SendDtmfTonesRequest,
    UpdateRecordingStatusRequest,
};
use std::fmt::Write;

/// Tone wire names that cannot be mistaken for other text.
const TONE_NAMES: [&str; 13] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "flash",
];

fn assert_no_tone(text: &str) {
    for name in TONE_NAMES {
        assert!(!text.contains(name), "{name:?} leaked into: {text}");
    }
}

fn describe_error(err: &ReadError) -> String {
    format!(
        "error\n  kind: {:?}\n  path: {}\n  line: {:?}\n  column: {:?}\n  message: {}\n",
        err.kind(),
        err.path(),
        err.line(),
        err.column(),
        err.message()
    )
}

/// What reading `bytes` gives, as text for a snapshot; checks that nothing
/// the library printed contains a tone.
fn outcome(bytes: &[u8]) -> String {
    match CommsNotifications::from_slice(bytes) {
        Err(err) => {
            assert_no_tone(&err.to_string());
            assert_no_tone(&format!("{err:?}"));
            describe_error(&err)
        }
        Ok(batch) => {
            assert_no_tone(&format!("{batch:?}"));
            let mut out = format!("read\n  notifications: {}\n", batch.value.len());
            for event in batch.tone_events() {
                match event {
                    Ok(e) => {
                        assert_no_tone(&format!("{e:?}"));
                        writeln!(
                            out,
                            "  tone event: sequence {} in call {:?}",
                            e.sequence_id, e.call_id
                        )
                        .unwrap();
                    }
                    Err(e) => {
                        assert_no_tone(&e.to_string());
                        assert_no_tone(&format!("{e:?}"));
                        writeln!(out, "  per-item error: {e}").unwrap();
                    }
                }
            }
            // What was read writes back and reads to the same value.
            let written = serde_json::to_vec(&batch).unwrap();
            assert_eq!(CommsNotifications::from_slice(&written).unwrap(), batch);
            out
        }
    }
}

#[test]
fn hostile_files() {
    insta::glob!(
        "../../../../fixtures/invalid",
        "notifications/*.json",
        |path| {
            let bytes = std::fs::read(path).unwrap();
            insta::assert_snapshot!(outcome(&bytes));
        }
    );
}

const URL: &str = "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896";

fn with_tone_info(tone_info: &str) -> Vec<u8> {
    format!(
        r##"{{"value":[{{"changeType":"updated","resourceUrl":"{URL}","resourceData":{{"@odata.type":"#microsoft.graph.call","toneInfo":{tone_info}}}}}]}}"##
    )
    .into_bytes()
}

#[test]
fn nesting_100_000_levels_deep_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let inner = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // Inside an unknown property of a call (kept as JSON), inside resourceData,
    // and at the root.
    let in_call = with_tone_info(&format!(
        r#"{{"sequenceId":1,"tone":"tone1","deep":{inner}}}"#
    ));
    insta::assert_snapshot!("deep_in_call", outcome(&in_call));
    insta::assert_snapshot!("deep_at_root", outcome(inner.as_bytes()));
    let objects = format!("{}{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    insta::assert_snapshot!("deep_objects", outcome(objects.as_bytes()));
}

#[test]
fn a_ten_megabyte_string_is_read() {
    let long = "x".repeat(10 * 1024 * 1024);
    let bytes = format!(
        r##"{{"value":[{{"changeType":"updated","resourceUrl":"{URL}","resourceData":{{"@odata.type":"#microsoft.graph.call","subject":"{long}","toneInfo":{{"sequenceId":1,"tone":"tone1"}}}}}}]}}"##
    );
    insta::assert_snapshot!(outcome(bytes.as_bytes()));
}

#[test]
fn a_tone_in_a_numeric_field_never_reaches_the_error() {
    for tone in TONE_NAMES {
        let bytes = with_tone_info(&format!(r#"{{"sequenceId":"{tone}","tone":"{tone}"}}"#));
        let out = outcome(&bytes);
        assert!(out.contains("per-item error"), "{out}");
        let strict = graph_comms_models::from_slice::<CommsNotifications>(&bytes).unwrap_err();
        assert_no_tone(&strict.to_string());
    }
}

#[test]
fn nesting_limit_boundary_is_127_levels() {
    // root object, `value` array, notification object, then arrays in an
    // unknown property: `total` levels in all.
    let body = |total: usize| {
        let inner = total - 3;
        format!(
            r#"{{"value":[{{"x":{}{}}}]}}"#,
            "[".repeat(inner),
            "]".repeat(inner)
        )
    };
    assert!(CommsNotifications::from_slice(body(graph_comms_models::MAX_DEPTH).as_bytes()).is_ok());
    let err = CommsNotifications::from_slice(body(graph_comms_models::MAX_DEPTH + 1).as_bytes())
        .unwrap_err();
    assert_eq!(err.message(), "recursion limit exceeded");
}

/// What reading a request body as a `T` gives, for a snapshot: the error, or
/// the (redacted) Debug of what was read. Neither may contain a tone.
fn body_outcome<T>(bytes: &[u8]) -> String
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug + PartialEq,
{
    match graph_comms_models::from_slice::<T>(bytes) {
        Err(err) => {
            assert_no_tone(&err.to_string());
            assert_no_tone(&format!("{err:?}"));
            describe_error(&err)
        }
        Ok(body) => {
            let debug = format!("{body:#?}");
            assert_no_tone(&debug);
            let written = serde_json::to_vec(&body).unwrap();
            assert_eq!(graph_comms_models::from_slice::<T>(&written).unwrap(), body);
            format!("read\n{debug}\n")
        }
    }
}

/// The hostile request bodies of the IVR actions (fixtures/invalid/action-bodies):
/// each read with the type its file name's prefix names.
#[test]
fn hostile_action_bodies() {
    insta::glob!(
        "../../../../fixtures/invalid",
        "action-bodies/*.json",
        |path| {
            let bytes = std::fs::read(path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let out = match name.split('-').next().unwrap() {
                "play" => body_outcome::<PlayPromptRequest>(&bytes),
                "record" => body_outcome::<RecordResponseRequest>(&bytes),
                "cancel" => body_outcome::<CancelMediaProcessingRequest>(&bytes),
                "send" => body_outcome::<SendDtmfTonesRequest>(&bytes),
                "update" => body_outcome::<UpdateRecordingStatusRequest>(&bytes),
                "answer" => body_outcome::<AnswerRequest>(&bytes),
                "reject" => body_outcome::<RejectRequest>(&bytes),
                "create" => body_outcome::<CreateCallRequest>(&bytes),
                _ => panic!("{name}: no request type for this prefix"),
            };
            insta::assert_snapshot!(out);
        }
    );
}
