//! Every call action over real sockets: a stub of Microsoft Graph on
//! 127.0.0.1 (axum) receives the request each builder made, as reqwest sent
//! it, and answers with the documented response (`fixtures/action-operations`,
//! `fixtures/calls/created-v1-docs-201.json`, the bare 202 and 204); the
//! client reads that answer to the typed result with the `Location` checked.
//! Then the recording download: `GET recordingLocation` with the recording's
//! own bearer token, whose value shows in no error and no `Debug`.
//!
//! Bounded: one stub per test, a fixed list of requests, every exchange and
//! wait under the parent module's timeout, the stub shut down at the end.

use super::{LIMIT, Received, Server, client, send, serve};
use crate::common::*;
use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use graph_comms_http::{
    Answer, CancelMediaProcessing, CreateCall, Endpoint, FetchRecording, HangUp, PlayPrompt,
    RecordResponse, Reject, ResponseErrorKind, SendDtmfTones, UpdateRecordingStatus,
};
use graph_comms_models::{CommsNotifications, Operation, OperationStatus, RecordingAccessToken};
use http::{HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;

/// A call the stub knows, but for which it answers with a `Location` that
/// names [`CALL_ID`]: the client must refuse it.
const MISLEADING_CALL: &str = "11111111-2222-3333-4444-555555555555";
const STUB_REQUEST_ID: &str = "3d0c5b8e-1f7a-4c2d-9e6b-8a4f2c1d7e90";
/// The recording of the documented completed recordResponse notification.
const RECORDING_PATH: &str = "/17e3b46c-f61d-4f4d-9635-c626ef18e6ad";
const RECORDING_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.recording-token.c2ln";
/// The recording's size: the docs' example download is 160,696 bytes.
const RECORDING_BYTES: usize = 160_696;

fn json_response(status: u16, body: Vec<u8>) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).expect("a status");
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}

/// The documented answer to each request, by method and path; a 404 with
/// an ODataError for anything else.
fn documented_answer(received: &Received, origin: &str) -> Response {
    let calls = "/v1.0/communications/calls";
    let operation = |name: &str, call: &str| {
        let body = fixture(&format!("action-operations/{name}"));
        let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        let id = value["id"].as_str().expect("a documented id").to_owned();
        let mut response = json_response(200, body);
        let location = format!("{origin}{calls}/{call}/operations/{id}");
        response.headers_mut().insert(
            "location",
            HeaderValue::from_str(&location).expect("a header"),
        );
        response
    };
    let empty = |status: u16| {
        let mut response = Response::new(axum::body::Body::empty());
        *response.status_mut() = StatusCode::from_u16(status).expect("a status");
        response
    };
    let method = received.method.as_str();
    let path = received.path.as_str();
    let on_call = |suffix: &str| path == format!("{calls}/{CALL_ID}{suffix}");
    match method {
        "POST" if path == calls => {
            let body = fixture("calls/created-v1-docs-201.json");
            let value: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
            let id = value["id"].as_str().expect("a documented id");
            let location = format!("{origin}{calls}/{id}");
            let mut response = json_response(201, body);
            response.headers_mut().insert(
                "location",
                HeaderValue::from_str(&location).expect("a header"),
            );
            response
        }
        "POST" if on_call("/answer") || on_call("/reject") => empty(202),
        "DELETE" if on_call("") => empty(204),
        "POST" if on_call("/playPrompt") => operation("play-prompt-v1-docs-200.json", CALL_ID),
        "POST" if on_call("/recordResponse") => operation("record-v1-docs-200.json", CALL_ID),
        "POST" if on_call("/cancelMediaProcessing") => {
            operation("cancel-media-processing-v1-docs-200.json", CALL_ID)
        }
        "POST" if on_call("/sendDtmfTones") => {
            operation("send-dtmf-tones-v1-docs-200.json", CALL_ID)
        }
        "POST" if on_call("/updateRecordingStatus") => {
            operation("update-recording-status-v1-docs-200.json", CALL_ID)
        }
        "POST" if path == format!("{calls}/{MISLEADING_CALL}/playPrompt") => {
            operation("play-prompt-v1-docs-200.json", CALL_ID)
        }
        "GET" if path == RECORDING_PATH => recording(&received.headers),
        _ => json_response(404, fixture("errors/call-not-found.json")),
    }
}

