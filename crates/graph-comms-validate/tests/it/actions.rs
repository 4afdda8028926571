//! The call actions' bodies, paths, permissions and media preconditions:
//! every documented request body (fixtures/action-requests) passes with
//! exactly the diagnostics listed here, each rule has a row of its own, and
//! the hostile bodies (fixtures/invalid/action-bodies) are snapshotted.

use graph_comms_models::{Call, MediaConfig};
use graph_comms_validate::{
    ApiVersion, CallAction, Diagnostic, NationalCloud, analyze_path, application_permissions,
    check_action_body, check_media_config_for, check_roles_for, check_token_claims_for,
};
use serde_json::{Value, json};
use std::path::Path;

fn sorted_maps() -> insta::internals::SettingsBindDropGuard {
    let mut settings = insta::Settings::clone_current();
    settings.set_sort_maps(true);
    settings.bind_to_scope()
}

/// The action a fixture's file name starts with (`record-` is the legacy
/// beta `record`, which takes the recordResponse body).
fn action_of(name: &str) -> CallAction {
    let prefixes = [
        ("play-prompt", CallAction::PlayPrompt),
        ("record-response", CallAction::RecordResponse),
        ("record-", CallAction::RecordResponse),
        ("cancel-media-processing", CallAction::CancelMediaProcessing),
        ("send-dtmf-tones", CallAction::SendDtmfTones),
        ("update-recording-status", CallAction::UpdateRecordingStatus),
        ("answer", CallAction::Answer),
        ("reject", CallAction::Reject),
        ("create-call", CallAction::CreateCall),
        ("hang-up", CallAction::HangUp),
    ];
    prefixes
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, action)| *action)
        .unwrap_or_else(|| panic!("no action for {name}"))
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// What each documented body gets, and why.
const EXPECTED: &[(&str, &[&str])] = &[
    // The page's placeholder callbackUri is not https.
    (
        "answer-v1-docs-app-hosted.json",
        &["callback-uri-not-https", "app-hosted-media-call"],
    ),
    ("answer-v1-docs-service-hosted.json", &[]),
    ("cancel-media-processing-v1-docs.json", &[]),
    (
        "create-call-v1-docs-app-hosted.json",
        &["app-hosted-media-call"],
    ),
    ("create-call-v1-docs-service-hosted.json", &[]),
    ("play-prompt-beta-docs.json", &[]),
    (
        "play-prompt-beta-media-prompt-loop.json",
        &["client-context-missing"],
    ),
    // The SDK's empty body: no prompts.
    (
        "play-prompt-beta-sdk-default.json",
        &["prompts-missing", "client-context-missing"],
    ),
    ("play-prompt-twenty-prompts.json", &[]),
    (
        "play-prompt-unknown-prompt-type.json",
        &[
            "prompt-not-media",
            "prompt-not-media",
            "client-context-missing",
        ],
    ),
    ("play-prompt-v1-docs.json", &[]),
    (
        "play-prompt-v1-sdk-default.json",
        &["prompts-missing", "client-context-missing"],
    ),
    // The 2018 record page: an unknown recordingFormat, 1800 s, and "11".
    (
        "record-beta-legacy-docs.json",
        &[
            "unknown-property",
            "timeout-out-of-range",
            "stop-tone-invalid",
        ],
    ),
    (
        "record-response-beta-sdk-default.json",
        &["play-beep-off", "client-context-missing"],
    ),
    ("record-response-empty.json", &["client-context-missing"]),
    ("record-response-v1-docs.json", &[]),
    (
        "record-response-v1-sdk-default.json",
        &["play-beep-off", "client-context-missing"],
    ),
    ("reject-beta-docs.json", &[]),
    ("reject-v1-docs.json", &[]),
    ("reject-with-callback-uri.json", &[]),
    ("send-dtmf-tones-v1-docs.json", &[]),
    ("update-recording-status-recording.json", &[]),
    // The page's placeholder "notRecording | recording | failed".
    (
        "update-recording-status-v1-docs.json",
        &["unknown-enum-value"],
    ),
];

