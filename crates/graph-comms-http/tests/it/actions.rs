//! The call actions: for each, the documented request built byte for byte
//! (snapshots), the documented answer read, an error status read to a
//! GraphError, and a Location for another call refused. Then the recording
//! download.

use crate::common;

use common::*;
use graph_comms_http::{
    Answer, ApiVersion, CancelMediaProcessing, CreateCall, Endpoint, FetchRecording, HangUp,
    NationalCloud, PlayPrompt, RecordResponse, Reject, RequestErrorKind, ResponseErrorKind,
    SendDtmfTones, UpdateRecordingStatus,
};
use graph_comms_models::{
    OperationStatus, PlayPromptRequest, RecordOperation, RecordingAccessToken,
};
use serde::de::DeserializeOwned;

const OTHER_CALL: &str = "11111111-2222-3333-4444-555555555555";

/// The typed body of a request fixture, checked to serialise back to the
/// fixture's JSON (nothing lost, nothing added).
fn documented_body<T: DeserializeOwned + serde::Serialize>(name: &str) -> T {
    let bytes = fixture(&format!("action-requests/{name}"));
    let body: T = graph_comms_models::from_slice(&bytes).expect("a documented body reads");
    let written: serde_json::Value = serde_json::to_value(&body).expect("writes");
    let documented: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(written, documented, "{name}: the typed body round-trips");
    body
}

fn endpoint() -> Endpoint {
    Endpoint::new(NationalCloud::Global, ApiVersion::V1_0)
}

fn operation_location(call_id: &str, operation_id: &str) -> String {
    format!(
        "https://graph.microsoft.com/v1.0/communications/calls/{call_id}/operations/{operation_id}"
    )
}

/// The documented `200 OK` of an action: the fixture body, JSON, and a
/// `Location` naming the body's operation of `call_id`.
fn documented_200(operation_fixture: &str, call_id: &str) -> http::Response<Vec<u8>> {
    let body = fixture(&format!("action-operations/{operation_fixture}"));
    let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    let id = value["id"].as_str().expect("the documented body has an id");
    http::Response::builder()
        .status(200)
        .header("Content-Type", "application/json")
        .header("Location", operation_location(call_id, id))
        .body(body)
        .expect("a response")
}

fn not_found() -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(404)
        .header("Content-Type", "application/json")
        .body(fixture("errors/call-not-found.json"))
        .expect("a response")
}

/// One media action end to end: the request snapshotted, its body equal to
/// the typed body's JSON; the documented 200 read to the typed operation;
/// a 404 read to a GraphError; a Location for another call refused.
macro_rules! media_action {
    ($test:ident, $action:ident, $request:literal, $operation:literal, $status:expr) => {
        #[test]
        fn $test() {
            let body = documented_body($request);
            let expected_bytes = serde_json::to_vec(&body).expect("writes");
            let action = $action::builder()
                .endpoint(endpoint())
                .call_id(CALL_ID)
                .client_request_id(CLIENT_REQUEST_ID)
                .access_token(TOKEN)
                .body(body)
                .build()
                .expect("a valid request");
            let request = action.to_request();
            assert_eq!(
                request.body(),
                &expected_bytes,
                "the body is the typed body's JSON"
            );
            assert_eq!(action.body(), expected_bytes.as_slice());
            assert!(request.headers()["authorization"].is_sensitive());
            insta::assert_snapshot!(stringify!($test), render_request(&request));

            let answer = action
                .read_response(&documented_200($operation, CALL_ID))
                .expect("the documented answer reads");
            let operation = answer.operation().expect("the documented 200 has a body");
            assert_eq!(operation.status, Some($status));
            assert_eq!(answer.operation_id(), operation.id.as_deref());
            assert_eq!(
                answer.location().expect("a Location").call_id().as_str(),
                CALL_ID
            );

            let err = action.read_response(&not_found()).unwrap_err();
            assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
            let graph = err.graph_error().expect("a GraphError");
            assert_eq!(graph.status(), 404);
            assert!(graph.code().is_some());

            let err = action
                .read_response(&documented_200($operation, OTHER_CALL))
                .unwrap_err();
            assert_eq!(err.kind(), ResponseErrorKind::LocationCallIdMismatch);
        }
    };
}

media_action!(
    play_prompt,
    PlayPrompt,
    "play-prompt-v1-docs.json",
    "play-prompt-v1-docs-200.json",
    OperationStatus::Running
);
media_action!(
    record_response,
    RecordResponse,
    "record-response-v1-docs.json",
    "record-v1-docs-200.json",
    OperationStatus::Running
);
media_action!(
    cancel_media_processing,
    CancelMediaProcessing,
    "cancel-media-processing-v1-docs.json",
    "cancel-media-processing-v1-docs-200.json",
    OperationStatus::Completed
);
media_action!(
    send_dtmf_tones,
    SendDtmfTones,
    "send-dtmf-tones-v1-docs.json",
    "send-dtmf-tones-v1-docs-200.json",
    OperationStatus::Running
);
media_action!(
    update_recording_status,
    UpdateRecordingStatus,
    "update-recording-status-v1-docs.json",
    "update-recording-status-v1-docs-200.json",
    OperationStatus::Completed
);

