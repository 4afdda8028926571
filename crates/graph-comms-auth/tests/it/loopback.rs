//! A callback receiver over loopback: an axum server on 127.0.0.1 checks each
//! callback's bearer token with the validator, answers 401 to forged ones and
//! 202 to genuine ones, and only then reads the body with graph-comms-models.
//! Bounded: a handful of requests, each under a timeout, and the server is
//! shut down at the end.

use crate::common;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::*;
use graph_comms_auth::{CallbackValidator, NationalCloud, testing};
use graph_comms_models::CommsNotifications;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::{mpsc, oneshot};

const BODY: &[u8] = include_bytes!("../../../../fixtures/notifications/documented-tone.json");
const LIMIT: Duration = Duration::from_secs(10);

/// What the receiver queued for processing: (call id, sequence id).
type Queue = mpsc::UnboundedSender<(String, i64)>;

#[derive(Clone)]
struct Receiver {
    validator: Arc<CallbackValidator>,
    queue: Queue,
}

/// The receiving side: check the token, read the body, queue, acknowledge.
async fn on_callback(State(rx): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    // The library never reads the clock; the receiver passes it.
    if let Err(err) = rx.validator.validate_headers(&headers, SystemTime::now()) {
        return err.status();
    }
    let Ok(batch) = CommsNotifications::from_slice(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    for event in batch.tone_events().flatten() {
        let _ = rx
            .queue
            .send((event.call_id.to_string(), event.sequence_id));
    }
    StatusCode::ACCEPTED
}

#[tokio::test]
async fn the_receiver_refuses_forged_callbacks_and_accepts_genuine_ones() {
    let validator = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        testing::key_set(),
    )
    .with_allowed_tenants([testing::TENANT_ID]);
    let (queue, mut queued) = mpsc::unbounded_channel();
    let app = Router::new()
        .route("/api/calls", post(on_callback))
        .with_state(Receiver {
            validator: Arc::new(validator),
            queue,
        });

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}/api/calls", listener.local_addr().expect("addr"));
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });

    let client = reqwest::Client::builder()
        .timeout(LIMIT)
        .build()
        .expect("client");
    let post = |authorization: Option<String>| {
        let mut request = client
            .post(&url)
            .header("content-type", "application/json")
            .body(BODY);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        async move { request.send().await.expect("loopback request").status() }
    };

    let now = SystemTime::now();
    let genuine_claims = testing::claims(testing::APP_ID, testing::TENANT_ID, now);

    // Forged: the attacker's key under the service's kid.
    let forged = signed(
        &rs256_header(Some(testing::KEY_ID)),
        &genuine_claims,
        &attacker_key(),
    );
    assert_eq!(
        post(Some(format!("Bearer {forged}"))).await,
        StatusCode::UNAUTHORIZED
    );
    // Forged: unsigned.
    let unsigned = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(genuine_claims.to_string().as_bytes())
    );
    assert_eq!(
        post(Some(format!("Bearer {unsigned}"))).await,
        StatusCode::UNAUTHORIZED
    );
    // No token at all.
    assert_eq!(post(None).await, StatusCode::UNAUTHORIZED);
    // Genuine, but for a tenant this bot does not serve.
    let other_tenant = testing::sign(&testing::claims(
        testing::APP_ID,
        "11111111-1111-4111-8111-111111111111",
        now,
    ));
    assert_eq!(
        post(Some(format!("Bearer {other_tenant}"))).await,
        StatusCode::FORBIDDEN
    );

    // Nothing was queued from any of them.
    assert!(queued.try_recv().is_err());

    // Genuine.
    let genuine = testing::sign(&genuine_claims);
    assert_eq!(
        post(Some(format!("Bearer {genuine}"))).await,
        StatusCode::ACCEPTED
    );
    let event = tokio::time::timeout(LIMIT, queued.recv())
        .await
        .expect("queued in time")
        .expect("one event");
    assert_eq!(
        event,
        ("57dab8b1-894c-409a-b240-bd8beae78896".to_owned(), 1)
    );
    assert!(queued.try_recv().is_err(), "exactly one tone event");

    let _ = stop.send(());
    tokio::time::timeout(LIMIT, server)
        .await
        .expect("server stops in time")
        .expect("server task")
        .expect("server ran");
}