#[test]
fn documented_request_bodies() {
    let _sorted = sorted_maps();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/action-requests");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        files, listed,
        "every fixture has a row, and every row a fixture"
    );
    let mut rows = Vec::new();
    for (name, expected) in EXPECTED {
        let action = action_of(name);
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let check = check_action_body(action, &bytes);
        assert_eq!(check.action, action);
        assert_eq!(codes(&check.diagnostics), *expected, "{name}");
        rows.push(
            json!({"file": name, "action": action.as_str(), "diagnostics": check.diagnostics}),
        );
    }
    insta::assert_json_snapshot!("documented_request_bodies", rows);
}

/// One row per rule: the smallest body that breaks it, and one that does not.
#[test]
fn rule_table() {
    let _sorted = sorted_maps();
    let prompt = json!({"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"}});
    let context = "d45324c1-fcb5-430a-902c-f20af696537c";
    let cases: Vec<(&str, CallAction, Value)> = vec![
        (
            "playPrompt: 21 prompts",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": vec![prompt.clone(); 21]}),
        ),
        (
            "playPrompt: empty prompts",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": []}),
        ),
        (
            "playPrompt: prompts null",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": null}),
        ),
        (
            "playPrompt: mp3",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/beep.mp3?x=.wav"}}]}),
        ),
        (
            "playPrompt: no mediaInfo",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt"}]}),
        ),
        (
            "playPrompt: no uri",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"resourceId": "r"}}]}),
        ),
        (
            "playPrompt: type in another case",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": [{"@odata.type": "#Microsoft.Graph.MediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/BEEP.WAV"}}]}),
        ),
        (
            "playPrompt: loop true",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": [prompt.clone()], "loop": true}),
        ),
        (
            "playPrompt: Prompts",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "Prompts": [prompt.clone()]}),
        ),
        (
            "playPrompt: prompt member unknown",
            CallAction::PlayPrompt,
            json!({"clientContext": context, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "format": "wav"}, "text": "x"}]}),
        ),
        (
            "recordResponse: two prompts",
            CallAction::RecordResponse,
            json!({"clientContext": context, "prompts": [prompt.clone(), prompt.clone()]}),
        ),
        (
            "recordResponse: timeouts 0, 121, -1",
            CallAction::RecordResponse,
            json!({"clientContext": context, "initialSilenceTimeoutInSeconds": 0, "maxSilenceTimeoutInSeconds": 121, "maxRecordDurationInSeconds": -1}),
        ),
        (
            "recordResponse: timeouts 1 and 120",
            CallAction::RecordResponse,
            json!({"clientContext": context, "initialSilenceTimeoutInSeconds": 1, "maxSilenceTimeoutInSeconds": 120, "maxRecordDurationInSeconds": 120}),
        ),
        (
            "recordResponse: timeout 2.5",
            CallAction::RecordResponse,
            json!({"clientContext": context, "maxRecordDurationInSeconds": 2.5}),
        ),
        (
            "recordResponse: stop tone names",
            CallAction::RecordResponse,
            json!({"clientContext": context, "stopTones": ["pound", "#", "", "11", 1, "a"]}),
        ),
        (
            "recordResponse: playBeep false",
            CallAction::RecordResponse,
            json!({"clientContext": context, "playBeep": false}),
        ),
        (
            "recordResponse: playBeep true",
            CallAction::RecordResponse,
            json!({"clientContext": context, "playBeep": true}),
        ),
        (
            "cancelMediaProcessing: extra",
            CallAction::CancelMediaProcessing,
            json!({"clientContext": context, "operationId": "x"}),
        ),
        (
            "cancelMediaProcessing: no context",
            CallAction::CancelMediaProcessing,
            json!({}),
        ),
        (
            "sendDtmfTones: empty",
            CallAction::SendDtmfTones,
            json!({"clientContext": context, "tones": []}),
        ),
        (
            "sendDtmfTones: absent",
            CallAction::SendDtmfTones,
            json!({"clientContext": context}),
        ),
        (
            "sendDtmfTones: characters",
            CallAction::SendDtmfTones,
            json!({"clientContext": context, "tones": ["1", "#", "tone10", "Tone1", null]}),
        ),
        (
            "sendDtmfTones: delay string",
            CallAction::SendDtmfTones,
            json!({"clientContext": context, "tones": ["tone1"], "delayBetweenTonesMs": "1000"}),
        ),
        (
            "updateRecordingStatus: no status",
            CallAction::UpdateRecordingStatus,
            json!({"clientContext": context}),
        ),
        (
            "updateRecordingStatus: unknown",
            CallAction::UpdateRecordingStatus,
            json!({"clientContext": context, "status": "unknown"}),
        ),
        (
            "answer: no modalities, no mediaConfig",
            CallAction::Answer,
            json!({"callbackUri": "https://bot.contoso.com/api/calls"}),
        ),
        (
            "answer: http callback, odd modality",
            CallAction::Answer,
            json!({"callbackUri": "http://bot.contoso.com/api/calls", "acceptedModalities": ["audio", "smell"], "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig", "preFetchMedia": [{"uri": "https://cdn.contoso.com/a.ogg"}]}}),
        ),
        (
            "answer: mediaConfig without type",
            CallAction::Answer,
            json!({"acceptedModalities": ["audio"], "mediaConfig": {"preFetchMedia": []}}),
        ),
        (
            "reject: unknown reason",
            CallAction::Reject,
            json!({"reason": "declined"}),
        ),
        ("reject: empty body", CallAction::Reject, json!({})),
        (
            "createCall: nothing",
            CallAction::CreateCall,
            json!({"@odata.type": "#microsoft.graph.call"}),
        ),
        (
            "createCall: unknown member",
            CallAction::CreateCall,
            json!({"callbackUri": "https://bot.contoso.com/callback", "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}, "clientContext": "x"}),
        ),
        (
            "any: callback body",
            CallAction::PlayPrompt,
            json!({"value": []}),
        ),
        (
            "any: not an object",
            CallAction::SendDtmfTones,
            json!(["tone1"]),
        ),
    ];
    let mut rows = Vec::new();
    for (case, action, body) in cases {
        let bytes = serde_json::to_vec(&body).unwrap();
        let check = check_action_body(action, &bytes);
        rows.push(
            json!({"case": case, "action": action.as_str(), "diagnostics": check.diagnostics}),
        );
    }
    let raw: Vec<(&str, CallAction, &[u8])> = vec![
        ("hang up: no body", CallAction::HangUp, b""),
        ("hang up: a body", CallAction::HangUp, b"{}"),
        (
            "playPrompt: not JSON",
            CallAction::PlayPrompt,
            b"{\"prompts\": [,]}",
        ),
        ("sendDtmfTones: empty bytes", CallAction::SendDtmfTones, b""),
        (
            "sendDtmfTones: tones twice",
            CallAction::SendDtmfTones,
            b"{\"tones\": 1, \"tones\": [\"tone1\"], \"clientContext\": \"c\"}",
        ),
        (
            "subscribeToTone: as check_request_body",
            CallAction::SubscribeToTone,
            b"{\"clientContext\": \"\"}",
        ),
    ];
    for (case, action, bytes) in raw {
        let check = check_action_body(action, bytes);
        rows.push(
            json!({"case": case, "action": action.as_str(), "diagnostics": check.diagnostics}),
        );
    }
    insta::assert_json_snapshot!("action_rules", rows);
}

