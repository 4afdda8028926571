//! The Microsoft Graph call actions on the [`http`] crate's types
//! (subscribeToTone, playPrompt, recordResponse, cancelMediaProcessing,
//! sendDtmfTones, updateRecordingStatus, answer, reject, hang up, create
//! call, and the
//! download of a recording): the requests to send, the responses to read,
//! and the callbacks the service posts back, whatever HTTP client and server
//! you use.
//!
//! This crate builds `http::Request` values and reads `http::Response` and
//! inbound `http::Request` values. It never opens a socket, never reads the
//! clock and never generates an id (sans-IO, like quinn-proto): a
//! `client-request-id` is one you give, a time is one you pass, and sending
//! is your client's job. reqwest, hyper, axum, actix and the rest all speak
//! these types or convert to them in a line.
//!
//! # Sending subscribeToTone
//!
//! ```
//! use graph_comms_http::{ApiVersion, Endpoint, NationalCloud, SubscribeToTone};
//!
//! let op = SubscribeToTone::builder()
//!     .endpoint(Endpoint::new(NationalCloud::Global, ApiVersion::V1_0))
//!     .call_id("57dab8b1-894c-409a-b240-bd8beae78896") // from the call, or a notification
//!     .client_context("fd1c7836-4d84-4e24-b6aa-23188688cc54") // comes back in the operation
//!     .client_request_id("f3c8e0a9-58f6-4d11-8d3e-2b1e5a7c9d01") // a UUID you generated
//!     .access_token("eyJ0eXAiOiJKV1QifQ.e30.c2ln") // from your identity library
//!     .build()?; // the first invalid value, if any, is the error
//!
//! let request: http::Request<Vec<u8>> = op.to_request();
//! assert_eq!(
//!     request.uri(),
//!     "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone"
//! );
//!
//! // Send it with your client. With reqwest:
//! //     let response = client.execute(reqwest::Request::try_from(request)?).await?;
//! // then rebuild an http::Response<Vec<u8>> (or Bytes) from its status, headers
//! // and `.bytes().await?`. Here the documented answer stands in for the service.
//! let response = send(request)?;
//!
//! let subscribed = op.read_response(&response)?;
//! let operation = subscribed.operation().expect("the documented 200 has a body");
//! assert!(operation.is_terminal()); // "completed": the action is synchronous
//! assert_eq!(subscribed.operation_id(), Some("0fe0623f-d628-42ed-b4bd-8ac290072cc5"));
//! # fn send(_: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, http::Error> {
//! #     http::Response::builder()
//! #         .status(200)
//! #         .header("Content-Type", "application/json")
//! #         .header("Location", "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5")
//! #         .body(br##"{"@odata.type": "#microsoft.graph.subscribeToToneOperation",
//! #             "clientContext": "fd1c7836-4d84-4e24-b6aa-23188688cc54",
//! #             "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5", "status": "completed"}"##.to_vec())
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The `Location` header is checked before it is believed: it must name an
//! operation of the same call on the same host ([`OperationLocation`]);
//! [`GetOperation`] reads the operation again later.
//!
//! # Playing a prompt, and the other actions
//!
//! Every action has the same builder: endpoint, call id, `client-request-id`,
//! access token, and its body from graph-comms-models. The media actions
//! ([`PlayPrompt`], [`RecordResponse`], [`CancelMediaProcessing`],
//! [`SendDtmfTones`], [`UpdateRecordingStatus`]) read to an
//! [`ActionResponse`] of their typed operation; [`Answer`], [`Reject`] and
//! [`HangUp`] read to an [`Acknowledged`] (`202`, `204`); [`CreateCall`]
//! places a call ([`CreatedCall`]); [`FetchRecording`]
//! downloads what [`RecordResponse`] recorded.
//!
//! ```
//! use graph_comms_http::PlayPrompt;
//! use graph_comms_models::{OperationStatus, PlayPromptRequest, Prompt};
//!
//! let body = PlayPromptRequest::new([Prompt::media("https://cdn.contoso.com/enter-pin.wav")])
//!     .with_client_context("d45324c1-fcb5-430a-902c-f20af696537c");
//! let play = PlayPrompt::builder()
//!     .call_id("57dab8b1-894c-409a-b240-bd8beae78896")
//!     .access_token("eyJ0eXAiOiJKV1QifQ.e30.c2ln")
//!     .body(body)
//!     .build()?;
//! let request = play.to_request();
//! assert_eq!(
//!     request.uri(),
//!     "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/playPrompt"
//! );
//!
//! // The documented answer: 200, a Location, the operation still running.
//! let response = http::Response::builder()
//!     .status(200)
//!     .header("Location", "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5")
//!     .body(br##"{"@odata.type": "#microsoft.graph.playPromptOperation",
//!         "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5", "status": "running",
//!         "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"}"##.to_vec())?;
//! let played = play.read_response(&response)?;
//! assert_eq!(played.operation().unwrap().status, Some(OperationStatus::Running));
//! // "running": the outcome comes later as a callback for this operation id.
//! assert_eq!(played.operation_id(), Some("0fe0623f-d628-42ed-b4bd-8ac290072cc5"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # When Graph says no
//!
//! An error status is a [`ResponseError`] carrying a [`GraphError`]: the
//! status, the `ODataError` when the body is one, the request ids and the
//! date (from `innerError`, else the headers) and `Retry-After`.
//!
//! ```
//! use graph_comms_http::{ResponseErrorKind, SubscribeToTone};
//!
//! let op = SubscribeToTone::builder().call_id("57dab8b1-894c-409a-b240-bd8beae78896").build()?;
//! let response = http::Response::builder()
//!     .status(404)
//!     .body(br#"{"error": {"code": "8501", "message": "Call not found.",
//!         "innerError": {"request-id": "b6b5c2a0-3a8e-4b71-9a53-59d0f07c2e11",
//!                        "date": "2026-11-24T10:15:30Z"}}}"#.to_vec())?;
//! let err = op.read_response(&response).unwrap_err();
//! assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
//! assert_eq!(
//!     err.to_string(),
//!     "Microsoft Graph answered 404 Not Found: 8501: Call not found. \
//!      (request-id b6b5c2a0-3a8e-4b71-9a53-59d0f07c2e11; date 2026-11-24T10:15:30Z)"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Receiving a callback
//!
//! The service posts a commsNotifications document to your callback URL for
//! every key press. [`CallbackReader`] checks the request and reads it;
//! authenticate it first with graph-comms-auth's `CallbackValidator`, which
//! takes the same `http::Request`. A handler shaped like an axum one:
//!
//! ```
//! use graph_comms_http::{ACKNOWLEDGE_STATUS, CallbackReader};
//! use http::{Request, Response};
//!
//! /// Reads the callback, queues (call id, sequence id, key), answers.
//! fn on_callback(
//!     reader: &CallbackReader,
//!     request: &Request<Vec<u8>>,
//!     queue: &mut Vec<(String, i64, Option<char>)>,
//! ) -> Response<Vec<u8>> {
//!     // (First: validator.validate_request(request, SystemTime::now()), answering err.status().)
//!     let callback = match reader.read(request) {
//!         Ok(callback) => callback,
//!         Err(err) => {
//!             eprintln!("refused a callback: {err}"); // never quotes the request
//!             return err.to_response(); // 400, 405, 413 or 415: a retry would fail the same way
//!         }
//!     };
//!     for event in callback.notifications().tone_events().flatten() {
//!         queue.push((event.call_id.to_owned(), event.sequence_id, event.tone.to_char()));
//!     }
//!     let mut answer = Response::new(Vec::new());
//!     *answer.status_mut() = ACKNOWLEDGE_STATUS; // 202 at once; process in the background
//!     answer
//! }
//!
//! let body = br##"{"@odata.type": "#microsoft.graph.commsNotifications", "value": [{
//!   "@odata.type": "#microsoft.graph.commsNotification", "changeType": "updated",
//!   "resourceUrl": "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
//!   "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "established",
//!     "toneInfo": {"@odata.type": "#microsoft.graph.toneInfo", "sequenceId": 1, "tone": "tone1"}}}]}"##;
//! // The charset a real capture declares; the bytes are read as UTF-8 regardless.
//! let request = Request::post("/api/calls")
//!     .header("Content-Type", "application/json; charset=Windows-1252")
//!     .body(body.to_vec())?;
//! let reader = CallbackReader::new(); // 1 MiB and 100 notifications per batch
//! let mut queue = Vec::new();
//! assert_eq!(on_callback(&reader, &request, &mut queue).status(), 202);
//! assert_eq!(queue, [("57dab8b1-894c-409a-b240-bd8beae78896".to_owned(), 1, Some('1'))]);
//!
//! let probe = Request::get("/api/calls").body(Vec::new())?;
//! assert_eq!(on_callback(&reader, &probe, &mut queue).status(), 405);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With axum, take the `Request<Body>`, call [`CallbackReader::check_head`]
//! on it, collect the body with `axum::body::to_bytes(body,
//! reader.max_body_bytes())`, rebuild the request with `Request::from_parts`
//! and [`CallbackReader::read`] it. The crate's `tests/it/loopback.rs` runs
//! exactly that, and a reqwest client against an axum stub of Graph, over
//! 127.0.0.1.
//!
//! # What to answer a callback
//!
//! | case | answer | why |
//! |---|---|---|
//! | read and queued | `202 Accepted` ([`ACKNOWLEDGE_STATUS`]) | the SDK samples acknowledge at once and work in the background (SimpleIvrBot `Bot.cs` in microsoftgraph/microsoft-graph-comms-samples) |
//! | token refused (graph-comms-auth) | `401` (`403` for a tenant you do not serve) | |
//! | not `POST` | `405`, with `Allow: POST` | |
//! | not JSON, or content-encoded | `415` | |
//! | body or batch over the limit | `413` | |
//! | empty, unreadable `Content-Length`, not a commsNotifications document | `400` | |
//! | valid, but the bot could not take it on | `503` ([`RETRY_STATUS`]) | asks for the same callback again |
//!
//! Every refusal of this crate is a 4xx: the same bytes sent again would be
//! refused again, so a retry could only waste the service's and the bot's
//! time. Answer 5xx only for your own failures. What the docs do *not* say:
//! calling callbacks have no documented retry policy (the "2xx within 3 s,
//! retries for up to 4 hours" rules are those of `/subscriptions` change
//! notifications), and calling has no `validationToken` handshake. A
//! notification in the legacy (pre-Graph) format is to be answered `204 No
//! Content`, after which it comes again in Graph format; this crate reads
//! Graph's format only (the calling SDK's notification docs, microsoftgraph.github.io/microsoft-graph-comms-samples/docs/articles/calls/calling-notifications.html).
//!
//! # Sans-IO
//!
//! Nothing in this crate reads the clock (`SystemTime::now`, `Instant::now`),
//! generates an id or a random number (`Uuid::new_v4`,
//! `ClientContext::generate`), or touches the network or the file system; a
//! test checks the source for each. Time comes in as a parameter
//! ([`RetryAfter::delay_from`]), ids come from the caller
//! ([`ClientRequestId`]). So a request built from the same inputs is the
//! same request, byte for byte, which is what the snapshots rely on.
//!
//! # Privacy
//!
//! Tone data may not be persisted, and logs are persistence. No `Debug`,
//! `Display` or error message of this crate contains a tone or a digit (the
//! models redact them) or an access token ([`AccessToken`]'s `Debug` is
//! redacted), and a refused callback's error never quotes its headers or
//! body (only sizes, limits and, for an unreadable body, the models'
//! position-only [`graph_comms_models::ReadError`]).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod action;
mod actions;
mod callback;
mod endpoint;
mod error;
pub mod headers;
mod ids;
mod location;
mod recording;
mod request;
mod response;
mod token;

