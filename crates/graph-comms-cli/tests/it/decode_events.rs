//! `graph-comms decode` on every notification fixture: the tones, the
//! finished operations (`operations`) and the call events (`callEvents`),
//! human and JSON, pinned by one insta snapshot per file; and the outcomes
//! the IVR traps are about, asserted.

use crate::common;

use common::{collect_files, graph_comms, root};
use serde_json::{Value, json};

/// The folders of callback bodies: the IVR actions' notifications, the tone
/// notifications, and the partly readable batches.
const FOLDERS: [&str; 3] = [
    "fixtures/action-notifications",
    "fixtures/notifications",
    "fixtures/partial",
];

fn json_files() -> Vec<String> {
    let mut files = Vec::new();
    for folder in FOLDERS {
        collect_files(&root().join(folder), &mut files);
    }
    files
        .into_iter()
        .map(|f| f.to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect()
}

/// `decode FILE --format json`, parsed.
fn decode_json(file: &str) -> Value {
    let run = graph_comms(&["decode", "--format", "json", file]);
    assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("one JSON document")
}

#[test]
fn every_notification_fixture_decodes_as_snapshotted() {
    let files = json_files();
    assert!(files.len() >= 28, "found only {} fixtures", files.len());
    for file in &files {
        let human = graph_comms(&["decode", file]);
        let json = graph_comms(&["decode", "--format", "json", file]);
        let name = file
            .trim_start_matches("fixtures/")
            .trim_end_matches(".json")
            .replace('/', "__");
        insta::assert_snapshot!(
            name,
            format!(
                "{}\n=== --format json\n{}",
                human.transcript(),
                json.transcript()
            )
        );
    }
}

#[test]
fn the_json_has_the_documented_keys_and_nulls() {
    let file = "fixtures/action-notifications/mixed-operations.json";
    // The top-level keys, in the order printed (a `Value` sorts them).
    let text = graph_comms(&["decode", "--format", "json", file]).stdout;
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("  \"")?.split('"').next())
        .collect();
    assert_eq!(
        keys,
        [
            "notifications",
            "tones",
            "operations",
            "callEvents",
            "errors"
        ]
    );
    let out = decode_json(file);
    let operations = out["operations"].as_array().unwrap();
    // The running update is not an outcome; the rest, once per operation
    // (ids compared ignoring ASCII case only: the dash-less spelling is
    // another operation to the models).
    assert_eq!(operations.len(), 4, "{out:#}");
    assert_eq!(
        operations[3],
        json!({"callId": "57dab8b1-894c-409a-b240-bd8beae78896", "operationId": "3c9d",
               "type": "updateRecordingStatusOperation", "status": null,
               "completionReason": null, "resultInfo": null, "clientContext": "c3"})
    );

    let out = decode_json("fixtures/action-notifications/hang-up-v1-docs-terminated.json");
    assert_eq!(
        out["callEvents"],
        json!([{"callId": "57DAB8B1894C409AB240BD8BEAE78896", "changeType": "deleted",
                "state": "terminated",
                // Strings, as the docs example sends them.
                "resultInfo": {"code": "200", "subcode": "5001",
                               "message": "The conversation has ended."}}])
    );
    assert_eq!(out["operations"], json!([]));
}

/// The traps: a failed sendDtmfTones says `completed`; a cancelled
/// recording says `failed` with empty recording fields. The JSON gives the
/// facts; the human line gives the outcome.
#[test]
fn the_send_dtmf_and_record_outcomes_read_right() {
    for (file, reason, outcome) in [
        (
            "send-dtmf-tones-v1-docs-succeeded",
            "completedSuccessfully",
            "succeeded",
        ),
        (
            "send-dtmf-tones-v1-docs-error-case-1",
            "mediaOperationCanceled",
            "failed",
        ),
        ("send-dtmf-tones-v1-docs-error-case-2", "unknown", "failed"),
    ] {
        let file = format!("fixtures/action-notifications/{file}.json");
        let out = decode_json(&file);
        let operation = &out["operations"][0];
        assert_eq!(operation["type"], "sendDtmfTonesOperation");
        assert_eq!(operation["status"], "completed");
        assert_eq!(operation["completionReason"], reason);
        let human = graph_comms(&["decode", &file]).stdout;
        assert!(
            human.contains(&format!(
                "sendDtmfTonesOperation  {outcome}  status completed"
            )),
            "{human}"
        );
    }
    let file = "fixtures/action-notifications/record-response-v1-docs-cancelled.json";
    let out = decode_json(file);
    assert_eq!(
        out["operations"][0]["resultInfo"],
        json!({"code": 400, "subcode": 8508,
               "message": "Action failed, the operation was cancelled."})
    );
    assert_eq!(out["operations"][0]["status"], "failed");
    assert!(
        graph_comms(&["decode", file])
            .stdout
            .contains("recordOperation  failed")
    );
}

/// The recording's access token is a credential: no output of `decode`
/// (either format, stdout or stderr) shows it.
#[test]
fn decode_never_prints_a_recording_access_token() {
    let mut checked = 0;
    for file in json_files() {
        let bytes = std::fs::read(root().join(&file)).unwrap();
        let Ok(tree) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        let mut secrets = Vec::new();
        secrets_in(&tree, &mut secrets);
        if secrets.is_empty() {
            continue;
        }
        checked += 1;
        for args in [
            vec!["decode", &file],
            vec!["decode", "--format", "json", &file],
        ] {
            let run = graph_comms(&args);
            for secret in &secrets {
                assert!(
                    !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
                    "{args:?} printed a recording access token"
                );
            }
        }
    }
    assert!(
        checked >= 3,
        "only {checked} fixtures carry a recording token"
    );
}

/// Every non-empty recording access token string in `value`.
fn secrets_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let secret = matches!(
                    key.as_str(),
                    "recordingAccessToken" | "recordResourceAccessToken"
                );
                if let (true, Some(text)) = (secret, value.as_str())
                    && !text.is_empty()
                {
                    out.push(text.to_owned());
                }
                secrets_in(value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secrets_in(v, out)),
        _ => {}
    }
}