/// An action without an operation: the request snapshotted, `202`/`204`
/// read, a 404 read to a GraphError.
fn check_acknowledged(
    name: &str,
    request: http::Request<Vec<u8>>,
    read: impl Fn(
        &http::Response<Vec<u8>>,
    ) -> Result<graph_comms_http::Acknowledged, graph_comms_http::ResponseError>,
    documented: u16,
) {
    insta::assert_snapshot!(name, render_request(&request));
    let accepted = http::Response::builder()
        .status(documented)
        .header("request-id", "b6b5c2a0-3a8e-4b71-9a53-59d0f07c2e11")
        .body(Vec::new())
        .expect("a response");
    let ack = read(&accepted).expect("the documented answer reads");
    assert_eq!(ack.status(), documented);
    assert_eq!(
        ack.request_id(),
        Some("b6b5c2a0-3a8e-4b71-9a53-59d0f07c2e11")
    );
    let err = read(&not_found()).unwrap_err();
    assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
    assert_eq!(err.graph_error().expect("a GraphError").status(), 404);
    let redirect = http::Response::builder()
        .status(302)
        .body(Vec::new())
        .expect("a response");
    assert_eq!(
        read(&redirect).unwrap_err().kind(),
        ResponseErrorKind::UnexpectedStatus
    );
}

#[test]
fn answer() {
    let body = documented_body("answer-v1-docs-service-hosted.json");
    let expected = serde_json::to_vec(&body).expect("writes");
    let answer = Answer::builder()
        .call_id(CALL_ID)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body)
        .build()
        .expect("a valid request");
    let request = answer.to_request();
    assert_eq!(request.body(), &expected);
    assert!(
        request
            .uri()
            .path()
            .ends_with(&format!("/calls/{CALL_ID}/answer"))
    );
    check_acknowledged("answer", request, |r| answer.read_response(r), 202);
}

#[test]
fn reject() {
    let body = documented_body("reject-v1-docs.json");
    let reject = Reject::builder()
        .call_id(CALL_ID)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body)
        .build()
        .expect("a valid request");
    let request = reject.to_request();
    assert_eq!(request.body(), br#"{"reason":"busy"}"#);
    check_acknowledged("reject", request, |r| reject.read_response(r), 202);
}

#[test]
fn hang_up() {
    let hang_up = HangUp::builder()
        .call_id(CALL_ID)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .build()
        .expect("a valid request");
    let request = hang_up.to_request();
    assert_eq!(request.method(), "DELETE");
    assert!(request.body().is_empty());
    assert!(request.headers().get("content-type").is_none());
    check_acknowledged("hang_up", request, |r| hang_up.read_response(r), 204);
}

#[test]
fn the_call_id_is_one_percent_encoded_segment_for_every_action() {
    let body = || PlayPromptRequest::new([]);
    let play = PlayPrompt::builder()
        .call_id("e%41é+{}")
        .body(body())
        .build()
        .expect("valid");
    assert_eq!(
        play.to_request().uri().path(),
        "/v1.0/communications/calls/e%2541%C3%A9%2B%7B%7D/playPrompt"
    );
    let hang_up = HangUp::builder()
        .call_id("e%41é+{}")
        .build()
        .expect("valid");
    assert_eq!(
        hang_up.to_request().uri().path(),
        "/v1.0/communications/calls/e%2541%C3%A9%2B%7B%7D"
    );
}

#[test]
fn builders_refuse_a_missing_call_id_or_body_and_keep_the_first_error() {
    let err = PlayPrompt::builder()
        .body(PlayPromptRequest::new([]))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::MissingCallId);
    let err = PlayPrompt::builder().call_id(CALL_ID).build().unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::MissingBody);
    assert!(err.to_string().contains("PlayPrompt"), "{err}");
    let err = PlayPrompt::builder()
        .access_token("bad\ntoken")
        .call_id(CALL_ID)
        .body(PlayPromptRequest::new([]))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::InvalidAccessToken);
    assert!(!err.to_string().contains("bad"));
}

fn minimal_play_prompt() -> PlayPrompt {
    PlayPrompt::builder()
        .call_id(CALL_ID)
        .body(PlayPromptRequest::new([]))
        .build()
        .expect("valid")
}

fn response(status: u16, location: Option<&str>, body: &[u8]) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    if let Some(location) = location {
        builder = builder.header("Location", location);
    }
    builder.body(body.to_vec()).expect("a response")
}

#[test]
fn an_empty_success_gives_no_operation_and_the_location_still_names_it() {
    let play = minimal_play_prompt();
    let response = response(200, Some(&operation_location(CALL_ID, OPERATION_ID)), b"");
    let answer = play.read_response(&response).expect("reads");
    assert!(answer.operation().is_none());
    assert_eq!(answer.operation_id(), Some(OPERATION_ID));
}

