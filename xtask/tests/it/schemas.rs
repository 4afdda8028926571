//! The published JSON Schemas against the models, with the `jsonschema` crate
//! (default features off: no network, `$ref`s are all local).
//!
//! - every schema is valid draft 2020-12 and carries `$id`, title and
//!   `$comment`;
//! - every fixture the models accept validates against its schema;
//! - `fixtures/partial/` (malformed resources that the models keep as
//!   `Resource::Invalid`) fails its schema exactly where the models found the
//!   fault;
//! - each payload in `fixtures/invalid/schema/<schema>/` fails its schema
//!   exactly where the models fail it (or, for the request's 257-character
//!   `clientContext`, where `graph-comms-validate` does);
//! - property tests: what the models accept, the schemas accept.

use graph_comms_models::schemas;
use graph_comms_models::{
    AnswerRequest, Call, CancelMediaProcessingOperation, CancelMediaProcessingRequest,
    CommsNotifications, CommsOperation, CreateCallRequest, ODataError, PlayPromptOperation,
    PlayPromptRequest, ReadError, RecordOperation, RecordResponseRequest, RejectRequest, Resource,
    SendDtmfTonesOperation, SendDtmfTonesRequest, SubscribeToToneOperation, SubscribeToToneRequest,
    ToneInfo, UpdateRecordingStatusOperation, UpdateRecordingStatusRequest,
};
use jsonschema::Validator;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A validator per schema, built once.
static VALIDATORS: LazyLock<Vec<(&'static str, Validator)>> = LazyLock::new(|| {
    schemas::all()
        .into_iter()
        .map(|s| {
            let validator = jsonschema::draft202012::new(&s.schema)
                .unwrap_or_else(|e| panic!("{}: {e}", s.file_name));
            (s.file_name, validator)
        })
        .collect()
});

fn validator(file_name: &str) -> &'static Validator {
    &VALIDATORS
        .iter()
        .find(|(name, _)| *name == file_name)
        .unwrap_or_else(|| panic!("no schema {file_name}"))
        .1
}

/// What the models make of a payload.
#[derive(Debug, PartialEq)]
enum Models {
    /// Read, every resource typed.
    Accept,
    /// Read, but these resources were kept as `Resource::Invalid` (their
    /// error paths).
    KeepInvalid(BTreeSet<String>),
    /// Not read: the error path.
    Reject(String),
}

impl Models {
    /// The places where the models found a fault.
    fn fault_paths(&self) -> BTreeSet<String> {
        match self {
            Models::Accept => BTreeSet::new(),
            Models::KeepInvalid(paths) => paths.clone(),
            Models::Reject(path) => BTreeSet::from([path.clone()]),
        }
    }
}

/// Reads `bytes` the way a user of the models reads the payload of `schema`.
fn read_with_models(schema: &str, bytes: &[u8]) -> Models {
    fn strict<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Models {
        match graph_comms_models::from_slice::<T>(bytes) {
            Ok(_) => Models::Accept,
            Err(err) => Models::Reject(err.path().to_owned()),
        }
    }
    match schema {
        "subscribe-to-tone-request.schema.json" => strict::<SubscribeToToneRequest>(bytes),
        "subscribe-to-tone-operation.schema.json" => strict::<SubscribeToToneOperation>(bytes),
        "comms-operation.schema.json" => strict::<CommsOperation>(bytes),
        "tone-info.schema.json" => strict::<ToneInfo>(bytes),
        "call.schema.json" => strict::<Call>(bytes),
        "odata-error.schema.json" => strict::<ODataError>(bytes),
        "answer-request.schema.json" => strict::<AnswerRequest>(bytes),
        "reject-request.schema.json" => strict::<RejectRequest>(bytes),
        "create-call-request.schema.json" => strict::<CreateCallRequest>(bytes),
        "play-prompt-request.schema.json" => strict::<PlayPromptRequest>(bytes),
        "play-prompt-operation.schema.json" => strict::<PlayPromptOperation>(bytes),
        "record-response-request.schema.json" => strict::<RecordResponseRequest>(bytes),
        "record-operation.schema.json" => strict::<RecordOperation>(bytes),
        "cancel-media-processing-request.schema.json" => {
            strict::<CancelMediaProcessingRequest>(bytes)
        }
        "cancel-media-processing-operation.schema.json" => {
            strict::<CancelMediaProcessingOperation>(bytes)
        }
        "send-dtmf-tones-request.schema.json" => strict::<SendDtmfTonesRequest>(bytes),
        "send-dtmf-tones-operation.schema.json" => strict::<SendDtmfTonesOperation>(bytes),
        "update-recording-status-request.schema.json" => {
            strict::<UpdateRecordingStatusRequest>(bytes)
        }
        "update-recording-status-operation.schema.json" => {
            strict::<UpdateRecordingStatusOperation>(bytes)
        }
        "comms-notifications.schema.json" => match CommsNotifications::from_slice(bytes) {
            Err(err) => Models::Reject(err.path().to_owned()),
            Ok(batch) => {
                let invalid: BTreeSet<String> = batch
                    .value
                    .iter()
                    .flat_map(|n| n.resource_data.iter().flatten())
                    .filter_map(|r| match r {
                        Resource::Invalid(invalid) => Some(invalid.error.path().to_owned()),
                        _ => None,
                    })
                    .collect();
                if invalid.is_empty() {
                    Models::Accept
                } else {
                    Models::KeepInvalid(invalid)
                }
            }
        },
        other => panic!("no reader for {other}"),
    }
}