/// The recording host: the recording with its own token (the docs' example
/// answer is chunked; this one has a `Content-Length`, which the client
/// reads the same way); a 401 otherwise, whose body (as a careless host
/// might) quotes the `Authorization` it was given.
fn recording(headers: &http::HeaderMap) -> Response {
    let expected = format!("Bearer {RECORDING_TOKEN}");
    if headers
        .get("authorization")
        .is_some_and(|v| v == expected.as_str())
    {
        let mut response = Response::new(axum::body::Body::from(recording_bytes()));
        response.headers_mut().insert(
            "content-type",
            HeaderValue::from_static("application/octet-stream"),
        );
        return response;
    }
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let error = serde_json::json!({"error": {
        "code": "InvalidAuthenticationToken",
        "message": format!("Access token validation failure: {given}"),
    }});
    let mut response = json_response(401, error.to_string().into_bytes());
    response.headers_mut().insert(
        "www-authenticate",
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}

fn recording_bytes() -> Vec<u8> {
    (0..RECORDING_BYTES).map(|i| (i % 251) as u8).collect()
}

/// The stub: records every request for the test, then answers it.
async fn stub_graph(
    State(received): State<mpsc::UnboundedSender<Received>>,
    request: Request,
) -> Response {
    let seen = Received::read(request).await;
    let host = seen
        .headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let echo = seen.headers.get("client-request-id").cloned();
    let mut response = documented_answer(&seen, &format!("http://{host}"));
    let headers = response.headers_mut();
    headers.insert("request-id", HeaderValue::from_static(STUB_REQUEST_ID));
    if let Some(echo) = echo {
        headers.insert("client-request-id", echo);
    }
    let _ = received.send(seen);
    response
}

struct Stub {
    server: Server,
    received: mpsc::UnboundedReceiver<Received>,
    client: reqwest::Client,
}

impl Stub {
    async fn start() -> Stub {
        let (sender, received) = mpsc::unbounded_channel();
        let app = Router::new().fallback(stub_graph).with_state(sender);
        Stub {
            server: serve(app).await,
            received,
            client: client(),
        }
    }

    fn endpoint(&self) -> Endpoint {
        format!("{}/v1.0", self.server.base)
            .parse()
            .expect("a base URL")
    }

    /// Sends the request and gives what the stub received and what it
    /// answered; checks that what went over the wire is what was built.
    async fn exchange(&mut self, request: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
        let built = (
            request.method().clone(),
            request.uri().path().to_owned(),
            request.headers().clone(),
            request.body().clone(),
        );
        let response = send(&self.client, request).await;
        let seen = tokio::time::timeout(LIMIT, self.received.recv())
            .await
            .expect("the stub received a request in time")
            .expect("a request");
        let (method, path, headers, body) = built;
        assert_eq!(seen.method, method);
        assert_eq!(
            (seen.path.as_str(), seen.query.as_deref()),
            (path.as_str(), None)
        );
        assert_eq!(seen.body, body, "{method} {path}: the body byte for byte");
        for name in [
            "content-type",
            "accept",
            "authorization",
            "client-request-id",
        ] {
            assert_eq!(
                seen.headers.get_all(name).iter().collect::<Vec<_>>(),
                headers.get_all(name).iter().collect::<Vec<_>>(),
                "{method} {path}: {name}"
            );
        }
        assert_eq!(
            seen.headers["authorization"],
            format!("Bearer {TOKEN}").as_str()
        );
        assert_eq!(seen.headers["client-request-id"], CLIENT_REQUEST_ID);
        response
    }

    async fn stop(self) {
        assert!(
            self.received.is_empty(),
            "every request the stub received was checked"
        );
        self.server.shutdown().await;
    }
}

/// A documented request body, typed.
fn body<T: DeserializeOwned>(name: &str) -> T {
    graph_comms_models::from_slice(&fixture(&format!("action-requests/{name}")))
        .expect("a documented body reads")
}

/// One operation-returning action: built with the documented body, sent,
/// answered with the documented 200, read to the typed operation whose id
/// the checked `Location` names.
macro_rules! operation_action {
    ($stub:expr, $action:ident, $request:literal, $segment:literal, $status:expr) => {{
        let action = $action::builder()
            .endpoint($stub.endpoint())
            .call_id(CALL_ID)
            .client_request_id(CLIENT_REQUEST_ID)
            .access_token(TOKEN)
            .body(body($request))
            .build()
            .expect("a valid request");
        let request = action.to_request();
        assert_eq!(request.method(), "POST");
        assert_eq!(
            request.uri().path(),
            concat!(
                "/v1.0/communications/calls/",
                "57dab8b1-894c-409a-b240-bd8beae78896",
                "/",
                $segment
            )
        );
        let response = $stub.exchange(request).await;
        assert_eq!(response.status(), StatusCode::OK);
        let answer = action.read_response(&response).expect("the documented 200");
        let operation = answer.operation().expect("the documented body");
        assert_eq!(operation.status, Some($status));
        let location = answer.location().expect("a Location");
        assert_eq!(location.call_id().as_str(), CALL_ID);
        assert_eq!(
            Some(location.operation_id().as_str()),
            operation.id.as_deref()
        );
        assert_eq!(answer.request_id(), Some(STUB_REQUEST_ID));
        assert_eq!(answer.client_request_id(), Some(CLIENT_REQUEST_ID));
        answer
    }};
}

#[tokio::test]
async fn every_action_reaches_the_stub_graph_as_built_and_reads_the_documented_answer() {
    let mut stub = Stub::start().await;

    // Create the call: 201, the call, and the Location of the call.
    let create = CreateCall::builder()
        .endpoint(stub.endpoint())
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body("create-call-v1-docs-service-hosted.json"))
        .build()
        .expect("a valid request");
    let response = stub.exchange(create.to_request()).await;
    let created = create.read_response(&response).expect("the documented 201");
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(
        created.call_id(),
        Some("2e1a0b00-2db4-4022-9570-243709c565ab")
    );
    assert_eq!(created.call().id.as_deref(), created.call_id());
    assert_eq!(created.request_id(), Some(STUB_REQUEST_ID));

    // Answer and reject: 202 without a body.
    let answer = Answer::builder()
        .endpoint(stub.endpoint())
        .call_id(CALL_ID)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body("answer-v1-docs-service-hosted.json"))
        .build()
        .expect("a valid request");
    let response = stub.exchange(answer.to_request()).await;
    let ack = answer.read_response(&response).expect("the documented 202");
    assert_eq!(ack.status(), StatusCode::ACCEPTED);
    assert_eq!(ack.request_id(), Some(STUB_REQUEST_ID));
    assert_eq!(ack.client_request_id(), Some(CLIENT_REQUEST_ID));
    let reject = Reject::builder()
        .endpoint(stub.endpoint())
        .call_id(CALL_ID)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body("reject-v1-docs.json"))
        .build()
        .expect("a valid request");
    let response = stub.exchange(reject.to_request()).await;
    assert_eq!(
        reject
            .read_response(&response)
            .expect("the documented 202")
            .status(),
        StatusCode::ACCEPTED
    );

    // The media actions: 200, the Location, the typed operation.
    operation_action!(
        stub,
        PlayPrompt,
        "play-prompt-v1-docs.json",
        "playPrompt",
        OperationStatus::Running
    );
    operation_action!(
        stub,
        RecordResponse,
        "record-response-v1-docs.json",
        "recordResponse",
        OperationStatus::Running
    );
    operation_action!(
        stub,
        CancelMediaProcessing,
        "cancel-media-processing-v1-docs.json",
        "cancelMediaProcessing",
        OperationStatus::Completed
    );
    let sent = operation_action!(
        stub,
        SendDtmfTones,
        "send-dtmf-tones-v1-docs.json",
        "sendDtmfTones",
        OperationStatus::Running
    );
    assert_eq!(
        sent.operation_id(),
        Some("d36fe651-9f50-484d-bd4b-1e6415eae448")
    );
    operation_action!(
        stub,
        UpdateRecordingStatus,
        "update-recording-status-recording.json",
        "updateRecordingStatus",
        OperationStatus::Completed
    );

    // Hang up: DELETE without a body, 204.
    let hang_up = HangUp::builder()
        .endpoint(stub.endpoint())
        .call_id(CALL_ID)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .build()
        .expect("a valid request");
    let response = stub.exchange(hang_up.to_request()).await;
    assert_eq!(
        hang_up
            .read_response(&response)
            .expect("the documented 204")
            .status(),
        StatusCode::NO_CONTENT
    );

    stub.stop().await;
}