#[test]
fn a_body_of_another_shape_is_refused_with_the_action_named() {
    let play = minimal_play_prompt();
    let response = response(200, None, br#"{"status": ["running"]}"#);
    let err = play.read_response(&response).unwrap_err();
    assert_eq!(err.kind(), ResponseErrorKind::InvalidBody);
    insta::assert_snapshot!("play_prompt_invalid_body", err.to_string());
}

const RECORDING_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.recording.c2ln";

fn completed_recording(location: &str, token: &str) -> RecordOperation {
    let body = serde_json::json!({
        "@odata.type": "#microsoft.graph.recordOperation",
        "status": "completed",
        "recordingLocation": location,
        "recordingAccessToken": token,
    });
    graph_comms_models::from_slice(body.to_string().as_bytes()).expect("reads")
}

#[test]
fn fetching_a_recording() {
    let op = completed_recording(
        "https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad",
        RECORDING_TOKEN,
    );
    let fetch = FetchRecording::from_operation(&op)
        .expect("valid")
        .expect("a recording");
    let request = fetch.to_request();
    assert_eq!(
        request.headers()["authorization"],
        format!("Bearer {RECORDING_TOKEN}").as_str()
    );
    assert!(request.headers()["authorization"].is_sensitive());
    // The token is redacted in the snapshot's rendering only because the
    // request is rendered with it replaced; the Debug never shows it.
    assert!(!format!("{fetch:?}").contains(RECORDING_TOKEN));
    insta::assert_snapshot!(
        "fetch_recording",
        render_request(&request).replace(RECORDING_TOKEN, "<recording token>")
    );

    let ok = http::Response::builder()
        .status(200)
        .header("Content-Type", "audio/wav")
        .body(b"RIFF".to_vec())
        .expect("a response");
    assert_eq!(fetch.read_response(&ok).expect("a success"), 200);
    let expired = http::Response::builder()
        .status(404)
        .body(Vec::new())
        .expect("a response");
    assert_eq!(
        fetch.read_response(&expired).unwrap_err().kind(),
        ResponseErrorKind::ErrorStatus
    );
}

#[test]
fn a_cancelled_recording_has_nothing_to_fetch() {
    let cancelled = completed_recording("", "");
    assert!(
        FetchRecording::from_operation(&cancelled)
            .expect("no error")
            .is_none()
    );
}

#[test]
fn a_recording_location_that_would_leak_the_token_is_refused_without_quoting_it() {
    let token = RecordingAccessToken::from(RECORDING_TOKEN);
    for location in [
        "http://file.location/rec",
        "https://user:pass@file.location/rec",
        "/relative/rec",
        "not a url",
        "",
    ] {
        let err = FetchRecording::new(location, &token).unwrap_err();
        assert_eq!(err.kind(), RequestErrorKind::InvalidRecording, "{location}");
        let text = format!("{err} {err:?}");
        assert!(!text.contains(RECORDING_TOKEN), "{text}");
        if !location.is_empty() {
            assert!(!text.contains(location), "{text}");
        }
    }
    for bad in ["", "line\r\nbreak", "with space"] {
        let err = FetchRecording::new("https://file.location/rec", &bad.into()).unwrap_err();
        assert_eq!(err.kind(), RequestErrorKind::InvalidRecording);
        assert!(bad.is_empty() || !err.to_string().contains(bad));
    }
}

#[test]
fn create_call() {
    let body = documented_body("create-call-v1-docs-service-hosted.json");
    let expected = serde_json::to_vec(&body).expect("writes");
    let create = CreateCall::builder()
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body)
        .build()
        .expect("a valid request");
    let request = create.to_request();
    assert_eq!(request.body(), &expected);
    insta::assert_snapshot!("create_call", render_request(&request));

    let created = fixture("calls/created-v1-docs-201.json");
    let value: serde_json::Value = serde_json::from_slice(&created).expect("JSON");
    let id = value["id"].as_str().expect("the documented call has an id");
    let call_location =
        |id: &str| format!("https://graph.microsoft.com/v1.0/communications/calls/{id}");
    let answer = create
        .read_response(&response(201, Some(&call_location(id)), &created))
        .expect("the documented answer reads");
    assert_eq!(answer.status(), 201);
    assert_eq!(answer.call_id(), Some(id));
    assert_eq!(answer.call().id.as_deref(), Some(id));

    let err = create
        .read_response(&response(201, Some(&call_location(OTHER_CALL)), &created))
        .unwrap_err();
    assert_eq!(err.kind(), ResponseErrorKind::LocationCallIdMismatch);
    let err = create
        .read_response(&response(
            201,
            Some(&operation_location(id, OPERATION_ID)),
            &created,
        ))
        .unwrap_err();
    assert_eq!(err.kind(), ResponseErrorKind::InvalidLocation);
    let err = create
        .read_response(&response(
            201,
            Some(&format!(
                "https://evil.example/v1.0/communications/calls/{id}"
            )),
            &created,
        ))
        .unwrap_err();
    assert_eq!(err.kind(), ResponseErrorKind::LocationHostMismatch);
    let err = create.read_response(&not_found()).unwrap_err();
    assert_eq!(err.graph_error().expect("a GraphError").status(), 404);
    let err = CreateCall::builder().build().unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::MissingBody);
}