/// The places where a schema rejects `instance`, written as the models write
/// their error paths (`$.value[0].resourceData.@odata.type`): the instance
/// locations of the errors, keeping only the deepest (an `anyOf` of a type and
/// `null` also fails at the property itself, because it is not `null`).
fn schema_fault_paths(schema: &str, instance: &Value) -> BTreeSet<String> {
    let evaluation = validator(schema).evaluate(instance);
    let pointers: BTreeSet<String> = evaluation
        .iter_errors()
        .map(|e| e.instance_location.as_str().to_owned())
        .collect();
    pointers
        .iter()
        .filter(|p| {
            !pointers
                .iter()
                .any(|other| other.len() > p.len() && other.starts_with(&format!("{p}/")))
        })
        .map(|p| pointer_to_path(instance, p))
        .collect()
}

/// A JSON pointer into `instance` as a path in the models' notation.
fn pointer_to_path(instance: &Value, pointer: &str) -> String {
    let mut out = String::from("$");
    let mut current = instance;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        match current {
            Value::Array(items) => {
                let index: usize = segment.parse().unwrap();
                out.push_str(&format!("[{index}]"));
                current = &items[index];
            }
            _ => {
                let plain = segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.' | '-'));
                if plain {
                    out.push('.');
                    out.push_str(&segment);
                } else {
                    out.push_str(&format!("['{segment}']"));
                }
                current = &current[segment.as_str()];
            }
        }
    }
    out
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn read(path: &Path) -> (Vec<u8>, Value) {
    let bytes = std::fs::read(path).unwrap();
    let value = serde_json::from_slice(&bytes).unwrap();
    (bytes, value)
}

fn all_descriptions<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("description") {
                out.push(text);
            }
            map.values().for_each(|v| all_descriptions(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| all_descriptions(v, out)),
        _ => {}
    }
}

