//! The Graph side and the calls, on the sans-IO core directly: no sockets,
//! time passed in.

use graph_comms_emulator::core::{Core, CoreConfig, GraphRequest, GraphResponse};
use graph_comms_models::{CommsNotifications, ODataError, Operation, OperationOutcome, Resource};
use serde_json::Value;
use std::time::Duration;

pub const APP_ID: &str = "app";

pub fn core_with_token() -> (Core, String) {
    let mut core = Core::new(CoreConfig::new(APP_ID, "tenant", "http://127.0.0.1:9"));
    let (status, body) = core.token_request(
        Duration::ZERO,
        b"client_id=app&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=x&grant_type=client_credentials",
    );
    assert_eq!(status, 200);
    (core, body["access_token"].as_str().unwrap().to_owned())
}

fn post(core: &mut Core, now: u64, token: &str, path: &str, body: &str) -> GraphResponse {
    let request = GraphRequest::new("POST", path).bearer(token).body(body);
    core.handle_graph_request(Duration::from_millis(now), &request)
}

fn odata_code(answer: &GraphResponse) -> String {
    let body = serde_json::to_vec(answer.body.as_ref().unwrap()).unwrap();
    let error: ODataError = graph_comms_models::from_slice(&body).unwrap();
    error.error.unwrap().code.unwrap()
}

/// Every notification delivered up to `now`.
fn drain(core: &mut Core, now: u64) -> Vec<Value> {
    let now = Duration::from_millis(now);
    core.handle_timeout(now);
    let mut out = Vec::new();
    while let Some(delivery) = core.poll_delivery(now) {
        let bytes = serde_json::to_vec(&delivery.body).unwrap();
        CommsNotifications::from_slice(&bytes).expect("every body reads as commsNotifications");
        out.extend(delivery.body["value"].as_array().unwrap().iter().cloned());
    }
    out
}

/// An answered, established incoming call.
pub fn established(core: &mut Core, token: &str) -> String {
    let id = core.start_incoming_call(Duration::ZERO, Some("http://bot".into()), None);
    let answer = post(
        core,
        0,
        token,
        &format!("/v1.0/communications/calls/{id}/answer"),
        r##"{"callbackUri":"https://bot/cb","acceptedModalities":["audio"],"mediaConfig":{"@odata.type":"#microsoft.graph.serviceHostedMediaConfig"}}"##,
    );
    assert_eq!(answer.status, 202);
    drain(core, 1000);
    assert_eq!(core.call_view(&id).unwrap().state, "established");
    id
}

#[test]
fn without_a_token_it_issued_the_graph_side_answers_401() {
    let (mut core, _) = core_with_token();
    let answer = post(
        &mut core,
        0,
        "forged",
        "/v1.0/communications/calls/x/playPrompt",
        "{}",
    );
    assert_eq!(
        (answer.status, odata_code(&answer).as_str()),
        (401, "InvalidAuthenticationToken")
    );
    let no_header = core.handle_graph_request(
        Duration::ZERO,
        &GraphRequest::new("GET", "/v1.0/communications/calls/x"),
    );
    assert_eq!(no_header.status, 401);
}

#[test]
fn an_unknown_or_ended_call_is_404_with_code_8522() {
    let (mut core, token) = core_with_token();
    let answer = post(
        &mut core,
        0,
        &token,
        "/v1.0/communications/calls/nope/subscribeToTone",
        "{}",
    );
    assert_eq!((answer.status, odata_code(&answer).as_str()), (404, "8522"));
    let id = established(&mut core, &token);
    let request =
        GraphRequest::new("DELETE", format!("/v1.0/communications/calls/{id}")).bearer(&token);
    assert_eq!(
        core.handle_graph_request(Duration::from_secs(1), &request)
            .status,
        204
    );
    let answer = post(
        &mut core,
        1001,
        &token,
        &format!("/v1.0/communications/calls/{id}/playPrompt"),
        "{}",
    );
    assert_eq!((answer.status, odata_code(&answer).as_str()), (404, "8522"));
    let ends: Vec<Value> = drain(&mut core, 1001);
    assert_eq!(ends[0]["resourceData"]["state"], "terminating");
    assert_eq!(ends[1]["changeType"], "deleted");
    assert_eq!(ends[1]["resourceData"]["resultInfo"]["subcode"], 5001);
}