#[test]
fn hostile_action_bodies() {
    let _sorted = sorted_maps();
    insta::glob!(
        "../../../../fixtures/invalid",
        "action-bodies/*.json",
        |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let bytes = std::fs::read(path).unwrap();
            let check = check_action_body(action_of(name), &bytes);
            insta::assert_json_snapshot!(check.diagnostics);
        }
    );
}

/// Bodies of the right shape that break the documented rules
/// (fixtures/invalid/action-rules): each breaks the rule its name says.
#[test]
fn rule_breaking_action_bodies() {
    let _sorted = sorted_maps();
    insta::glob!(
        "../../../../fixtures/invalid",
        "action-rules/*.json",
        |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let bytes = std::fs::read(path).unwrap();
            let check = check_action_body(action_of(name), &bytes);
            assert!(!check.diagnostics.is_empty(), "{name}");
            for d in &check.diagnostics {
                assert!(
                    !d.message.chars().any(|c| c.is_control() || c == '\u{202e}'),
                    "{name}: {}",
                    d.message
                );
            }
            insta::assert_json_snapshot!(check.diagnostics);
        }
    );
}

#[test]
fn paths_name_their_action() {
    let base = "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896";
    for action in CallAction::ALL {
        let path = match action {
            CallAction::CreateCall => {
                "https://graph.microsoft.com/v1.0/communications/calls".to_owned()
            }
            CallAction::HangUp => base.to_owned(),
            other => format!("{base}/{}", other.segment().unwrap()),
        };
        let a = analyze_path(&path);
        assert_eq!(a.call_action(), Some(action), "{path}");
        assert!(a.diagnostics().is_empty(), "{path}: {:?}", a.diagnostics());
    }
    let cases = [
        (
            "/beta/app/calls/abc/playPrompt",
            Some(CallAction::PlayPrompt),
        ),
        (
            "/beta/applications/app/calls/abc/recordResponse",
            Some(CallAction::RecordResponse),
        ),
        (
            "/v1.0/communications/calls/abc/microsoft.graph.sendDtmfTones",
            Some(CallAction::SendDtmfTones),
        ),
        (
            "/v1.0/communications/calls/abc/ANSWER",
            Some(CallAction::Answer),
        ),
        (
            "/v1.0/communications/calls/abc/reject?x=1",
            Some(CallAction::Reject),
        ),
        ("/v1.0/communications/calls/abc/operations/op", None),
        ("/v1.0/communications/calls/abc/operations", None),
        ("/v1.0/communications/calls/abc/keepAlive", None),
        ("/v1.0/communications/calls/abc/participants/p/mute", None),
        ("/me/messages", None),
    ];
    for (path, want) in cases {
        assert_eq!(analyze_path(path).call_action(), want, "{path}");
    }
    // The deprecated forms keep their replacement.
    let a = analyze_path("/beta/app/calls/abc/cancelMediaProcessing");
    assert_eq!(
        a.replacement(),
        Some("/beta/communications/calls/abc/cancelMediaProcessing")
    );
}