#[test]
fn every_schema_is_valid_draft_2020_12_with_its_metadata() {
    let all = schemas::all();
    let names: Vec<&str> = all.iter().map(|s| s.file_name).collect();
    assert_eq!(
        names,
        [
            "subscribe-to-tone-request.schema.json",
            "subscribe-to-tone-operation.schema.json",
            "comms-operation.schema.json",
            "comms-notifications.schema.json",
            "tone-info.schema.json",
            "call.schema.json",
            "odata-error.schema.json",
            "answer-request.schema.json",
            "reject-request.schema.json",
            "create-call-request.schema.json",
            "play-prompt-request.schema.json",
            "play-prompt-operation.schema.json",
            "record-response-request.schema.json",
            "record-operation.schema.json",
            "cancel-media-processing-request.schema.json",
            "cancel-media-processing-operation.schema.json",
            "send-dtmf-tones-request.schema.json",
            "send-dtmf-tones-operation.schema.json",
            "update-recording-status-request.schema.json",
            "update-recording-status-operation.schema.json",
        ]
    );
    for s in &all {
        let name = s.file_name;
        if let Err(err) = jsonschema::meta::validate(&s.schema) {
            panic!("{name} is not a valid schema: {err}");
        }
        assert_eq!(
            s.schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        assert_eq!(
            s.schema["$id"],
            format!("https://example.invalid/graph-comms/schemas/{name}"),
            "{name}"
        );
        assert!(s.schema["title"].as_str().is_some_and(|t| !t.is_empty()));
        let comment = s.schema["$comment"].as_str().unwrap();
        assert!(
            comment.contains("`cargo xtask schema`"),
            "{name}: {comment}"
        );
        assert!(comment.contains("Do not edit by hand"), "{name}: {comment}");
        assert_eq!(s.schema["additionalProperties"], true, "{name}");

        let mut descriptions = Vec::new();
        all_descriptions(&s.schema, &mut descriptions);
        assert!(descriptions.len() > 5, "{name}");
        for text in descriptions {
            assert!(!text.trim().is_empty(), "{name}: empty description");
            assert!(
                !text.contains("```"),
                "{name}: a Rust example leaked: {text}"
            );
            assert!(
                !text.contains("[`"),
                "{name}: a rustdoc link leaked: {text}"
            );
        }
    }
}

/// Every fixture directory and the schemas its payloads must satisfy.
const ACCEPTED: &[(&str, &[&str])] = &[
    ("requests", &["subscribe-to-tone-request.schema.json"]),
    (
        "operations",
        &[
            "subscribe-to-tone-operation.schema.json",
            "comms-operation.schema.json",
        ],
    ),
    ("notifications", &["comms-notifications.schema.json"]),
    ("collect", &["comms-notifications.schema.json"]),
    ("calls", &["call.schema.json"]),
    ("errors", &["odata-error.schema.json"]),
];

/// The fixture directories of the IVR actions, whose file names start with
/// the action: `play-prompt-…`, `record-…` (the beta `record` action takes the
/// recordResponse body), and so on.
const BY_ACTION: &[&str] = &[
    "action-requests",
    "action-operations",
    "action-notifications",
];

/// The schemas a fixture of a `BY_ACTION` directory must satisfy.
fn action_schemas(dir: &str, path: &Path) -> Vec<String> {
    if dir == "action-notifications" {
        return vec!["comms-notifications.schema.json".to_owned()];
    }
    let name = path.file_name().unwrap().to_string_lossy();
    let action = [
        "answer",
        "reject",
        "create-call",
        "play-prompt",
        "record-response",
        "record",
        "cancel-media-processing",
        "send-dtmf-tones",
        "update-recording-status",
    ]
    .into_iter()
    .find(|action| name.starts_with(&format!("{action}-")))
    .unwrap_or_else(|| panic!("{name}: no action prefix"));
    if dir == "action-requests" {
        let action = if action == "record" {
            "record-response"
        } else {
            action
        };
        vec![format!("{action}-request.schema.json")]
    } else {
        let action = if action == "record-response" {
            "record"
        } else {
            action
        };
        vec![
            format!("{action}-operation.schema.json"),
            "comms-operation.schema.json".to_owned(),
        ]
    }
}

#[test]
fn every_fixture_the_models_accept_validates() {
    let mut count = 0;
    let mut dirs: Vec<(&str, Option<&[&str]>)> = ACCEPTED
        .iter()
        .map(|(dir, schemas)| (*dir, Some(*schemas)))
        .collect();
    dirs.extend(BY_ACTION.iter().map(|dir| (*dir, None)));
    for (dir, fixed) in dirs {
        for path in json_files(&root().join("fixtures").join(dir)) {
            let (bytes, instance) = read(&path);
            let schema_names: Vec<String> = match fixed {
                Some(names) => names.iter().map(|n| n.to_string()).collect(),
                None => action_schemas(dir, &path),
            };
            for schema in &schema_names {
                let schema = schema.as_str();
                assert_eq!(
                    read_with_models(schema, &bytes),
                    Models::Accept,
                    "{}: the models do not accept it",
                    path.display()
                );
                let errors: Vec<String> = validator(schema)
                    .iter_errors(&instance)
                    .map(|e| format!("{}: {e}", e.instance_path()))
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{} fails {schema}:\n{}",
                    path.display(),
                    errors.join("\n")
                );
                count += 1;
            }
        }
    }
    assert!(count >= 80, "only {count} fixtures checked");
}

#[test]
fn every_fixture_directory_is_checked() {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    for dir in dirs {
        assert!(
            ACCEPTED.iter().any(|(d, _)| *d == dir)
                || BY_ACTION.contains(&dir.as_str())
                || dir == "partial"
                || dir == "invalid"
                // Emulator configuration, not Graph payloads: checked
                // against scenario.schema.json by the emulator's tests.
                || dir == "scenarios",
            "fixtures/{dir} is not checked against a schema: add it to ACCEPTED"
        );
    }
}

