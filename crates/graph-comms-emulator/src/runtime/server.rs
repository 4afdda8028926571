//! The HTTP side on axum: the Graph API, the token endpoint, the keys, the
//! recordings and the control API.

use super::Shared;
use crate::core::{ControlErrorKind, GraphRequest};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

type Shared_ = State<Arc<Shared>>;

pub(crate) async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let app = Router::new()
        .route("/v1/.well-known/OpenIdConfiguration", get(openid))
        .route("/v1/keys", get(jwks))
        .route("/{tenant}/oauth2/v2.0/token", post(token))
        .route("/recordings/{id}", get(recording))
        .route("/control/calls", post(control_start))
        .route("/control/calls/{id}", get(control_view))
        .route("/control/calls/{id}/press", post(control_press))
        .route("/control/calls/{id}/hangup", post(control_hangup))
        .route("/control/transcript", get(control_transcript))
        .fallback(graph)
        .with_state(shared);
    // The server runs until the emulator is dropped (its task is aborted).
    let _ = axum::serve(listener, app).await;
}

fn json_response(status: u16, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn openid(State(shared): Shared_) -> Response {
    json_response(
        200,
        &crate::keys::openid_configuration(&shared.urls.jwks_url),
    )
}

async fn jwks(State(shared): Shared_) -> Response {
    json_response(200, &shared.key.jwks())
}

// The `{tenant}` segment is not checked: the service takes a tenant GUID or
// a domain name, and the emulator cannot know the bot's domains, so any
// tenant is accepted (a bot configured with the wrong tenant passes here and
// fails in production; an emulator choice, not service behaviour).
async fn token(State(shared): Shared_, Path(_tenant): Path<String>, body: Bytes) -> Response {
    let _busy = shared.busy();
    let now = shared.clock.now();
    let (status, answer) = shared.core().token_request(now, &body);
    json_response(status, &answer)
}

/// The Graph API: everything no other route serves.
async fn graph(
    State(shared): Shared_,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let _busy = shared.busy();
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let mut request = GraphRequest::new(
        method.as_str(),
        uri.path_and_query().map_or("/", |p| p.as_str()),
    );
    request.authorization = text("authorization");
    request.client_request_id = text("client-request-id");
    request.body = body.to_vec();
    let now = shared.clock.now();
    let answer = shared.core().handle_graph_request(now, &request);
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = Response::builder().status(status);
    for (name, value) in &answer.headers {
        builder = builder.header(name, value);
    }
    if let Some(id) = &request.client_request_id {
        builder = builder.header("client-request-id", id);
    }
    builder = builder.header("request-id", uuid::Uuid::new_v4().to_string());
    let response = match &answer.body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    response.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A small WAV: 0.25 s of silence, 16 kHz, 16-bit mono (the format the
/// service plays and records).
fn silent_wav() -> Vec<u8> {
    let samples: u32 = 4000;
    let data_len = samples * 2;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&16_000u32.to_le_bytes());
    wav.extend_from_slice(&32_000u32.to_le_bytes()); // byte rate
    wav.extend_from_slice(&2u16.to_le_bytes()); // block align
    wav.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    wav.resize(44 + data_len as usize, 0);
    wav
}

/// `GET recordingLocation` with `Authorization: Bearer <recordingAccessToken>`
/// (<https://learn.microsoft.com/graph/api/call-recordresponse>).
async fn recording(State(shared): Shared_, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let allowed = token.is_some_and(|t| shared.core().recording_authorized(&id, t));
    if !allowed {
        return (
            StatusCode::UNAUTHORIZED,
            "send Authorization: Bearer with the recordingAccessToken of this recording",
        )
            .into_response();
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/octet-stream")],
        silent_wav(),
    )
        .into_response()
}

fn control_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": message}).to_string(),
    )
        .into_response()
}

fn read_json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Box<Response>> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        &b"{}"[..]
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|err| {
        let at = format!("line {}, column {}", err.line(), err.column());
        Box::new(control_error(
            StatusCode::BAD_REQUEST,
            &format!(
                "the body is not the JSON expected ({at}): see the control API in the crate docs"
            ),
        ))
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StartCall {
    bot_url: Option<String>,
    from: Option<From>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct From {
    phone: Option<String>,
}

async fn control_start(State(shared): Shared_, body: Bytes) -> Response {
    let _busy = shared.busy();
    let start: StartCall = match read_json(&body) {
        Ok(start) => start,
        Err(refused) => return *refused,
    };
    if let Some(problem) = start.bot_url.as_deref().and_then(super::bot_url_problem) {
        return control_error(
            StatusCode::BAD_REQUEST,
            &format!(
                "botUrl {problem}: give the bot's callback URL, such as \
                 http://127.0.0.1:3978/api/calls, or leave it out for the emulator's"
            ),
        );
    }
    let phone = start.from.and_then(|f| f.phone);
    // The same rule as a scenario file's `from.phone` (one home: CallerId).
    if phone
        .as_deref()
        .is_some_and(|p| crate::scenario::CallerId::phone(p).is_none())
    {
        return control_error(
            StatusCode::BAD_REQUEST,
            "from.phone is not an E.164 number: write + then the country code and number, \
             digits only, at most 15 of them (such as +14255550100), or leave it out",
        );
    }
    let now = shared.clock.now();
    let id = shared
        .core()
        .start_incoming_call(now, start.bot_url, phone.as_deref());
    json_response(201, &json!({"callId": id}))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Press {
    tones: String,
    interval_ms: Option<u64>,
}

fn control_failure(kind: ControlErrorKind, message: String) -> Response {
    let status = match kind {
        ControlErrorKind::UnknownCall => StatusCode::NOT_FOUND,
        ControlErrorKind::CallEnded => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    control_error(status, &message)
}

async fn control_press(State(shared): Shared_, Path(id): Path<String>, body: Bytes) -> Response {
    let _busy = shared.busy();
    let press: Press = match read_json(&body) {
        Ok(press) => press,
        Err(refused) => return *refused,
    };
    let interval = Duration::from_millis(press.interval_ms.unwrap_or(200));
    let now = shared.clock.now();
    match shared.core().press(now, &id, &press.tones, interval) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => control_failure(err.kind(), err.to_string()),
    }
}

async fn control_hangup(State(shared): Shared_, Path(id): Path<String>) -> Response {
    let _busy = shared.busy();
    let now = shared.clock.now();
    match shared.core().hangup(now, &id) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => control_failure(err.kind(), err.to_string()),
    }
}

async fn control_view(State(shared): Shared_, Path(id): Path<String>) -> Response {
    match shared.core().call_view(&id) {
        Some(view) => json_response(200, &serde_json::to_value(view).unwrap_or_default()),
        None => control_error(StatusCode::NOT_FOUND, "no emulated call has this id"),
    }
}

/// The transcript as JSON lines, with how many of the oldest entries were
/// dropped (beyond the transcript limit) in `X-Transcript-Dropped`.
async fn control_transcript(State(shared): Shared_) -> Response {
    let (lines, dropped) = {
        let core = shared.core();
        let lines: String = core
            .transcript()
            .iter()
            .map(|entry| format!("{entry}\n"))
            .collect();
        (lines, core.transcript_dropped())
    };
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_owned()),
            (
                header::HeaderName::from_static(TRANSCRIPT_DROPPED),
                dropped.to_string(),
            ),
        ],
        lines,
    )
        .into_response()
}

/// The header that counts the transcript entries dropped.
const TRANSCRIPT_DROPPED: &str = "x-transcript-dropped";
