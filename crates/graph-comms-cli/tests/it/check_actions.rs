//! `graph-comms check` on every call action: the path's action picks the
//! body's rules, and a path that names no action keeps its path diagnostics.

use crate::{common, snapshot};

use common::graph_comms;
use graph_comms_validate::{CallAction, check_action_body};

const CALL: &str =
    "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896";

/// The path of `action` on the documented call.
fn path_of(action: CallAction) -> String {
    match action {
        CallAction::CreateCall => {
            "https://graph.microsoft.com/v1.0/communications/calls".to_owned()
        }
        CallAction::HangUp => CALL.to_owned(),
        other => format!("{CALL}/{}", other.segment().unwrap()),
    }
}

/// The action a fixture's name starts with: the action's name in kebab case
/// (`play-prompt-…`), or `record-…` for the legacy beta `record`, which takes
/// recordResponse's body.
fn action_of(name: &str) -> CallAction {
    let kebab = |action: CallAction| {
        let mut out = String::new();
        for c in action.as_str().chars() {
            if c.is_ascii_uppercase() {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    };
    CallAction::ALL
        .into_iter()
        .find(|action| name.starts_with(&format!("{}-", kebab(*action))))
        .or_else(|| {
            name.starts_with("record-")
                .then_some(CallAction::RecordResponse)
        })
        .unwrap_or_else(|| panic!("no action for {name}"))
}

/// Every documented request body, sent to its action's path: the command
/// exits as the library's diagnostics say, and its JSON is exactly them.
#[test]
fn every_documented_body_by_its_path() {
    let dir = common::root().join("fixtures/action-requests");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{names:?}");
    for name in names {
        let action = action_of(&name);
        let file = format!("fixtures/action-requests/{name}");
        let path = path_of(action);
        let run = graph_comms(&[
            "check", "--path", &path, "--body", &file, "--format", "json",
        ]);
        let expected = check_action_body(action, &std::fs::read(dir.join(&name)).unwrap());
        assert_eq!(
            run.code,
            Some(i32::from(expected.has_errors())),
            "{name}: {}",
            run.stdout
        );
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            json["diagnostics"],
            serde_json::to_value(&expected.diagnostics).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn check_action_snapshots() {
    snapshot!(
        "play_prompt_sdk_default",
        &[
            "check",
            "--path",
            "/v1.0/communications/calls/abc/playPrompt",
            "--body",
            "fixtures/action-requests/play-prompt-v1-sdk-default.json"
        ]
    );
    snapshot!(
        "record_response_sdk_default_json",
        &[
            "check",
            "--path",
            "/v1.0/communications/calls/abc/recordResponse",
            "--body",
            "fixtures/action-requests/record-response-v1-sdk-default.json",
            "--format",
            "json"
        ]
    );
    snapshot!(
        "send_dtmf_tones_namespaced_us_gov",
        &[
            "check",
            "--path",
            "https://graph.microsoft.us/v1.0/communications/calls/481f3600-e9b2-4d4c-9d16-c5a5bb3e1a94/microsoft.graph.sendDtmfTones",
            "--body",
            "fixtures/action-requests/send-dtmf-tones-v1-docs.json"
        ]
    );
    snapshot!(
        "record_response_hostile_stop_tones",
        &[
            "check",
            "--path",
            "/beta/app/calls/abc/recordResponse",
            "--body",
            "fixtures/invalid/action-bodies/record-response-stop-tones-names.json"
        ]
    );
    snapshot!(
        "answer_app_hosted_json",
        &[
            "check",
            "--path",
            "/v1.0/communications/calls/abc/answer",
            "--body",
            "fixtures/action-requests/answer-v1-docs-app-hosted.json",
            "--format",
            "json"
        ]
    );
    snapshot!(
        "hang_up_with_a_body",
        &[
            "check",
            "--path",
            "/v1.0/communications/calls/abc",
            "--body",
            "-"
        ],
        stdin = b"{\"clientContext\": \"c\"}"
    );
}

#[test]
fn paths_naming_no_action() {
    // A misspelt action: the path's diagnostics, and the body is not checked.
    let run = graph_comms(&[
        "check",
        "--path",
        "/v1.0/communications/calls/abc/playPromt",
        "--body",
        "fixtures/action-requests/play-prompt-v1-sdk-default.json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(run.stdout.contains("unknown-action"), "{}", run.stdout);
    assert!(!run.stdout.contains("prompts-missing"), "{}", run.stdout);
    insta::assert_snapshot!("misspelt_action", run.transcript());
    // An operation, with a broken call id: still every path diagnostic.
    let run = graph_comms(&[
        "check",
        "--path",
        "/v1.0/communications/calls/a%2Fb/operations/op",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    insta::assert_snapshot!("operation_path_json", run.transcript());
}