/// The entities of the tone notifications validate against call.schema.json,
/// and their toneInfo against tone-info.schema.json: the documents agree.
#[test]
fn embedded_calls_and_tone_infos_validate_on_their_own() {
    let mut tones = 0;
    for path in json_files(&root().join("fixtures/notifications")) {
        let (_, batch) = read(&path);
        for notification in batch["value"].as_array().unwrap() {
            let data = &notification["resourceData"];
            let entities = data
                .as_array()
                .cloned()
                .unwrap_or_else(|| vec![data.clone()]);
            for entity in entities {
                let kind = entity["@odata.type"].as_str().unwrap_or_default();
                if !kind.eq_ignore_ascii_case("#microsoft.graph.call") {
                    continue;
                }
                assert!(
                    validator("call.schema.json").is_valid(&entity),
                    "{}",
                    path.display()
                );
                if let Some(tone_info) = entity.get("toneInfo") {
                    assert!(validator("tone-info.schema.json").is_valid(tone_info));
                    tones += 1;
                }
            }
        }
    }
    assert!(tones >= 9, "only {tones} toneInfo objects");
}

/// `fixtures/partial/` holds batches with malformed resources. The models
/// read the batch and keep each malformed resource as `Resource::Invalid`;
/// the schema rejects the batch (it is malformed), at exactly those places.
#[test]
fn partial_fixtures_fail_where_the_models_keep_invalid_resources() {
    let schema = "comms-notifications.schema.json";
    for path in json_files(&root().join("fixtures/partial")) {
        let (bytes, instance) = read(&path);
        let models = read_with_models(schema, &bytes);
        assert!(
            matches!(models, Models::KeepInvalid(_)),
            "{}: {models:?}",
            path.display()
        );
        assert_eq!(
            schema_fault_paths(schema, &instance),
            models.fault_paths(),
            "{}",
            path.display()
        );
    }
    // The places themselves, so that a change on both sides is noticed too.
    let (_, instance) = read(&root().join("fixtures/partial/one-malformed-resource.json"));
    assert_eq!(
        schema_fault_paths(schema, &instance),
        BTreeSet::from([
            "$.value[0].resourceData.toneInfo.sequenceId".to_owned(),
            "$.value[2].resourceData[0].isMuted".to_owned(),
            "$.value[3].resourceData".to_owned(),
        ])
    );
    let (_, instance) = read(&root().join("fixtures/partial/odata-type-not-a-string.json"));
    assert_eq!(
        schema_fault_paths(schema, &instance),
        BTreeSet::from(["$.value[0].resourceData.@odata.type".to_owned()])
    );
}

/// Each payload of `fixtures/invalid/schema/<schema stem>/`: where its schema
/// rejects it. The models fail it at the same place, except where noted
/// (there `graph-comms-validate` does: see the test after this one).
const INVALID: &[(&str, &str, Option<&str>)] = &[
    (
        "call/media-config-blob-number.json",
        "$.mediaConfig.blob",
        None,
    ),
    ("call/odata-type-number.json", "$.@odata.type", None),
    (
        "call/result-code-beyond-int32.json",
        "$.resultInfo.code",
        None,
    ),
    (
        "comms-notifications/change-type-number.json",
        "$.value[0].changeType",
        None,
    ),
    (
        "comms-notifications/derived-operation-status-number.json",
        "$.value[0].resourceData.status",
        None,
    ),
    (
        "comms-notifications/participant-without-hash-wrong-case.json",
        "$.value[0].resourceData[0].isInLobby",
        None,
    ),
    (
        "comms-notifications/sequence-id-string.json",
        "$.value[0].resourceData.toneInfo.sequenceId",
        None,
    ),
    (
        "comms-notifications/tone-number.json",
        "$.value[0].resourceData.toneInfo.tone",
        None,
    ),
    (
        "comms-notifications/value-item-not-an-object.json",
        "$.value[0]",
        None,
    ),
    (
        "comms-notifications/value-not-an-array.json",
        "$.value",
        None,
    ),
    ("comms-operation/status-number.json", "$.status", None),
    (
        "odata-error/alias-inner-error-request-id-number.json",
        "$.error.innererror.requestId",
        None,
    ),
    ("odata-error/code-number.json", "$.error.code", None),
    (
        "odata-error/details-not-an-array.json",
        "$.error.details",
        None,
    ),
    (
        "subscribe-to-tone-operation/created-date-time-not-a-date.json",
        "$.createdDateTime",
        None,
    ),
    (
        "subscribe-to-tone-request/client-context-257-characters.json",
        "$.clientContext",
        Some(
            "the models read any length; graph-comms-validate refuses it (client-context-too-long)",
        ),
    ),
    (
        "subscribe-to-tone-request/client-context-empty.json",
        "$.clientContext",
        Some("the models read it; graph-comms-validate refuses it (client-context-empty)"),
    ),
    (
        "subscribe-to-tone-request/client-context-not-a-string.json",
        "$.clientContext",
        None,
    ),
    (
        "tone-info/sequence-id-beyond-int64.json",
        "$.sequenceId",
        None,
    ),
    ("tone-info/sequence-id-fraction.json", "$.sequenceId", None),
];

