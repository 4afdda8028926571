//! The three error areas: building a request, reading a response, reading a
//! callback. Each is one type with a kind per problem.
//!
//! No message is built from a secret or a tone: an access token never appears,
//! callback errors say what was wrong without quoting the request, and body
//! errors come from the models, whose messages never quote the input.

use crate::GraphError;
use graph_comms_core::{ClientContextError, IdError};
use graph_comms_models::ReadError;
use http::StatusCode;
use std::convert::Infallible;
use std::fmt;

/// What kind of problem a [`RequestError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestErrorKind {
    /// The builder was given no call id.
    MissingCallId,
    /// The call id is not one safe path segment ([`IdError`] says why).
    InvalidCallId,
    /// The builder of an operation request was given no operation id.
    MissingOperationId,
    /// The operation id is not one safe path segment ([`IdError`] says
    /// why).
    InvalidOperationId,
    /// The clientContext is empty or over 256 characters
    /// ([`ClientContextError`] says which).
    InvalidClientContext,
    /// The `client-request-id` is empty or has a character other than
    /// visible ASCII.
    InvalidClientRequestId,
    /// The access token is empty or has a character that cannot be in a
    /// header line: CR, LF, another control character, whitespace or
    /// non-ASCII.
    InvalidAccessToken,
    /// A custom base URL is not an absolute `http`/`https` URL with a host,
    /// has credentials, a query or a fragment, or (for a root) already ends
    /// in an API version.
    InvalidBaseUrl,
    /// The request URI would be longer than the `http` crate allows (65,534
    /// bytes): the call id or operation id is far too long.
    UriTooLong,
    /// The request body could not be written as JSON: a bug of this crate,
    /// not of the values given.
    BodyNotWritten,
    /// An action that takes a body (playPrompt, answer, …) was built
    /// without one.
    MissingBody,
    /// A `recordingLocation` is not an absolute `https` URL without
    /// credentials, or its access token is empty or not one line of visible
    /// ASCII.
    InvalidRecording,
}

impl RequestErrorKind {
    fn summary(self) -> &'static str {
        match self {
            RequestErrorKind::MissingCallId => "no call id",
            RequestErrorKind::InvalidCallId => "invalid call id",
            RequestErrorKind::MissingOperationId => "no operation id",
            RequestErrorKind::InvalidOperationId => "invalid operation id",
            RequestErrorKind::InvalidClientContext => "invalid clientContext",
            RequestErrorKind::InvalidClientRequestId => "invalid client-request-id",
            RequestErrorKind::InvalidAccessToken => "invalid access token",
            RequestErrorKind::InvalidBaseUrl => "invalid base URL",
            RequestErrorKind::UriTooLong => "request URI too long",
            RequestErrorKind::BodyNotWritten => "request body not written",
            RequestErrorKind::MissingBody => "no request body",
            RequestErrorKind::InvalidRecording => "invalid recording location or token",
        }
    }
}

impl fmt::Display for RequestErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum RequestSource {
    Id(IdError),
    ClientContext(ClientContextError),
}

/// A request could not be built: what kind of problem, and what exactly to
/// change.
///
/// Builders keep the first error and return it from their one terminal
/// `build()` call, as `http::request::Builder` does.
///
/// ```
/// use graph_comms_http::{RequestErrorKind, SubscribeToTone};
///
/// let err = SubscribeToTone::builder().call_id("a/b").build().unwrap_err();
/// assert_eq!(err.kind(), RequestErrorKind::InvalidCallId);
/// assert!(err.to_string().contains("byte 1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    kind: RequestErrorKind,
    detail: String,
    source: Option<RequestSource>,
}

