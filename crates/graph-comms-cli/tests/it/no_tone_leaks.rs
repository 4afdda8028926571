//! Tone data may not be persisted, and logs are persistence: every file under
//! fixtures/ (the documented examples, the real-world shapes and the whole
//! hostile corpus) goes through every parser, and no error text and no Debug
//! output that the libraries produce may contain a tone.
//!
//! (`graph-comms decode` prints tones on purpose: the user asked for them.)
//!
//! A recording's access token is a credential: the same holds for every
//! `recordingAccessToken` (and legacy `recordResourceAccessToken`) value in
//! the fixtures.

use graph_comms_models::{
    AnswerRequest, Call, CommsNotifications, CreateCallRequest, ODataError, Operation,
    PlayPromptRequest, RecordOperation, RecordResponseRequest, RejectRequest, SendDtmfTonesRequest,
    SubscribeToToneOperation, SubscribeToToneRequest, ToneInfo, UpdateRecordingStatusRequest,
};
use std::path::{Path, PathBuf};

/// Tone wire names that cannot be mistaken for other text (`a`–`d` can).
const TONE_NAMES: [&str; 13] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "flash",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

thread_local! {
    /// The recording access tokens of the file being checked.
    static SECRETS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Every non-empty string value of a token member anywhere in `value`.
fn tokens_in(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if let ("recordingAccessToken" | "recordResourceAccessToken", Some(token)) =
                    (key.as_str(), value.as_str())
                    && !token.is_empty()
                {
                    out.push(token.to_owned());
                }
                tokens_in(value, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| tokens_in(v, out)),
        _ => {}
    }
}

fn assert_clean(text: &str, what: &str, file: &Path) {
    let lower = text.to_ascii_lowercase();
    for name in TONE_NAMES {
        assert!(
            !lower.contains(name),
            "{what} of {} contains {name:?}: {text}",
            file.display()
        );
    }
    SECRETS.with(|secrets| {
        for secret in secrets.borrow().iter() {
            assert!(
                !text.contains(secret.as_str()),
                "{what} of {} contains a recording access token",
                file.display()
            );
        }
    });
}

/// Reads `bytes` as a `T` and checks the error or the Debug of the value.
fn read<T: serde::de::DeserializeOwned + std::fmt::Debug>(bytes: &[u8], file: &Path) {
    match graph_comms_models::from_slice::<T>(bytes) {
        Ok(value) => assert_clean(&format!("{value:?}"), "Debug", file),
        Err(err) => {
            assert_clean(&err.to_string(), "error", file);
            assert_clean(&format!("{err:?}"), "error Debug", file);
        }
    }
}

#[test]
fn no_library_output_contains_a_tone() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(
        all.len() > 100,
        "expected the whole fixtures tree, found {}",
        all.len()
    );
    let mut with_tokens = 0;
    for file in &all {
        let bytes = std::fs::read(file).unwrap();
        let mut tokens = Vec::new();
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            tokens_in(&value, &mut tokens);
        }
        with_tokens += usize::from(!tokens.is_empty());
        SECRETS.with(|secrets| *secrets.borrow_mut() = tokens);
        match CommsNotifications::from_slice(&bytes) {
            Ok(batch) => {
                assert_clean(&format!("{batch:?}"), "Debug", file);
                for event in batch.operation_events() {
                    match event {
                        Ok(event) => {
                            assert_clean(&format!("{event:?}"), "operation event Debug", file)
                        }
                        Err(err) => {
                            assert_clean(&err.to_string(), "operation event error", file);
                            assert_clean(&format!("{err:?}"), "operation event error Debug", file);
                        }
                    }
                }
                for event in batch.call_events() {
                    assert_clean(&format!("{event:?}"), "call event Debug", file);
                }
                for event in batch.tone_events() {
                    match event {
                        Ok(event) => assert_clean(&format!("{event:?}"), "event Debug", file),
                        Err(err) => {
                            assert_clean(&err.to_string(), "event error", file);
                            assert_clean(&format!("{err:?}"), "event error Debug", file);
                        }
                    }
                }
            }
            Err(err) => {
                assert_clean(&err.to_string(), "error", file);
                assert_clean(&format!("{err:?}"), "error Debug", file);
            }
        }
        read::<ToneInfo>(&bytes, file);
        read::<Call>(&bytes, file);
        read::<SubscribeToToneOperation>(&bytes, file);
        read::<SubscribeToToneRequest>(&bytes, file);
        read::<ODataError>(&bytes, file);
        read::<Operation>(&bytes, file);
        read::<RecordOperation>(&bytes, file);
        read::<PlayPromptRequest>(&bytes, file);
        read::<RecordResponseRequest>(&bytes, file);
        read::<SendDtmfTonesRequest>(&bytes, file);
        read::<UpdateRecordingStatusRequest>(&bytes, file);
        read::<AnswerRequest>(&bytes, file);
        read::<RejectRequest>(&bytes, file);
        read::<CreateCallRequest>(&bytes, file);
        for diagnostic in graph_comms_validate::check_request_body(&bytes).diagnostics() {
            assert_clean(&diagnostic.to_string(), "body diagnostic", file);
            assert_clean(&format!("{diagnostic:?}"), "body diagnostic Debug", file);
        }
        for action in graph_comms_validate::CallAction::ALL {
            let check = graph_comms_validate::check_action_body(action, &bytes);
            for diagnostic in check.diagnostics() {
                assert_clean(&diagnostic.to_string(), "action body diagnostic", file);
                assert_clean(
                    &format!("{diagnostic:?}"),
                    "action body diagnostic Debug",
                    file,
                );
            }
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let analysis = graph_comms_validate::analyze_subscribe_to_tone_path(text.trim());
            for diagnostic in analysis.diagnostics() {
                assert_clean(&diagnostic.message, "path diagnostic", file);
            }
        }
    }
    assert!(
        with_tokens >= 3,
        "expected fixtures with recording access tokens, found {with_tokens}"
    );
}