#[test]
fn invalid_payloads_fail_their_schema_where_the_models_fail_them() {
    let base = root().join("fixtures/invalid/schema");
    let mut on_disk = Vec::new();
    for dir in std::fs::read_dir(&base).unwrap() {
        let dir = dir.unwrap().path();
        for file in json_files(&dir) {
            on_disk.push(
                file.strip_prefix(&base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    on_disk.sort();
    let listed: Vec<&str> = INVALID.iter().map(|(file, _, _)| *file).collect();
    assert_eq!(
        on_disk, listed,
        "fixtures/invalid/schema and INVALID differ"
    );

    for (file, expected, models_accept) in INVALID {
        let stem = file.split('/').next().unwrap();
        let schema = format!("{stem}.schema.json");
        let (bytes, instance) = read(&base.join(file));
        assert!(
            !validator(&schema).is_valid(&instance),
            "{file} passes {schema}"
        );
        assert_eq!(
            schema_fault_paths(&schema, &instance),
            BTreeSet::from([expected.to_string()]),
            "{file}"
        );
        let models = read_with_models(&schema, &bytes);
        match models_accept {
            Some(_) => assert_eq!(models, Models::Accept, "{file}"),
            None => assert_eq!(
                models.fault_paths(),
                BTreeSet::from([expected.to_string()]),
                "{file}: {models:?}"
            ),
        }
    }
}

/// Judges each JSON body of a hostile corpus with its schema and with the
/// models: the same places fail. `looser` names the files where the schema is
/// known to accept what the models refuse (then the schema must find nothing
/// and the models must refuse). Returns how many bodies were JSON.
fn judge_hostile(dir: &str, schema_of: impl Fn(&Path) -> String, looser: &[&str]) -> usize {
    let mut judged = 0;
    for path in json_files(&root().join(dir)) {
        let bytes = std::fs::read(&path).unwrap();
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let Ok(instance) = serde_json::from_slice::<Value>(body) else {
            continue; // not JSON: nothing for a schema to say
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let schema = schema_of(&path);
        let models = read_with_models(&schema, &bytes);
        let faults = schema_fault_paths(&schema, &instance);
        match &models {
            _ if looser.contains(&name.as_str()) => {
                assert!(
                    faults.is_empty() && models != Models::Accept,
                    "{name}: {models:?}"
                );
            }
            // The models stop at the first fault, the schema finds them all.
            Models::Reject(at) => assert!(faults.contains(at), "{name}: {faults:?} {models:?}"),
            _ => assert_eq!(faults, models.fault_paths(), "{name}: {models:?}"),
        }
        judged += 1;
    }
    judged
}

/// The hostile callback bodies of `fixtures/invalid/notifications/` (another
/// test's corpus): whatever of them is JSON, the schema judges as the models
/// do, at the same places.
#[test]
fn hostile_bodies_are_judged_as_the_models_judge_them() {
    let judged = judge_hostile(
        "fixtures/invalid/notifications",
        |_| "comms-notifications.schema.json".to_owned(),
        // `1e3` is an integer to JSON Schema, a float to serde: the one
        // known place where the schema is looser than the models.
        &["sequence-id-exponent.json"],
    );
    assert!(judged >= 20, "only {judged} hostile bodies are JSON");
}

/// The Must show: the documented request, response and notification validate;
/// a 257-character clientContext does not, with a message that says so.
#[test]
fn documented_examples_validate_and_a_257_character_client_context_does_not() {
    for (fixture, schema) in [
        (
            "requests/documented.json",
            "subscribe-to-tone-request.schema.json",
        ),
        (
            "operations/documented-v1-200.json",
            "subscribe-to-tone-operation.schema.json",
        ),
        (
            "operations/documented-beta-200.json",
            "subscribe-to-tone-operation.schema.json",
        ),
        (
            "notifications/documented-tone.json",
            "comms-notifications.schema.json",
        ),
    ] {
        let (_, instance) = read(&root().join("fixtures").join(fixture));
        assert!(validator(schema).is_valid(&instance), "{fixture}");
    }

    let request = validator("subscribe-to-tone-request.schema.json");
    let too_long = json!({ "clientContext": "c".repeat(257) });
    let error = request.validate(&too_long).unwrap_err();
    assert_eq!(error.instance_path().as_str(), "/clientContext");
    assert!(
        error.to_string().contains("is longer than 256 characters"),
        "{error}"
    );
}

/// maxLength counts Unicode code points, as graph-comms-validate does (not
/// bytes, not UTF-16 units); an empty clientContext is refused, as there.
#[test]
fn client_context_length_counts_code_points_and_is_not_empty() {
    let request = validator("subscribe-to-tone-request.schema.json");
    for (text, valid) in [
        ("c".repeat(256), true),
        ("é".repeat(256), true),  // 512 bytes
        ("😀".repeat(256), true), // 1024 bytes, 512 UTF-16 units
        ("😀".repeat(257), false),
        (String::new(), false), // refused by graph-comms-validate too
    ] {
        assert_eq!(
            request.is_valid(&json!({ "clientContext": text })),
            valid,
            "{} code points",
            text.chars().count()
        );
    }
}

/// The request body schema and `graph-comms-validate` (what a Rust caller
/// checks before sending) fail the same bodies at the same places.
#[test]
fn the_request_schema_agrees_with_graph_comms_validate() {
    let schema = "subscribe-to-tone-request.schema.json";
    let mut bodies: Vec<Vec<u8>> = json_files(&root().join("fixtures/requests"))
        .into_iter()
        .chain(json_files(
            &root().join("fixtures/invalid/schema/subscribe-to-tone-request"),
        ))
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    for client_context in [
        json!(null),
        json!(""),
        json!("c"),
        json!("c".repeat(256)),
        json!("c".repeat(257)),
        json!("😀".repeat(256)),
        json!("😀".repeat(257)),
        json!(7),
        json!(["x"]),
    ] {
        bodies.push(serde_json::to_vec(&json!({ "clientContext": client_context })).unwrap());
    }
    let mut failing = 0;
    for bytes in &bodies {
        let instance: Value = serde_json::from_slice(bytes).unwrap();
        let errors: BTreeSet<String> = graph_comms_validate::check_request_body(bytes)
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.location.clone().unwrap_or_default())
            .collect();
        assert_eq!(schema_fault_paths(schema, &instance), errors, "{instance}");
        failing += usize::from(!errors.is_empty());
    }
    assert!(failing >= 5, "{failing}");
}

/// Every property of every schema's root object may be `null`, as in the
/// models, and the models agree.
#[test]
fn every_property_accepts_null() {
    let mut count = 0;
    for s in schemas::all() {
        let properties = s.schema["properties"].as_object().unwrap();
        for name in properties.keys() {
            let instance = json!({ name.as_str(): null });
            assert!(
                validator(s.file_name).is_valid(&instance),
                "{}: {name}",
                s.file_name
            );
            let bytes = serde_json::to_vec(&instance).unwrap();
            assert_eq!(read_with_models(s.file_name, &bytes), Models::Accept);
            count += 1;
        }
    }
    assert!(count >= 30, "{count}");
}

/// Open enums and unknown types: what the models keep verbatim, the schemas
/// accept.
#[test]
fn unknown_values_types_and_properties_are_accepted() {
    let notifications = validator("comms-notifications.schema.json");
    for resource in [
        // no @odata.type: an unknown object, not checked as a call
        json!({ "state": 42, "toneInfo": "x" }),
        // an unknown type, whatever it contains
        json!({ "@odata.type": "#microsoft.graph.callV2", "state": 42 }),
        // known type in another case and without '#', unknown enum values
        json!({ "@odata.type": "MICROSOFT.GRAPH.CALL", "state": "onHoldForever",
                "direction": "sideways", "toneInfo": { "sequenceId": 1, "tone": "tone42" },
                "newProperty": { "nested": [1, 2] } }),
        json!([{ "@odata.type": "#microsoft.graph.participant", "isMuted": null }, {}]),
    ] {
        let instance = json!({ "value": [{ "changeType": "someday", "resourceData": resource }] });
        assert!(notifications.is_valid(&instance), "{instance}");
        let bytes = serde_json::to_vec(&instance).unwrap();
        assert_eq!(
            read_with_models("comms-notifications.schema.json", &bytes),
            Models::Accept,
            "{instance}"
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Values of any JSON type, with the interesting ones for these fields.
    fn any_value() -> BoxedStrategy<Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            Just(json!(9_223_372_036_854_775_808u64)),
            Just(json!(2_147_483_648i64)),
            Just(json!(1.5)),
            "(tone[0-9]|TONE1|star|Established|incoming|completed|x|)".prop_map(Value::from),
            Just(json!([])),
            Just(json!({})),
        ]
        .boxed()
    }

    /// What a property holds.
    #[derive(Clone, Copy)]
    enum Kind {
        Text,
        Enum,
        Int32,
        Int64,
        Bool,
        Any,
    }

    /// Mostly a value of the right kind (so that one fault at a time is
    /// common), sometimes any value.
    fn value_of(kind: Kind) -> BoxedStrategy<Value> {
        let right = match kind {
            Kind::Text => "[a-z0-9-]{0,8}".prop_map(Value::from).boxed(),
            Kind::Enum => "(established|Established|incoming|TERMINATED|tone1|Pound|someday)"
                .prop_map(Value::from)
                .boxed(),
            Kind::Int32 => any::<i32>().prop_map(Value::from).boxed(),
            Kind::Int64 => any::<i64>().prop_map(Value::from).boxed(),
            Kind::Bool => any::<bool>().prop_map(Value::from).boxed(),
            Kind::Any => any_value(),
        };
        prop_oneof![6 => right, 1 => any_value()].boxed()
    }

    fn odata_type() -> BoxedStrategy<Value> {
        prop_oneof![
            1 => Just(Value::Null),
            1 => Just(json!(7)),
            8 => "#?(microsoft|Microsoft|MICROSOFT)\\.(graph|Graph)\\.(call|toneInfo|appHostedMediaConfig|APPHOSTEDMEDIACONFIG|serviceHostedMediaConfig|ServiceHostedMediaConfig|other)"
                .prop_map(Value::from),
        ]
        .boxed()
    }

    /// An object with some of `properties`.
    fn object(properties: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
        let members: Vec<_> = properties
            .into_iter()
            .map(|(key, strategy)| proptest::option::of(strategy).prop_map(move |v| (key, v)))
            .collect();
        members
            .prop_map(|members| {
                let map: serde_json::Map<String, Value> = members
                    .into_iter()
                    .filter_map(|(key, value)| Some((key.to_owned(), value?)))
                    .collect();
                Value::Object(map)
            })
            .boxed()
    }

    fn tone_info() -> BoxedStrategy<Value> {
        prop_oneof![
            6 => object(vec![
                ("@odata.type", odata_type()),
                ("sequenceId", value_of(Kind::Int64)),
                ("tone", value_of(Kind::Enum)),
                ("participantId", value_of(Kind::Any)),
            ]),
            1 => any_value(),
        ]
        .boxed()
    }

    fn media_config() -> BoxedStrategy<Value> {
        prop_oneof![
            6 => object(vec![
                ("@odata.type", odata_type()),
                ("blob", value_of(Kind::Text)),
                ("removeFromDefaultAudioGroup", value_of(Kind::Bool)),
                ("preFetchMedia", value_of(Kind::Any)),
            ]),
            1 => any_value(),
        ]
        .boxed()
    }

    fn call() -> BoxedStrategy<Value> {
        object(vec![
            ("@odata.type", odata_type()),
            ("id", value_of(Kind::Text)),
            ("state", value_of(Kind::Enum)),
            ("direction", value_of(Kind::Enum)),
            ("subject", value_of(Kind::Text)),
            ("source", value_of(Kind::Any)),
            ("toneInfo", tone_info()),
            ("mediaConfig", media_config()),
            (
                "resultInfo",
                prop_oneof![
                    6 => object(vec![
                        ("code", value_of(Kind::Int32)),
                        ("subcode", value_of(Kind::Int32)),
                        ("message", value_of(Kind::Text)),
                    ]),
                    1 => any_value(),
                ]
                .boxed(),
            ),
        ])
    }

    /// Whether the models read `instance` as a `T` (strictly).
    fn models_accept<T: serde::de::DeserializeOwned>(instance: &Value) -> Result<(), ReadError> {
        let bytes = serde_json::to_vec(instance).unwrap();
        graph_comms_models::from_slice::<T>(&bytes).map(|_| ())
    }

    /// An integer-valued float (`1.0`) is an integer to JSON Schema but not
    /// to serde: the one place where the schemas are knowingly looser.
    fn has_integral_float(value: &Value) -> bool {
        match value {
            Value::Number(n) => n.is_f64() && n.as_f64().is_some_and(|f| f.fract() == 0.0),
            Value::Array(items) => items.iter().any(has_integral_float),
            Value::Object(map) => map.values().any(has_integral_float),
            _ => false,
        }
    }

    proptest! {
        // Failures are not persisted to a file: a case found is added to
        // the table of `the_date_pattern_takes_…` or to INVALID instead.
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// call.schema.json says exactly what `Call` reads: nested types,
        /// `@odata.type` dispatch of mediaConfig, integer ranges, nulls.
        #[test]
        fn call_schema_accepts_exactly_what_the_models_read(call in call()) {
            let models = models_accept::<Call>(&call);
            let schema = validator("call.schema.json").is_valid(&call);
            if models.is_ok() {
                prop_assert!(schema, "the models read it, the schema rejects it: {}", call);
            } else if !has_integral_float(&call) {
                prop_assert!(!schema, "the schema accepts what the models reject ({:?}): {}", models, call);
            }
        }

        /// tone-info.schema.json and `ToneInfo`, likewise.
        #[test]
        fn tone_info_schema_accepts_exactly_what_the_models_read(info in tone_info()) {
            let models = models_accept::<ToneInfo>(&info);
            let schema = validator("tone-info.schema.json").is_valid(&info);
            if models.is_ok() {
                prop_assert!(schema, "the models read it, the schema rejects it: {}", info);
            } else if !has_integral_float(&info) {
                prop_assert!(!schema, "the schema accepts what the models reject ({:?}): {}", models, info);
            }
        }

        /// Every date-time string the models read matches the schema's
        /// pattern (it is a lenient superset: chrono reads one-digit fields,
        /// signed years and leading whitespace when there is no offset).
        #[test]
        fn the_date_pattern_matches_every_date_the_models_read(
            text in "[ \t]{0,2}[+-]?[0-9]{1,6}-[ ]?[0-9]{1,3}-[ ]?[0-9]{1,2}[Tt ][ ]?[0-9]{1,2}:[ ]?[0-9]{1,2}:[ ]?[0-9]{1,3}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{1,2}:?[0-9]{2})?[ ]?"
        ) {
            let operation = json!({ "createdDateTime": text });
            if models_accept::<CommsOperation>(&operation).is_ok() {
                prop_assert!(
                    validator("comms-operation.schema.json").is_valid(&operation),
                    "the models read {:?}, the schema rejects it", text
                );
            }
        }
    }

    #[test]
    fn the_date_pattern_takes_the_documented_forms_and_rejects_others() {
        let operation = validator("comms-operation.schema.json");
        for (text, valid) in [
            ("2019-02-04T20:44:26.2917337Z", true),
            ("2018-09-06T15:58:41Z", true),
            ("2018-09-06T15:58:41+02:00", true),
            ("2021-07-02T01:40:19", true),
            ("2021-07-02 01:40:19Z", true),
            ("0-1-1T0:0:0", true), // found by the property test: chrono reads it
            ("yesterday", false),
            ("2021-07-02", false),
            ("2021-07-02T01:40", false),
            ("2021-07-02T01:40:19Z trailing", false),
        ] {
            let instance = json!({ "createdDateTime": text });
            assert_eq!(operation.is_valid(&instance), valid, "{text}");
            let models = models_accept::<CommsOperation>(&instance).is_ok();
            assert_eq!(models, valid, "the models on {text}");
        }
    }
}

/// The request schema and `graph-comms-validate` agree on every clientContext:
/// arbitrary strings of any characters (control characters, combining marks,
/// emoji included), most of them near the 256 limit.
mod client_context_agreement {
    use super::*;
    use proptest::prelude::*;

    fn text(lengths: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        proptest::collection::vec(any::<char>(), lengths).prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn schema_and_validator_agree(value in prop_oneof![text(0..300), text(250..262)]) {
            let body = json!({ "clientContext": value });
            let schema = validator("subscribe-to-tone-request.schema.json").is_valid(&body);
            let rule = graph_comms_validate::ClientContext::check(&value).is_ok();
            prop_assert_eq!(schema, rule, "{} characters", value.chars().count());
        }
    }
}

/// The hostile request bodies of the IVR actions
/// (`fixtures/invalid/action-bodies/`): whatever of them is JSON, each
/// action's request schema judges as the models do, at the same place.
#[test]
fn hostile_action_bodies_are_judged_as_the_models_judge_them() {
    let judged = judge_hostile(
        "fixtures/invalid/action-bodies",
        |path| action_schemas("action-requests", path).remove(0),
        // A parsed JSON value keeps only the last of duplicate keys; the
        // models refuse a second @odata.type that differs from the first.
        &["play-prompt-duplicate-odata-type.json"],
    );
    assert!(judged >= 25, "only {judged} hostile action bodies are JSON");
}