impl RequestError {
    pub(crate) fn new(kind: RequestErrorKind, detail: impl Into<String>) -> Self {
        RequestError {
            kind,
            detail: detail.into(),
            source: None,
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> RequestErrorKind {
        self.kind
    }

    /// What is wrong and what to change, without the kind's summary (which
    /// [`fmt::Display`] adds).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The id error of an [`RequestErrorKind::InvalidCallId`] or
    /// [`RequestErrorKind::InvalidOperationId`].
    pub fn id_error(&self) -> Option<IdError> {
        match self.source {
            Some(RequestSource::Id(err)) => Some(err),
            _ => None,
        }
    }

    /// The clientContext error of an [`RequestErrorKind::InvalidClientContext`].
    pub fn client_context_error(&self) -> Option<ClientContextError> {
        match self.source {
            Some(RequestSource::ClientContext(err)) => Some(err),
            _ => None,
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.detail)
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Some(RequestSource::Id(err)) => Some(err),
            Some(RequestSource::ClientContext(err)) => Some(err),
            None => None,
        }
    }
}

impl From<IdError> for RequestError {
    fn from(err: IdError) -> Self {
        let kind = if err.is_operation_id() {
            RequestErrorKind::InvalidOperationId
        } else {
            RequestErrorKind::InvalidCallId
        };
        RequestError {
            kind,
            detail: err.to_string(),
            source: Some(RequestSource::Id(err)),
        }
    }
}

impl From<ClientContextError> for RequestError {
    fn from(err: ClientContextError) -> Self {
        RequestError {
            kind: RequestErrorKind::InvalidClientContext,
            detail: err.to_string(),
            source: Some(RequestSource::ClientContext(err)),
        }
    }
}

/// Lets builders take values that are already valid (`CallId`,
/// `ClientContext`, …) through the same `TryInto` bound as strings.
impl From<Infallible> for RequestError {
    fn from(never: Infallible) -> Self {
        match never {}
    }
}

/// What kind of problem a [`ResponseError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseErrorKind {
    /// Microsoft Graph answered with an error status (4xx or 5xx):
    /// [`ResponseError::graph_error`] has the status, the `ODataError`, the
    /// request ids and `Retry-After`.
    ErrorStatus,
    /// The status is neither a success nor an error (1xx, 3xx).
    UnexpectedStatus,
    /// A success response whose body is not the expected operation
    /// ([`ResponseError::read_error`] says where).
    InvalidBody,
    /// The `Location` header is not visible ASCII, is repeated, or does not
    /// point at `…/communications/calls/{id}/operations/{opId}` with valid
    /// ids (also: a scheme-relative `//host/…` or a relative reference
    /// without a leading `/`).
    InvalidLocation,
    /// An absolute `Location` points at another host than the request's (or
    /// a Microsoft Graph host when the request went to a custom endpoint),
    /// or downgrades `https` to `http`.
    LocationHostMismatch,
    /// The `Location` names another call than the one the request was for.
    LocationCallIdMismatch,
}

impl ResponseErrorKind {
    fn summary(self) -> &'static str {
        match self {
            ResponseErrorKind::ErrorStatus => "Microsoft Graph answered with an error",
            ResponseErrorKind::UnexpectedStatus => "unexpected status",
            ResponseErrorKind::InvalidBody => "the response body is not the expected operation",
            ResponseErrorKind::InvalidLocation => "invalid Location header",
            ResponseErrorKind::LocationHostMismatch => "the Location header points at another host",
            ResponseErrorKind::LocationCallIdMismatch => "the Location header names another call",
        }
    }
}

impl fmt::Display for ResponseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary())
    }
}

/// A response could not be read as the expected result: an error status
/// (with its [`GraphError`]), or a success whose body or `Location` is wrong.
///
/// ```
/// use graph_comms_http::{ResponseErrorKind, SubscribeToTone};
///
/// let op = SubscribeToTone::builder().call_id("57dab8b1-894c-409a-b240-bd8beae78896").build()?;
/// let response = http::Response::builder()
///     .status(404)
///     .header("request-id", "b6b5c2a0-3a8e-4b71-9a53-59d0f07c2e11")
///     .body(br#"{"error": {"code": "8501", "message": "Call not found."}}"#.to_vec())?;
/// let err = op.read_response(&response).unwrap_err();
/// assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
/// let graph = err.graph_error().unwrap();
/// assert_eq!(graph.code(), Some("8501"));
/// assert_eq!(graph.request_id(), Some("b6b5c2a0-3a8e-4b71-9a53-59d0f07c2e11"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ResponseError {
    kind: ResponseErrorKind,
    status: Option<StatusCode>,
    detail: String,
    graph: Option<Box<GraphError>>,
    read: Option<ReadError>,
}

