//! Error text never contains a scalar from the input: not a string, not a
//! number, not a boolean. A tone can be sent as `"tone5"`, as `11` or as
//! `true`, and error text ends up in logs, where tone data may not go.
//!
//! Two proofs: every position of the documented notification (and of the
//! other documented payloads) replaced by each kind of marker scalar, and
//! arbitrary bodies whose every leaf is a marker, read as every payload type.

use graph_comms_models::{
    Call, CommsNotification, CommsNotifications, CommsOperation, ODataError,
    SubscribeToToneOperation, SubscribeToToneRequest, ToneInfo, from_slice,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Marker scalars: none can be mistaken for a line, a column, an index or a
/// word of a message (the bodies here are far shorter than the numbers).
fn markers() -> Vec<Value> {
    vec![
        json!("Zq7tone5"),
        json!(48_213_977),
        json!(-48_213_977),
        json!(9_007_199_254_740_993_u64),
        json!(4_821.397_7),
        json!(true),
        json!(false),
    ]
}

/// How a marker could appear in text: its JSON spelling, and for a string its
/// content alone.
fn spellings(marker: &Value) -> Vec<String> {
    match marker {
        Value::String(text) => vec![text.clone()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Number(n) => {
            let mut out = vec![n.to_string()];
            if let Some(f) = n.as_f64() {
                out.push(f.to_string());
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Every error text (Display and Debug) that reading `body` as each payload
/// type gives, per-notification errors included.
fn error_texts(body: &[u8]) -> Vec<String> {
    let mut texts = Vec::new();
    let mut push = |err: &dyn std::fmt::Debug, display: String| {
        texts.push(display);
        texts.push(format!("{err:?}"));
    };
    match CommsNotifications::from_slice(body) {
        Err(err) => push(&err, err.to_string()),
        Ok(batch) => {
            for event in batch.tone_events() {
                if let Err(err) = event {
                    push(&err, err.to_string());
                }
            }
        }
    }
    macro_rules! read_as {
        ($($ty:ty),*) => {$(
            if let Err(err) = from_slice::<$ty>(body) {
                push(&err, err.to_string());
            }
        )*};
    }
    read_as!(
        CommsNotification,
        ToneInfo,
        SubscribeToToneRequest,
        SubscribeToToneOperation,
        CommsOperation,
        Call,
        ODataError
    );
    texts
}

fn assert_quotes_no_marker(body: &Value, leaves: &[Value]) -> Result<(), TestCaseError> {
    let bytes = serde_json::to_vec(body).expect("serialises");
    for text in error_texts(&bytes) {
        for leaf in leaves {
            for spelling in spellings(leaf) {
                prop_assert!(
                    !text.contains(&spelling),
                    "{spelling} from the input is in the error text: {text}\nbody: {body}"
                );
            }
        }
    }
    Ok(())
}

/// Every node of `value`, by its path of object keys and array indexes.
fn positions(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                here.push(Step::Key(key.clone()));
                positions(child, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                here.push(Step::Index(index));
                positions(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn replaced(value: &Value, path: &[Step], with: &Value) -> Value {
    let mut out = value.clone();
    let mut node = &mut out;
    for step in path {
        node = match step {
            Step::Key(key) => &mut node[key.as_str()],
            Step::Index(index) => &mut node[*index],
        };
    }
    *node = with.clone();
    out
}

fn fixture(path: &str) -> Value {
    let path = format!("{}/../../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(&path).expect("fixture exists")).expect("fixture is JSON")
}

/// The documented payloads, each with every node (the root included) replaced
/// by each marker in turn.
#[test]
fn a_marker_in_every_position_of_the_documented_payloads_is_never_quoted() {
    let documents = [
        fixture("notifications/documented-tone.json"),
        fixture("notifications/mixed-batch.json"),
        fixture("operations/documented-v1-200.json"),
        fixture("operations/failed-with-result-info.json"),
        fixture("requests/documented.json"),
        fixture("calls/service-hosted.json"),
        fixture("errors/call-not-found.json"),
    ];
    let mut checked = 0;
    for document in &documents {
        let mut all = Vec::new();
        positions(document, &mut Vec::new(), &mut all);
        for path in &all {
            for marker in markers() {
                let body = replaced(document, path, &marker);
                assert_quotes_no_marker(&body, std::slice::from_ref(&marker)).unwrap();
                checked += 1;
            }
        }
    }
    // The documents are not trivially small: this would fail if a fixture
    // went missing or empty.
    assert!(checked > 500, "{checked} bodies checked");
}

/// Serde's own spelling of a tone sent as a number, the case that was found:
/// `"tone": 11` said ``invalid type: integer `11` ``.
#[test]
fn a_tone_sent_as_a_number_is_not_quoted() {
    let body = br##"{"value": [{"resourceUrl": "/communications/calls/abc",
        "resourceData": {"@odata.type": "#microsoft.graph.call",
                         "toneInfo": {"sequenceId": 1, "tone": 11}}}]}"##;
    let batch = CommsNotifications::from_slice(body).expect("the batch reads");
    let err = batch
        .tone_events()
        .next()
        .expect("one event")
        .expect_err("a number is not a tone");
    let text = err.to_string();
    assert!(!text.contains("11"), "{text}");
    assert!(text.contains("an integer"), "{text}");
    let err = from_slice::<ToneInfo>(br#"{"sequenceId": true}"#).unwrap_err();
    assert!(!err.to_string().contains("true"), "{err}");
}

/// Keys the payload types know, so that generated bodies reach deep into the
/// types instead of stopping at unknown properties.
const KEYS: &[&str] = &[
    "value",
    "resourceUrl",
    "resource",
    "resourceData",
    "toneInfo",
    "tone",
    "sequenceId",
    "@odata.type",
    "changeType",
    "state",
    "direction",
    "clientContext",
    "status",
    "resultInfo",
    "code",
    "subcode",
    "message",
    "error",
    "innerError",
    "details",
    "date",
    "mediaConfig",
    "participants",
    "id",
    "createdDateTime",
    "lastModifiedDateTime",
];

fn marker_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        "Zq7[a-z0-9 ]{0,6}".prop_map(Value::from),
        (10_000_000_i64..i64::MAX).prop_map(Value::from),
        (i64::MIN..-10_000_000_i64).prop_map(Value::from),
        (u64::MAX / 2..u64::MAX).prop_map(Value::from),
        (10_000_000.0_f64..1e300).prop_map(|f| Value::from(f + 0.5)),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn body() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        4 => proptest::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-z]{1,4}",
    ];
    marker_leaf().prop_recursive(6, 48, 5, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..5)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn leaves(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => map.values().for_each(|v| leaves(v, out)),
        Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
        Value::Null => {}
        scalar => out.push(scalar.clone()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Arbitrary bodies, every leaf a marker, also wrapped as a notification
    /// batch so that the per-notification readers see them.
    #[test]
    fn no_error_text_quotes_a_scalar(body in body()) {
        let mut all = Vec::new();
        leaves(&body, &mut all);
        assert_quotes_no_marker(&body, &all)?;
        let wrapped = json!({"value": [{"resourceUrl": "/communications/calls/abc", "resourceData": body}]});
        assert_quotes_no_marker(&wrapped, &all)?;
        let tone = json!({"value": [{"resourceUrl": "/communications/calls/abc",
            "resourceData": {"@odata.type": "#microsoft.graph.call", "toneInfo": body}}]});
        assert_quotes_no_marker(&tone, &all)?;
    }
}
