//! Real transports over 127.0.0.1: reqwest as the client, axum as the
//! server, this crate in between, with real sockets.
//!
//! 1. A bot: an axum callback endpoint receives the documented tone
//!    notification posted by reqwest, reads it with [`CallbackReader`],
//!    answers 202 and hands the tone to the test; bad callbacks get their
//!    4xx and queue nothing.
//! 2. A stub of Graph: it receives the request [`SubscribeToTone`] built
//!    and reqwest sent, records method, path, headers and body for the test
//!    to check, and answers the documented 200 with `Location` and body,
//!    which the client reads with this crate.
//! 3. The same stub answers 404 with an ODataError for a call it does not
//!    know, and the client gets a [`graph_comms_http::GraphError`] with the
//!    request id.
//!
//! 4. Every other call action against a stub of Graph, and the recording
//!    download: in [`actions`].
//!
//! Bounded: every request and wait is under a timeout, servers listen on
//! 127.0.0.1:0 and are shut down at the end of each test.

mod actions;

use crate::common;

use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use common::*;
use graph_comms_http::{
    CallbackErrorKind, CallbackReader, Endpoint, ResponseErrorKind, SubscribeToTone,
};
use graph_comms_models::{OperationStatus, Tone};
use http::StatusCode;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

const LIMIT: Duration = Duration::from_secs(10);

/// A server on 127.0.0.1 with an ephemeral port, and how to stop it.
struct Server {
    base: String,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn serve(app: Router) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("the bound address");
    assert!(addr.ip().is_loopback());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Server {
        base: format!("http://{addr}"),
        stop,
        task,
    }
}

impl Server {
    async fn shutdown(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(LIMIT, self.task)
            .await
            .expect("the server stops in time")
            .expect("the server task")
            .expect("the server ran");
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(LIMIT)
        .no_proxy()
        .build()
        .expect("a client")
}

/// Sends an `http::Request` with reqwest and gives the answer back as an
/// `http::Response<Vec<u8>>`: the two conversions a reqwest user writes.
async fn send(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
) -> http::Response<Vec<u8>> {
    let request = reqwest::Request::try_from(request).expect("reqwest takes an http::Request");
    let response = client.execute(request).await.expect("a loopback answer");
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let body = response.bytes().await.expect("the body").to_vec();
    builder.body(body).expect("a valid response")
}

// ---------------------------------------------------------------------------
// 1. The bot's callback endpoint.

#[derive(Clone)]
struct Bot {
    reader: CallbackReader,
    queue: mpsc::UnboundedSender<(String, i64, Tone, Option<String>)>,
}

/// The callback endpoint: check the head before reading the body off the
/// connection, read the body within the same limit, read the callback,
/// queue its tones, answer 202. (A real bot checks the bearer token first,
/// with graph-comms-auth; see that crate's loopback test.)
async fn on_callback(State(bot): State<Bot>, request: Request) -> Response {
    if let Err(err) = bot.reader.check_head(&request) {
        return err.to_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, bot.reader.max_body_bytes()).await else {
        // A body without Content-Length that ran over the limit.
        return CallbackErrorKind::BodyTooLarge.status().into_response();
    };
    let request = http::Request::from_parts(parts, bytes);
    let callback = match bot.reader.read(&request) {
        Ok(callback) => callback,
        Err(err) => return err.to_response(),
    };
    for event in callback.notifications().tone_events().flatten() {
        let _ = bot.queue.send((
            event.call_id.to_owned(),
            event.sequence_id,
            event.tone.clone(),
            callback.message_id().map(str::to_owned),
        ));
    }
    graph_comms_http::ACKNOWLEDGE_STATUS.into_response()
}

#[tokio::test]
async fn a_bot_receives_the_documented_tone_notification() {
    let (queue, mut queued) = mpsc::unbounded_channel();
    let bot = Bot {
        reader: CallbackReader::new().with_max_body_bytes(4096),
        queue,
    };
    let app = Router::new()
        .route("/api/calls", axum::routing::any(on_callback))
        .with_state(bot);
    let server = serve(app).await;
    let url = format!("{}/api/calls", server.base);
    let client = client();
    let body = fixture("notifications/documented-tone.json");

    let post = |content_type: &'static str, body: Vec<u8>| {
        http::Request::post(url.as_str())
            .header("Content-Type", content_type)
            .header(
                "X-Microsoft-Skype-Message-ID",
                "0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60",
            )
            .header("User-Agent", "Microsoft-Skype/3.0,(Calling/1.0)")
            .body(body)
            .expect("a valid request")
    };