#[tokio::test]
async fn the_stub_graph_refuses_and_misleads_and_the_client_says_so() {
    let mut stub = Stub::start().await;

    // A Location that names another call than the request's.
    let play = PlayPrompt::builder()
        .endpoint(stub.endpoint())
        .call_id(MISLEADING_CALL)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body("play-prompt-v1-docs.json"))
        .build()
        .expect("a valid request");
    let response = stub.exchange(play.to_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let err = play
        .read_response(&response)
        .expect_err("another call's Location");
    assert_eq!(err.kind(), ResponseErrorKind::LocationCallIdMismatch);

    // A call the stub does not know: 404 with an ODataError, for an action
    // that answers with an operation and for one that does not.
    let hang_up = HangUp::builder()
        .endpoint(stub.endpoint())
        .call_id(MISLEADING_CALL)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .build()
        .expect("a valid request");
    let response = stub.exchange(hang_up.to_request()).await;
    let err = hang_up.read_response(&response).expect_err("a 404");
    assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
    let graph = err.graph_error().expect("a Graph error");
    assert_eq!(graph.status(), StatusCode::NOT_FOUND);
    assert_eq!(graph.code(), Some("8501"));
    assert_eq!(graph.client_request_id(), Some(CLIENT_REQUEST_ID));
    let record = RecordResponse::builder()
        .endpoint(stub.endpoint())
        .call_id(MISLEADING_CALL)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .body(body("record-response-v1-docs.json"))
        .build()
        .expect("a valid request");
    let response = stub.exchange(record.to_request()).await;
    let err = record.read_response(&response).expect_err("a 404");
    assert_eq!(
        err.graph_error().expect("a Graph error").status(),
        StatusCode::NOT_FOUND
    );
    // Neither the Graph token nor the request's body is in the error.
    let text = format!("{err} {err:?}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("cdn.contoso.com"), "{text}");

    stub.stop().await;
}

/// The recording request, sent to the stub: TLS is the transport's job and
/// the test client has none, so the test routes `https://file.location` to
/// the stub over plain HTTP, keeping the path, the headers and the `Host`
/// (as a TLS-terminating proxy would). Only the transport is substituted:
/// the request is the one [`FetchRecording`] built.
async fn fetch_via_stub(
    stub: &mut Stub,
    fetch: &FetchRecording,
) -> (Received, http::Response<Vec<u8>>) {
    let mut request = fetch.to_request();
    let original = request.uri().clone();
    assert_eq!(original.scheme_str(), Some("https"));
    let host = original.authority().expect("absolute").as_str().to_owned();
    *request.uri_mut() = format!("{}{}", stub.server.base, original.path())
        .parse()
        .expect("a loopback URI");
    request
        .headers_mut()
        .insert("host", HeaderValue::from_str(&host).expect("a header"));
    let response = send(&stub.client, request).await;
    let seen = tokio::time::timeout(LIMIT, stub.received.recv())
        .await
        .expect("the stub received a request in time")
        .expect("a request");
    (seen, response)
}

#[tokio::test]
async fn a_recording_is_fetched_with_its_own_token_which_no_error_or_debug_shows() {
    let mut stub = Stub::start().await;

    // The documented completed recordResponse notification, with the token
    // a real one would carry.
    let text = String::from_utf8(fixture(
        "action-notifications/record-response-v1-docs-completed.json",
    ))
    .expect("UTF-8")
    .replace("<access-token>", RECORDING_TOKEN);
    let batch =
        CommsNotifications::from_slice(text.as_bytes()).expect("the documented notification");
    let events: Vec<_> = batch
        .operation_events()
        .collect::<Result<_, _>>()
        .expect("one operation event");
    assert_eq!(events.len(), 1);
    let Operation::Record(record) = events[0].operation else {
        panic!("a recordOperation: {:?}", events[0].operation_type);
    };
    let fetch = FetchRecording::from_operation(record)
        .expect("a valid location and token")
        .expect("a finished recording");

    let (seen, response) = fetch_via_stub(&mut stub, &fetch).await;
    assert_eq!(seen.method, http::Method::GET);
    assert_eq!((seen.path.as_str(), seen.query), (RECORDING_PATH, None));
    assert_eq!(seen.headers["host"], "file.location");
    assert_eq!(
        seen.headers["authorization"],
        format!("Bearer {RECORDING_TOKEN}").as_str()
    );
    assert_ne!(
        seen.headers["authorization"],
        format!("Bearer {TOKEN}").as_str(),
        "the recording's token, not the Graph token"
    );
    assert!(seen.body.is_empty());
    assert_eq!(
        fetch.read_response(&response).expect("the recording"),
        StatusCode::OK
    );
    assert_eq!(
        response.headers()["content-type"],
        "application/octet-stream"
    );
    assert_eq!(response.body().len(), RECORDING_BYTES);
    assert_eq!(response.body(), &recording_bytes());

    // An expired token: the host refuses it, quoting it back in its error
    // body. The client's error, and every Debug on the way, keeps it out.
    let expired = FetchRecording::new(
        "https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad",
        &RecordingAccessToken::from(format!("{RECORDING_TOKEN}-expired").as_str()),
    )
    .expect("a valid location and token");
    let (seen, response) = fetch_via_stub(&mut stub, &expired).await;
    assert!(
        seen.headers["authorization"]
            .to_str()
            .expect("ASCII")
            .ends_with("-expired")
    );
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let err = expired.read_response(&response).expect_err("a 401");
    assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
    let graph = err.graph_error().expect("a Graph error");
    assert_eq!(graph.status(), StatusCode::UNAUTHORIZED);
    // The body quoted the token, so its text is left out; the headers stay.
    assert_eq!(graph.code(), None);
    assert_eq!(graph.request_id(), Some(STUB_REQUEST_ID));
    let shown = format!(
        "{err}\n{err:?}\n{fetch:?}\n{expired:?}\n{:?}\n{record:?}\n{:?}",
        expired.to_request(),
        events[0]
    );
    assert!(!shown.contains(RECORDING_TOKEN), "{shown}");

    // A body that is not a Graph error, quoting the token, is not kept.
    let plain = http::Response::builder()
        .status(403)
        .header("content-type", "text/plain")
        .body(format!("token {RECORDING_TOKEN} refused").into_bytes())
        .expect("a response");
    let err = fetch.read_response(&plain).expect_err("a 403");
    let graph = err.graph_error().expect("a Graph error");
    assert!(graph.body().is_empty());
    assert_eq!(graph.content_type(), Some("text/plain"));
    assert!(!format!("{err} {err:?}").contains(RECORDING_TOKEN));

    // A refusal that does not quote the token keeps its text.
    let gone = FetchRecording::new(
        "https://file.location/00000000-0000-0000-0000-000000000000",
        &RecordingAccessToken::from(RECORDING_TOKEN),
    )
    .expect("a valid location and token");
    let (_, response) = fetch_via_stub(&mut stub, &gone).await;
    let err = gone.read_response(&response).expect_err("a 404");
    assert_eq!(
        err.graph_error().expect("a Graph error").code(),
        Some("8501")
    );
    assert!(!format!("{err} {err:?}").contains(RECORDING_TOKEN));

    stub.stop().await;
}