pub use actions::{
    Answer, AnswerBuilder, CancelMediaProcessing, CancelMediaProcessingBuilder, CreateCall,
    CreateCallBuilder, CreatedCall, HangUp, HangUpBuilder, PlayPrompt, PlayPromptBuilder,
    RecordResponse, RecordResponseBuilder, Reject, RejectBuilder, SendDtmfTones,
    SendDtmfTonesBuilder, UpdateRecordingStatus, UpdateRecordingStatusBuilder,
};
pub use callback::{ACKNOWLEDGE_STATUS, Callback, CallbackReader, RETRY_STATUS};
pub use endpoint::{CustomRoot, Endpoint, GraphRoot};
pub use error::{
    CallbackError, CallbackErrorKind, RequestError, RequestErrorKind, ResponseError,
    ResponseErrorKind,
};
pub use ids::ClientRequestId;
pub use location::OperationLocation;
pub use recording::FetchRecording;
pub use request::{GetOperation, GetOperationBuilder, SubscribeToTone, SubscribeToToneBuilder};
pub use response::{Acknowledged, ActionResponse, GraphError, RetryAfter, SubscribeToToneResponse};
pub use token::AccessToken;

/// The vocabulary this crate takes and returns, from graph-comms-core, so that
/// building a request needs this crate alone.
pub use graph_comms_core::{
    ApiVersion, CallId, ClientContext, ClientContextError, ClientContextErrorKind, IdError,
    IdErrorKind, NationalCloud, OperationId,
};

/// The `http` crate this crate's types come from.
pub use http;
/// The `uuid` crate, for [`ClientRequestId::from_uuid`].
pub use uuid;

/// The README shown on crates.io: its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