    // Bad callbacks first: each gets its 4xx, and nothing is queued.
    let get = http::Request::get(url.as_str())
        .body(Vec::new())
        .expect("valid");
    let answer = send(&client, get).await;
    assert_eq!(answer.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.headers()["allow"], "POST");
    let answer = send(&client, post("text/plain", body.clone())).await;
    assert_eq!(answer.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let mut large = body.clone();
    large.extend(std::iter::repeat_n(b' ', 5000));
    let answer = send(&client, post("application/json", large)).await;
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let answer = send(
        &client,
        post("application/json", b"{\"value\": 7}".to_vec()),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    assert!(
        queued.try_recv().is_err(),
        "nothing queued from bad callbacks"
    );

    // The documented notification, with the charset a real capture declares.
    let answer = send(
        &client,
        post("application/json; charset=Windows-1252", body.clone()),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    assert!(answer.body().is_empty());

    let (call_id, sequence_id, tone, message_id) = tokio::time::timeout(LIMIT, queued.recv())
        .await
        .expect("queued in time")
        .expect("one tone event");
    assert_eq!(call_id, CALL_ID);
    assert_eq!(sequence_id, 1);
    assert_eq!(tone, Tone::Tone1);
    assert_eq!(
        message_id.as_deref(),
        Some("0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60")
    );
    assert!(queued.try_recv().is_err(), "exactly one tone event");

    server.shutdown().await;
}

// ---------------------------------------------------------------------------
// 2 and 3. A stub of Microsoft Graph.

/// What the stub received, for the test to check (a handler that panicked
/// would only show up as a 500).
#[derive(Debug)]
struct Received {
    method: http::Method,
    path: String,
    query: Option<String>,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Received {
    /// Reads a request the stub received (a body over 64 KiB reads as
    /// empty, which the tests' checks of the body then report).
    async fn read(request: Request) -> Received {
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, 64 * 1024)
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default();
        Received {
            method: parts.method,
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
        }
    }
}

const DOCUMENTED_BODY: &str = r##"{
  "@odata.type": "#microsoft.graph.subscribeToToneOperation",
  "clientContext": "fd1c7836-4d84-4e24-b6aa-23188688cc54",
  "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
  "status": "completed"
}"##;

const STUB_REQUEST_ID: &str = "7c1f9d0e-2b2a-4e8e-9d7f-3a6c1b5e4f20";

/// The stub: records every request; answers subscribeToTone for the
/// documented call with the documented 200, and anything else with 404 and
/// an ODataError.
async fn stub_graph(
    State(received): State<mpsc::UnboundedSender<Received>>,
    request: Request,
) -> Response {
    let seen = Received::read(request).await;
    let (method, path) = (seen.method.clone(), seen.path.clone());
    let echo = seen.headers.get("client-request-id").cloned();
    let _ = received.send(seen);
    let known = format!("/v1.0/communications/calls/{CALL_ID}/subscribeToTone");
    let mut response = if method == http::Method::POST && path == known {
        let mut response = Response::new(axum::body::Body::from(DOCUMENTED_BODY));
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            http::HeaderValue::from_static("application/json"),
        );
        // The documented Location, verbatim: on graph.microsoft.com, as the
        // service writes it, although this stub is on 127.0.0.1.
        headers.insert(
            "location",
            http::HeaderValue::from_static(
                "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            ),
        );
        response
    } else {
        let error = serde_json::json!({"error": {
            "code": "8501",
            "message": "Call not found.",
            "innerError": {"date": "2026-11-24T10:15:30", "request-id": STUB_REQUEST_ID}
        }});
        let mut response = Response::new(axum::body::Body::from(error.to_string()));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response.headers_mut().insert(
            "content-type",
            http::HeaderValue::from_static("application/json"),
        );
        response
    };
    let headers = response.headers_mut();
    headers.insert(
        "request-id",
        http::HeaderValue::from_static(STUB_REQUEST_ID),
    );
    if let Some(echo) = echo {
        headers.insert("client-request-id", echo);
    }
    response
}

async fn serve_stub() -> (Server, mpsc::UnboundedReceiver<Received>) {
    let (received, receiver) = mpsc::unbounded_channel();
    let app = Router::new().fallback(stub_graph).with_state(received);
    (serve(app).await, receiver)
}

async fn next(receiver: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(LIMIT, receiver.recv())
        .await
        .expect("the stub received a request in time")
        .expect("a request")
}

#[tokio::test]
async fn the_stub_graph_receives_the_built_request_and_the_client_reads_the_documented_200() {
    let (server, mut received) = serve_stub().await;
    let endpoint: Endpoint = format!("{}/v1.0", server.base).parse().expect("a base URL");
    let op = SubscribeToTone::builder()
        .endpoint(endpoint)
        .call_id(CALL_ID)
        .client_context(CLIENT_CONTEXT)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .build()
        .expect("a valid request");

    let response = send(&client(), op.to_request()).await;

    // What went over the wire.
    let seen = next(&mut received).await;
    assert_eq!(seen.method, http::Method::POST);
    assert_eq!(
        seen.path,
        format!("/v1.0/communications/calls/{CALL_ID}/subscribeToTone")
    );
    assert_eq!(seen.query, None);
    let host = server.base.trim_start_matches("http://");
    assert_eq!(seen.headers["host"], host);
    assert_eq!(seen.headers["content-type"], "application/json");
    assert_eq!(seen.headers["accept"], "application/json");
    assert_eq!(
        seen.headers["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
    assert_eq!(seen.headers["client-request-id"], CLIENT_REQUEST_ID);
    assert_eq!(seen.headers.get_all("authorization").iter().count(), 1);
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("a JSON body");
    assert_eq!(body, serde_json::json!({"clientContext": CLIENT_CONTEXT}));
    assert_eq!(seen.body, op.body(), "byte for byte");

    // What the client reads.
    assert_eq!(response.status(), StatusCode::OK);
    let subscribed = op.read_response(&response).expect("the documented 200");
    let operation = subscribed.operation().expect("a body");
    assert_eq!(operation.status, Some(OperationStatus::Completed));
    assert_eq!(operation.client_context.as_deref(), Some(CLIENT_CONTEXT));
    assert!(operation.is_terminal());
    let location = subscribed.location().expect("a Location");
    assert_eq!(location.call_id().as_str(), CALL_ID);
    assert_eq!(location.operation_id().as_str(), OPERATION_ID);
    assert_eq!(subscribed.request_id(), Some(STUB_REQUEST_ID));
    assert_eq!(subscribed.client_request_id(), Some(CLIENT_REQUEST_ID));

    server.shutdown().await;
}

#[tokio::test]
async fn the_stub_graph_answers_404_and_the_client_gets_a_graph_error() {
    let (server, mut received) = serve_stub().await;
    let endpoint: Endpoint = format!("{}/v1.0", server.base).parse().expect("a base URL");
    // A call the stub does not know, with an id that needs encoding: the
    // wire shows it stayed one segment.
    let op = SubscribeToTone::builder()
        .endpoint(endpoint)
        .call_id("e%41é+{}")
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .build()
        .expect("a valid request");

    let response = send(&client(), op.to_request()).await;

    let seen = next(&mut received).await;
    assert_eq!(
        seen.path,
        "/v1.0/communications/calls/e%2541%C3%A9%2B%7B%7D/subscribeToTone"
    );
    assert_eq!(seen.query, None);
    assert_eq!(seen.body, b"{}");

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let err = op.read_response(&response).expect_err("a 404");
    assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
    let graph = err.graph_error().expect("a Graph error");
    assert_eq!(graph.status(), StatusCode::NOT_FOUND);
    assert_eq!(graph.code(), Some("8501"));
    assert_eq!(graph.message(), Some("Call not found."));
    assert_eq!(graph.request_id(), Some(STUB_REQUEST_ID));
    // Not in innerError: the echoed header.
    assert_eq!(graph.client_request_id(), Some(CLIENT_REQUEST_ID));
    assert_eq!(graph.date(), Some("2026-11-24T10:15:30"));
    assert!(err.to_string().contains(STUB_REQUEST_ID), "{err}");

    server.shutdown().await;
}