impl ResponseError {
    pub(crate) fn new(
        kind: ResponseErrorKind,
        status: Option<StatusCode>,
        detail: impl Into<String>,
    ) -> Self {
        ResponseError {
            kind,
            status,
            detail: detail.into(),
            graph: None,
            read: None,
        }
    }

    pub(crate) fn graph(error: GraphError) -> Self {
        ResponseError {
            kind: ResponseErrorKind::ErrorStatus,
            status: Some(error.status()),
            detail: String::new(),
            graph: Some(Box::new(error)),
            read: None,
        }
    }

    pub(crate) fn body(status: StatusCode, detail: &str, read: Option<ReadError>) -> Self {
        let detail = match &read {
            Some(read) => format!("{detail}: {read}"),
            None => detail.to_owned(),
        };
        ResponseError {
            kind: ResponseErrorKind::InvalidBody,
            status: Some(status),
            detail,
            graph: None,
            read,
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ResponseErrorKind {
        self.kind
    }

    /// The status of the response; `None` for an error of
    /// [`crate::OperationLocation::parse`], which reads a header alone.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The same error, for a response with `status`.
    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// The error Microsoft Graph gave, for [`ResponseErrorKind::ErrorStatus`].
    pub fn graph_error(&self) -> Option<&GraphError> {
        self.graph.as_deref()
    }

    /// The error Microsoft Graph gave, owned.
    pub fn into_graph_error(self) -> Option<GraphError> {
        self.graph.map(|graph| *graph)
    }

    /// Why the body could not be read, for [`ResponseErrorKind::InvalidBody`]
    /// when the body is not empty.
    pub fn read_error(&self) -> Option<&ReadError> {
        self.read.as_ref()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.graph {
            Some(graph) => fmt::Display::fmt(graph, f),
            None => {
                write!(f, "{}", self.kind)?;
                if let Some(status) = self.status {
                    write!(f, " ({status})")?;
                }
                write!(f, ": {}", self.detail)
            }
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        if let Some(graph) = &self.graph {
            return Some(graph.as_ref());
        }
        self.read
            .as_ref()
            .map(|read| read as &(dyn std::error::Error + 'static))
    }
}

/// Why a callback was refused. Each refusal has its own kind, and each kind
/// the status to answer ([`CallbackErrorKind::status`]).
///
/// Every kind is a 4xx: the request as sent can never succeed, so a retry
/// of the same bytes would be refused the same way. Answer `503 Service
/// Unavailable` ([`crate::RETRY_STATUS`]) yourself when a *valid* callback
/// could not be handled (your queue is full, say).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallbackErrorKind {
    /// The method is not `POST`. Answer: `405 Method Not Allowed`, with
    /// `Allow: POST`.
    MethodNotAllowed,
    /// The request has no `Content-Type`. Answer: `415 Unsupported Media
    /// Type`.
    MissingContentType,
    /// The `Content-Type` is not JSON (`application/json`, or
    /// `application/<anything>+json`), is repeated, or is not readable.
    /// Answer: `415 Unsupported Media Type`.
    UnsupportedMediaType,
    /// The body has a `Content-Encoding` other than `identity` (gzip, say)
    /// that the framework did not decode. Answer: `415 Unsupported Media
    /// Type` (RFC 9110 §15.5.16).
    UnsupportedContentEncoding,
    /// `Content-Length` is not a number, or is repeated with different
    /// values. Answer: `400 Bad Request`.
    InvalidContentLength,
    /// `Content-Length` or the body is over the limit; the body was not
    /// parsed. Answer: `413 Content Too Large`.
    BodyTooLarge,
    /// The body is empty. Answer: `400 Bad Request`.
    EmptyBody,
    /// The body is not JSON, or not a commsNotifications document
    /// ([`CallbackError::read_error`] says where). Answer: `400 Bad Request`.
    InvalidBody,
    /// The batch has more notifications than the limit. Answer: `413 Content
    /// Too Large`.
    TooManyNotifications,
}

impl CallbackErrorKind {
    /// The status to answer the callback with (see each kind).
    pub fn status(self) -> StatusCode {
        match self {
            CallbackErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            CallbackErrorKind::MissingContentType
            | CallbackErrorKind::UnsupportedMediaType
            | CallbackErrorKind::UnsupportedContentEncoding => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            CallbackErrorKind::InvalidContentLength
            | CallbackErrorKind::EmptyBody
            | CallbackErrorKind::InvalidBody => StatusCode::BAD_REQUEST,
            CallbackErrorKind::BodyTooLarge | CallbackErrorKind::TooManyNotifications => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
        }
    }

    fn summary(self) -> &'static str {
        match self {
            CallbackErrorKind::MethodNotAllowed => "method not allowed",
            CallbackErrorKind::MissingContentType => "no Content-Type",
            CallbackErrorKind::UnsupportedMediaType => "unsupported Content-Type",
            CallbackErrorKind::UnsupportedContentEncoding => "unsupported Content-Encoding",
            CallbackErrorKind::InvalidContentLength => "invalid Content-Length",
            CallbackErrorKind::BodyTooLarge => "body too large",
            CallbackErrorKind::EmptyBody => "empty body",
            CallbackErrorKind::InvalidBody => "the body is not a commsNotifications document",
            CallbackErrorKind::TooManyNotifications => "too many notifications in one batch",
        }
    }
}

impl fmt::Display for CallbackErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary())
    }
}