#[test]
fn a_body_the_rules_refuse_is_400_and_app_hosted_subscription_is_500_9999() {
    let (mut core, token) = core_with_token();
    let id = established(&mut core, &token);
    let path = format!("/v1.0/communications/calls/{id}/subscribeToTone");
    let answer = post(&mut core, 1000, &token, &path, r#"{"clientContext": 42}"#);
    assert_eq!(
        (answer.status, odata_code(&answer).as_str()),
        (400, "BadRequest")
    );
    let answer = post(
        &mut core,
        1000,
        &token,
        &format!("/v1.0/communications/calls/{id}/playPrompt"),
        r#"{"prompts": []}"#,
    );
    assert_eq!(answer.status, 400);

    let other = core.start_incoming_call(Duration::ZERO, None, None);
    let answer = post(
        &mut core,
        1000,
        &token,
        &format!("/v1.0/communications/calls/{other}/answer"),
        r##"{"callbackUri":"https://bot/cb","acceptedModalities":["audio"],"mediaConfig":{"@odata.type":"#microsoft.graph.appHostedMediaConfig","blob":"b"}}"##,
    );
    assert_eq!(answer.status, 202);
    let answer = post(
        &mut core,
        1000,
        &token,
        &format!("/v1.0/communications/calls/{other}/subscribeToTone"),
        "{}",
    );
    assert_eq!((answer.status, odata_code(&answer).as_str()), (500, "9999"));
}

#[test]
fn a_prompt_completes_after_its_duration_with_a_deleted_notification_on_its_operation() {
    let (mut core, token) = core_with_token();
    let id = established(&mut core, &token);
    let answer = post(
        &mut core,
        1000,
        &token,
        &format!("/beta/app/calls/{id}/playPrompt"),
        r##"{"prompts":[{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn/a.wav"}}],"clientContext":"c1"}"##,
    );
    assert_eq!(answer.status, 200);
    let location = answer.location().unwrap().to_owned();
    assert!(location.starts_with(&format!(
        "http://127.0.0.1:9/beta/communications/calls/{id}/operations/"
    )));
    assert_eq!(answer.body.as_ref().unwrap()["status"], "running");
    assert!(
        core.transcript()
            .iter()
            .any(|e| e["deprecatedPath"] == true),
        "the /app path is flagged"
    );
    assert!(drain(&mut core, 2999).is_empty(), "2 s by default");
    let done = drain(&mut core, 3000);
    let op_id = location.rsplit('/').next().unwrap();
    assert_eq!(done[0]["changeType"], "deleted");
    assert_eq!(
        done[0]["resourceUrl"],
        format!("/communications/calls/{id}/operations/{op_id}")
    );
    assert_eq!(
        done[0]["resource"],
        format!("/app/calls/{id}/operations/{op_id}")
    );
    assert_eq!(done[0]["resourceData"]["status"], "completed");
    assert_eq!(done[0]["resourceData"]["clientContext"], "c1");
    let get = GraphRequest::new(
        "GET",
        format!("/v1.0/communications/calls/{id}/operations/{op_id}"),
    )
    .bearer(&token);
    assert_eq!(
        core.handle_graph_request(Duration::from_secs(3), &get)
            .body
            .unwrap()["status"],
        "completed"
    );
}

#[test]
fn cancel_media_processing_cancels_the_running_and_queued_prompts_and_recordings() {
    let (mut core, token) = core_with_token();
    let id = established(&mut core, &token);
    let calls = format!("/v1.0/communications/calls/{id}");
    let prompt = r##"{"prompts":[{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn/a.wav"}}]}"##;
    assert_eq!(
        post(
            &mut core,
            1000,
            &token,
            &format!("{calls}/playPrompt"),
            prompt
        )
        .status,
        200
    );
    assert_eq!(
        post(
            &mut core,
            1000,
            &token,
            &format!("{calls}/recordResponse"),
            "{}"
        )
        .status,
        200
    );
    let cancel = post(
        &mut core,
        1500,
        &token,
        &format!("{calls}/cancelMediaProcessing"),
        r#"{"clientContext":"x"}"#,
    );
    assert_eq!(cancel.body.as_ref().unwrap()["status"], "completed");
    let done = drain(&mut core, 1500);
    assert_eq!(done.len(), 2);
    let outcome = |v: &Value| {
        let r = Resource::from_value(v["resourceData"].clone());
        r.as_operation().and_then(Operation::outcome)
    };
    assert!(
        done.iter()
            .all(|v| outcome(v) == Some(OperationOutcome::Failed))
    );
    assert_eq!(done[1]["resourceData"]["resultInfo"]["subcode"], 8508);
    assert_eq!(done[1]["resourceData"]["recordingLocation"], "");
    assert!(drain(&mut core, 60_000).is_empty(), "nothing more runs");
}

#[test]
fn a_recording_ends_on_a_stop_tone_and_is_served_behind_its_access_token() {
    let (mut core, token) = core_with_token();
    let id = established(&mut core, &token);
    let body = r##"{"stopTones":["#"],"maxRecordDurationInSeconds":10}"##;
    assert_eq!(
        post(
            &mut core,
            1000,
            &token,
            &format!("/v1.0/communications/calls/{id}/recordResponse"),
            body
        )
        .status,
        200
    );
    core.speak(Duration::from_millis(1500), &id, Duration::from_secs(1));
    core.press(Duration::from_millis(2000), &id, "#", Duration::ZERO)
        .unwrap();
    let done = drain(&mut core, 2000);
    let data = &done[0]["resourceData"];
    assert_eq!(data["completionReason"], "stopToneDetected");
    let location = data["recordingLocation"].as_str().unwrap();
    let recording = location.rsplit('/').next().unwrap();
    assert!(core.recording_authorized(recording, data["recordingAccessToken"].as_str().unwrap()));
    assert!(!core.recording_authorized(recording, "guess"));
    let debug = format!("{:?}", core);
    assert!(
        !debug.contains(data["recordingAccessToken"].as_str().unwrap()),
        "no credential in Debug"
    );
}

#[test]
fn a_key_pressed_before_the_subscription_is_lost_and_the_next_reaches_the_bot() {
    let (mut core, token) = core_with_token();
    let id = established(&mut core, &token);
    core.press(Duration::from_millis(1000), &id, "1", Duration::ZERO)
        .unwrap();
    assert!(drain(&mut core, 1000).is_empty());
    assert_eq!(core.call_view(&id).unwrap().lost_tones, 1);
    let sub = post(
        &mut core,
        1100,
        &token,
        &format!("/v1.0/communications/calls/{id}/subscribeToTone"),
        r#"{"clientContext":"c"}"#,
    );
    assert_eq!(sub.body.unwrap()["status"], "completed");
    core.press(Duration::from_millis(1200), &id, "2", Duration::ZERO)
        .unwrap();
    let tones = drain(&mut core, 1200);
    assert_eq!(tones[0]["resourceData"]["toneInfo"]["tone"], "tone2");
    assert_eq!(tones[0]["resourceData"]["toneInfo"]["sequenceId"], 1);
    assert!(core.transcript().iter().all(|e| e.get("tone").is_none()));
}

#[test]
fn an_incoming_call_not_answered_within_15_s_ends_with_408_1106() {
    let (mut core, _) = core_with_token();
    let id = core.start_incoming_call(Duration::ZERO, None, Some("+15550100"));
    let created = drain(&mut core, 0);
    assert_eq!(
        created[0]["resourceData"]["source"]["identity"]["phone"]["id"],
        "+15550100"
    );
    assert_eq!(created[0]["resource"], format!("/app/calls/{id}"));
    assert!(drain(&mut core, 14_999).is_empty());
    let end = drain(&mut core, 15_000);
    assert_eq!(end[0]["resourceData"]["resultInfo"]["code"], 408);
    assert_eq!(end[0]["resourceData"]["resultInfo"]["subcode"], 1106);
}

#[test]
fn the_token_endpoint_accepts_only_the_configured_secret_when_there_is_one() {
    let mut config = CoreConfig::new(APP_ID, "tenant", "http://127.0.0.1:9");
    config.app_secret = Some(graph_comms_auth::ClientSecret::new("right"));
    assert!(
        !format!("{config:?}").contains("right"),
        "the secret is redacted in Debug"
    );
    let builder = graph_comms_emulator::Emulator::builder().app_secret("right");
    assert!(
        !format!("{builder:?}").contains("right"),
        "and in the builder's"
    );
    let mut core = Core::new(config);
    let form = |secret: &str| {
        format!(
            "client_id=app&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret={secret}&grant_type=client_credentials"
        )
    };
    let (status, body) = core.token_request(Duration::ZERO, form("wrong").as_bytes());
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    assert!(!body.to_string().contains("wrong"));
    assert_eq!(
        core.token_request(Duration::ZERO, form("right").as_bytes())
            .0,
        200
    );
}

#[test]
fn tones_appear_in_the_transcript_only_when_asked_for() {
    let mut config = CoreConfig::new(APP_ID, "tenant", "http://127.0.0.1:9");
    config.show_tones = true;
    let mut core = Core::new(config);
    let id = core.start_incoming_call(Duration::ZERO, None, None);
    core.press(Duration::ZERO, &id, "7", Duration::ZERO)
        .unwrap();
    core.handle_timeout(Duration::ZERO);
    let lost: Vec<&Value> = core
        .transcript()
        .iter()
        .filter(|e| e.get("tone").is_some())
        .collect();
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0]["tone"], "7");
    assert!(lost[0]["event"].as_str().unwrap().starts_with("tone lost"));
}
