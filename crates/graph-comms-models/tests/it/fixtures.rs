//! Every fixture is read, snapshotted (the model's Debug and the JSON written
//! back), checked to be a fixed point of read → write → read, and compared
//! with what it was up to the documented normalisations.

use graph_comms_models::{
    AnswerRequest, Call, CancelMediaProcessingOperation, CancelMediaProcessingRequest,
    CommsNotifications, CommsOperation, CreateCallRequest, ODataError, PlayPromptOperation,
    PlayPromptRequest, RecordOperation, RecordResponseRequest, RejectRequest,
    SendDtmfTonesOperation, SendDtmfTonesRequest, SubscribeToToneOperation, SubscribeToToneRequest,
    UpdateRecordingStatusOperation, UpdateRecordingStatusRequest,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;
use std::path::Path;

fn check<T>(kind: &str, path: &Path, read: impl Fn(&[u8]) -> T)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    let bytes = std::fs::read(path).unwrap();
    let model = read(&bytes);
    let written = serde_json::to_vec(&model).unwrap();
    let again = read(&written);
    assert_eq!(again, model, "read → write → read is not a fixed point");
    assert_eq!(serde_json::to_vec(&again).unwrap(), written);

    let original: Value = serde_json::from_slice(&bytes).unwrap();
    let written_value: Value = serde_json::from_slice(&written).unwrap();
    assert_equivalent(&original, &written_value, "$");

    insta::assert_debug_snapshot!(format!("{kind}-model"), model);
    insta::assert_json_snapshot!(format!("{kind}-written"), written_value);
}