#[test]
fn send_dtmf_tones_is_global_only() {
    let _sorted = sorted_maps();
    let mut rows = Vec::new();
    for cloud in NationalCloud::ALL {
        for version in ApiVersion::ALL {
            for action in [
                CallAction::SendDtmfTones,
                CallAction::PlayPrompt,
                CallAction::HangUp,
            ] {
                let url = format!(
                    "{}/{version}/communications/calls/abc{}",
                    cloud.graph_root(),
                    action
                        .segment()
                        .map(|s| format!("/{s}"))
                        .unwrap_or_default()
                );
                let a = analyze_path(&url);
                let warned = !a.diagnostics().is_empty();
                assert_eq!(
                    warned,
                    action.offered_in(cloud, version) == Some(false),
                    "{url}"
                );
                if warned {
                    rows.push(json!({"url": url, "diagnostics": a.diagnostics()}));
                }
            }
        }
    }
    insta::assert_json_snapshot!("actions_outside_their_clouds", rows);
}

#[test]
fn permission_and_media_tables() {
    let _sorted = sorted_maps();
    let mut app_hosted = Call::default();
    app_hosted.media_config = Some(MediaConfig::app_hosted());
    let mut rows = Vec::new();
    for action in CallAction::ALL {
        let roles_initiate = check_roles_for(action, &["Calls.Initiate.All"]);
        let delegated = check_token_claims_for(action, &json!({"scp": "Calls.Initiate"}));
        rows.push(json!({
            "action": action.as_str(),
            "permissions": application_permissions(action),
            "roles [Calls.Initiate.All]": roles_initiate,
            "delegated token": delegated,
            "app-hosted call": check_media_config_for(action, &app_hosted),
            "call without mediaConfig": check_media_config_for(action, &Call::default()),
        }));
    }
    insta::assert_json_snapshot!("action_permissions_and_media", rows);
}