/// A callback was refused: what kind of refusal, the status to answer, and
/// what exactly was wrong.
///
/// The message never quotes the request (no header value, no body text):
/// only sizes, limits, and for a body that is not readable the models'
/// [`ReadError`], which never quotes its input either.
///
/// ```
/// use graph_comms_http::{CallbackErrorKind, CallbackReader};
///
/// let request = http::Request::get("/api/calls").body(Vec::new())?;
/// let err = CallbackReader::new().read(&request).unwrap_err();
/// assert_eq!(err.kind(), CallbackErrorKind::MethodNotAllowed);
/// let answer: http::Response<()> = err.to_response();
/// assert_eq!(answer.status(), http::StatusCode::METHOD_NOT_ALLOWED);
/// assert_eq!(answer.headers()["allow"], "POST");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackError {
    kind: CallbackErrorKind,
    detail: String,
    read: Option<ReadError>,
}

impl CallbackError {
    pub(crate) fn new(kind: CallbackErrorKind, detail: impl Into<String>) -> Self {
        CallbackError {
            kind,
            detail: detail.into(),
            read: None,
        }
    }

    pub(crate) fn body(read: ReadError) -> Self {
        CallbackError {
            kind: CallbackErrorKind::InvalidBody,
            detail: read.to_string(),
            read: Some(read),
        }
    }

    /// What kind of refusal this is.
    pub fn kind(&self) -> CallbackErrorKind {
        self.kind
    }

    /// The status to answer the callback with.
    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }

    /// What was wrong, without the kind's summary.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// Why the body could not be read, for [`CallbackErrorKind::InvalidBody`].
    pub fn read_error(&self) -> Option<&ReadError> {
        self.read.as_ref()
    }

    /// The answer to give: [`CallbackError::status`] with an empty body,
    /// plus `Allow: POST` for [`CallbackErrorKind::MethodNotAllowed`] (RFC
    /// 9110 requires it on a 405).
    pub fn to_response<B: Default>(&self) -> http::Response<B> {
        let mut response = http::Response::new(B::default());
        *response.status_mut() = self.status();
        if self.kind == CallbackErrorKind::MethodNotAllowed {
            response
                .headers_mut()
                .insert(http::header::ALLOW, http::HeaderValue::from_static("POST"));
        }
        response
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (answer {}): {}",
            self.kind,
            self.status(),
            self.detail
        )
    }
}

impl std::error::Error for CallbackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.read
            .as_ref()
            .map(|read| read as &(dyn std::error::Error + 'static))
    }
}