/// Equality up to the normalisations the README documents: `null` members
/// are dropped, enum values and known `@odata.type`s are written in canonical
/// case (with `#`), dates are written in canonical RFC 3339 UTC form, and the
/// aliases `innererror`/`requestId` are written as `innerError`/`request-id`.
fn assert_equivalent(original: &Value, written: &Value, path: &str) {
    match (original, written) {
        (Value::Object(a), Value::Object(b)) => {
            let alias = |k: &str| match k {
                "innererror" => "innerError".to_owned(),
                "requestId" => "request-id".to_owned(),
                other => other.to_owned(),
            };
            let a: Vec<(String, &Value)> = a
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (alias(k), v))
                .collect();
            let b: Vec<(&String, &Value)> = b.iter().filter(|(_, v)| !v.is_null()).collect();
            assert_eq!(a.len(), b.len(), "members differ at {path}: {a:?} vs {b:?}");
            for (key, value) in a {
                let other = b
                    .iter()
                    .find(|(k, _)| **k == key)
                    .unwrap_or_else(|| panic!("{path}.{key} was not written"))
                    .1;
                assert_equivalent(value, other, &format!("{path}.{key}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "array length differs at {path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_equivalent(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::String(a), Value::String(b)) if a != b => {
            let same_name = a
                .trim_start_matches('#')
                .eq_ignore_ascii_case(b.trim_start_matches('#'));
            let same_time = matches!(
                (graph_date_time(a), graph_date_time(b)),
                (Some(x), Some(y)) if x == y
            );
            assert!(same_name || same_time, "{path}: {a:?} written as {b:?}");
        }
        (a, b) => assert_eq!(a, b, "value differs at {path}"),
    }
}

/// A Graph date-time read as the models read one (through the public
/// `InnerError::date_time`).
fn graph_date_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let inner: graph_comms_models::InnerError =
        serde_json::from_value(serde_json::json!({ "date": text })).ok()?;
    inner.date_time()
}

fn strict<T: DeserializeOwned>(bytes: &[u8]) -> T {
    graph_comms_models::from_slice(bytes).unwrap()
}

#[test]
fn requests() {
    insta::glob!("../../../../fixtures", "requests/*.json", |path| {
        check("requests", path, strict::<SubscribeToToneRequest>)
    });
}

#[test]
fn operations() {
    insta::glob!("../../../../fixtures", "operations/*.json", |path| {
        check("operations", path, strict::<SubscribeToToneOperation>)
    });
}

#[test]
fn notifications() {
    insta::glob!("../../../../fixtures", "notifications/*.json", |path| {
        // Every notification fixture reads strictly as well.
        let bytes = std::fs::read(path).unwrap();
        let strict: CommsNotifications = graph_comms_models::from_slice(&bytes).unwrap();
        check("notifications", path, |b| {
            CommsNotifications::from_slice(b).unwrap()
        });
        assert_eq!(strict, CommsNotifications::from_slice(&bytes).unwrap());
    });
}

#[test]
fn partial_batches() {
    insta::glob!("../../../../fixtures", "partial/*.json", |path| {
        let bytes = std::fs::read(path).unwrap();
        assert!(
            graph_comms_models::from_slice::<CommsNotifications>(&bytes).is_err(),
            "a partial fixture must fail the strict read"
        );
        check("partial", path, |b| {
            CommsNotifications::from_slice(b).unwrap()
        });
    });
}

#[test]
fn calls() {
    insta::glob!("../../../../fixtures", "calls/*.json", |path| check(
        "calls",
        path,
        strict::<Call>
    ));
}

#[test]
fn errors() {
    insta::glob!("../../../../fixtures", "errors/*.json", |path| check(
        "errors",
        path,
        strict::<ODataError>
    ));
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The request bodies of the IVR actions: the file name's prefix names the
/// action (the beta `record` action takes the recordResponse body).
#[test]
fn action_requests() {
    insta::glob!("../../../../fixtures", "action-requests/*.json", |path| {
        let name = file_name(path);
        let kind = "action-requests";
        match name.split('-').next().unwrap() {
            "play" => check(kind, path, strict::<PlayPromptRequest>),
            "record" => check(kind, path, strict::<RecordResponseRequest>),
            "cancel" => check(kind, path, strict::<CancelMediaProcessingRequest>),
            "send" => check(kind, path, strict::<SendDtmfTonesRequest>),
            "update" => check(kind, path, strict::<UpdateRecordingStatusRequest>),
            "answer" => check(kind, path, strict::<AnswerRequest>),
            "reject" => check(kind, path, strict::<RejectRequest>),
            "create" => check(kind, path, strict::<CreateCallRequest>),
            _ => panic!("{name}: no request type for this prefix"),
        }
    });
}

/// The operations the IVR actions return, typed; each reads as a generic
/// commsOperation too (the typed properties then stay in `extra`).
#[test]
fn action_operations() {
    insta::glob!("../../../../fixtures", "action-operations/*.json", |path| {
        let name = file_name(path);
        let kind = "action-operations";
        match name.split('-').next().unwrap() {
            "play" => check(kind, path, strict::<PlayPromptOperation>),
            "record" => check(kind, path, strict::<RecordOperation>),
            "cancel" => check(kind, path, strict::<CancelMediaProcessingOperation>),
            "send" => check(kind, path, strict::<SendDtmfTonesOperation>),
            "update" => check(kind, path, strict::<UpdateRecordingStatusOperation>),
            _ => panic!("{name}: no operation type for this prefix"),
        }
        let generic: CommsOperation = strict(&std::fs::read(path).unwrap());
        assert!(generic.odata_type.is_some_and(|t| t.is_comms_operation()));
    });
}

#[test]
fn action_notifications() {
    insta::glob!(
        "../../../../fixtures",
        "action-notifications/*.json",
        |path| {
            let bytes = std::fs::read(path).unwrap();
            let strict: CommsNotifications = graph_comms_models::from_slice(&bytes).unwrap();
            check("action-notifications", path, |b| {
                CommsNotifications::from_slice(b).unwrap()
            });
            assert_eq!(strict, CommsNotifications::from_slice(&bytes).unwrap());
        }
    );
}