/// Tone wire names that cannot be mistaken for other text.
const TONE_NAMES: [&str; 13] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "flash",
];

/// No diagnostic of any action, for any fixture, names a tone.
#[test]
fn no_diagnostic_names_a_tone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut stack = vec![root];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            for action in CallAction::ALL {
                for d in check_action_body(action, &bytes).diagnostics {
                    let text = format!("{d}\n{d:?}").to_lowercase();
                    for name in TONE_NAMES {
                        assert!(
                            !text.contains(name),
                            "{name} in {text} ({})",
                            path.display()
                        );
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "expected the fixtures tree, found {checked} files"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::FileFailurePersistence;

    /// Member names: every parameter any action knows, and some it does not.
    const KEYS: &[&str] = &[
        "clientContext",
        "prompts",
        "loop",
        "mediaInfo",
        "uri",
        "resourceId",
        "@odata.type",
        "bargeInAllowed",
        "maxRecordDurationInSeconds",
        "initialSilenceTimeoutInSeconds",
        "maxSilenceTimeoutInSeconds",
        "playBeep",
        "stopTones",
        "streamWhileRecording",
        "tones",
        "delayBetweenTonesMs",
        "status",
        "callbackUri",
        "acceptedModalities",
        "mediaConfig",
        "participantCapacity",
        "callOptions",
        "reason",
        "targets",
        "requestedModalities",
        "preFetchMedia",
        "value",
        "Prompts",
        "x",
    ];

    /// Scalars that cannot occur in a message by chance: `zq` and letters.
    fn marker() -> impl Strategy<Value = String> {
        "zq[a-z]{6,10}"
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            marker().prop_map(Value::String),
            Just(Value::String("#microsoft.graph.mediaPrompt".into())),
            Just(Value::String(
                "#microsoft.graph.serviceHostedMediaConfig".into()
            )),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::Null),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(
                    |members| Value::Object(
                        members
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect()
                    )
                ),
            ]
        })
    }

    fn markers(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) if s.starts_with("zq") => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| markers(v, out)),
            Value::Object(map) => map.values().for_each(|v| markers(v, out)),
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
            ..ProptestConfig::default()
        })]

        /// Arbitrary bytes never panic any action's check, and a body that is
        /// not JSON always gets an error (hang up aside: any body is a warning).
        #[test]
        fn any_bytes_check(bytes in prop::collection::vec(any::<u8>(), 0..96)) {
            for action in CallAction::ALL {
                let check = check_action_body(action, &bytes);
                if action.has_body() && serde_json::from_slice::<Value>(&bytes).is_err() {
                    prop_assert!(check.has_errors());
                }
            }
        }

        /// No diagnostic quotes a string value of the body.
        #[test]
        fn no_value_is_echoed(body in json()) {
            let bytes = serde_json::to_vec(&body).unwrap();
            let mut values = Vec::new();
            markers(&body, &mut values);
            for action in CallAction::ALL {
                for d in check_action_body(action, &bytes).diagnostics {
                    let text = format!("{d}\n{d:?}");
                    for value in &values {
                        prop_assert!(!text.contains(value.as_str()), "{} quoted in {}", value, text);
                    }
                }
            }
        }
    }
}

/// Paths that name no action keep their diagnostics and get `unknown-action`.
#[test]
fn unknown_action_table() {
    let _sorted = sorted_maps();
    let rows: Vec<Value> = [
        "/v1.0/communications/calls/abc/playPromt",
        "/v1.0/communications/calls/abc/keepAlive",
        "/v1.0/communications/calls/abc/operations/op",
        "/v1.0/communications/calls/abc/participants/p/mute",
        "/beta/app/calls/abc/record",
        "/v1.0/communications/calls/abc/playPrompt",
        "/me/messages",
    ]
    .into_iter()
    .map(|path| {
        let a = analyze_path(path).expect_call_action();
        json!({"path": path, "action": a.call_action(), "diagnostics": a.diagnostics()})
    })
    .collect();
    insta::assert_json_snapshot!("unknown_actions", rows);
}
