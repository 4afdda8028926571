//! Reading responses: the subscribeToTone result, an operation, and the
//! error Microsoft Graph gives with a 4xx or 5xx.

use crate::error::{ResponseError, ResponseErrorKind};
use crate::location::{self, OperationLocation};
use crate::{Endpoint, headers};
use graph_comms_core::CallId;
use graph_comms_models::{CommsOperation, ODataError, SubscribeToToneOperation};
use http::{HeaderMap, HeaderName, Response, StatusCode};
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::{Duration, SystemTime};

/// What a successful subscribeToTone returned: the operation (from the body)
/// and where it lives (from the `Location` header).
pub type SubscribeToToneResponse = ActionResponse<SubscribeToToneOperation>;

/// What a successful call action returned (subscribeToTone, playPrompt,
/// recordResponse, cancelMediaProcessing, sendDtmfTones,
/// updateRecordingStatus): the typed operation `O` (from the body) and where
/// it lives (from the `Location` header, checked against the request).
///
/// ```
/// use graph_comms_http::SubscribeToTone;
///
/// let op = SubscribeToTone::builder().call_id("57dab8b1-894c-409a-b240-bd8beae78896").build()?;
/// let response = http::Response::builder()
///     .status(200)
///     .header("Location", "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5")
///     .body(br##"{"@odata.type": "#microsoft.graph.subscribeToToneOperation",
///                "clientContext": "clientContext-value",
///                "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5", "status": "completed"}"##.to_vec())?;
/// let subscribed = op.read_response(&response)?;
/// assert!(subscribed.operation().unwrap().is_terminal()); // "completed": the action is synchronous
/// assert_eq!(subscribed.operation_id(), Some("0fe0623f-d628-42ed-b4bd-8ac290072cc5"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ActionResponse<O> {
    status: StatusCode,
    operation: Option<O>,
    body_operation_id: Option<String>,
    location: Option<OperationLocation>,
    request_id: Option<String>,
    client_request_id: Option<String>,
}

impl<O> ActionResponse<O> {
    /// The status: `200 OK` as documented (any 2xx is read).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The operation of the body; `None` when the body was empty.
    pub fn operation(&self) -> Option<&O> {
        self.operation.as_ref()
    }

    /// The operation, owned.
    pub fn into_operation(self) -> Option<O> {
        self.operation
    }

    /// The `Location` header, read and checked; `None` when there was none.
    pub fn location(&self) -> Option<&OperationLocation> {
        self.location.as_ref()
    }

    /// The operation id: from the `Location`, else the body's `id`.
    pub fn operation_id(&self) -> Option<&str> {
        self.location
            .as_ref()
            .map(|location| location.operation_id().as_str())
            .or(self.body_operation_id.as_deref())
    }

    /// The `request-id` response header: the id Graph gave the request.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `client-request-id` response header: the caller's id, echoed.
    pub fn client_request_id(&self) -> Option<&str> {
        self.client_request_id.as_deref()
    }
}

/// When to retry, from a `Retry-After` header: a delay, or a point in time
/// (RFC 9110 §10.2.3). Turning a point in time into a delay takes the
/// current time, which the caller passes: this crate never reads the clock.
///
/// ```
/// use graph_comms_http::RetryAfter;
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
///
/// assert_eq!(RetryAfter::parse("120"), Some(RetryAfter::Delay(Duration::from_secs(120))));
/// let at = RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
/// let now = UNIX_EPOCH + Duration::from_secs(784_111_767); // 10 s before
/// assert_eq!(at.delay_from(now), Duration::from_secs(10));
/// assert_eq!(RetryAfter::parse("soon"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// Retry after this long.
    Delay(Duration),
    /// Retry at this time.
    At(SystemTime),
}

impl RetryAfter {
    /// Reads a `Retry-After` value: a number of seconds, or an HTTP-date
    /// (any of the three formats RFC 9110 requires recipients to read).
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            // More digits than a u64 holds: as good as forever.
            let seconds = value.parse().unwrap_or(u64::MAX);
            return Some(RetryAfter::Delay(Duration::from_secs(seconds)));
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::At)
    }

    /// The `Retry-After` header of `headers`, when there is one readable one.
    pub fn from_headers(headers: &HeaderMap) -> Option<RetryAfter> {
        RetryAfter::parse(header_str(headers, &http::header::RETRY_AFTER)?)
    }

    /// How long to wait from `now` (zero for a time already past).
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(delay) => *delay,
            RetryAfter::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

/// The error Microsoft Graph answered with (a 4xx or 5xx status): the status,
/// the `ODataError` when the body is one, the ids to quote to support, the
/// date and `Retry-After`.
///
/// The ids and the date come from the body's `innerError`, else from the
/// `request-id`, `client-request-id` and `Date` headers. A body that is not a
/// Graph error (an HTML page from a gateway, say) is kept as bytes
/// ([`GraphError::body`]); the message then gives its content type and size.
///
/// ```
/// use graph_comms_http::GraphError;
///
/// let response = http::Response::builder()
///     .status(429)
///     .header("Retry-After", "30")
///     .header("request-id", "1a0ffbc0-086f-4e5f-8c4f-1d5e8cc5ab4c")
///     .body(br#"{"error": {"code": "TooManyRequests", "message": "Too many requests."}}"#.to_vec())?;
/// let err = GraphError::from_response(&response).unwrap();
/// assert_eq!(err.code(), Some("TooManyRequests"));
/// assert_eq!(err.retry_after(), Some(graph_comms_http::RetryAfter::Delay(std::time::Duration::from_secs(30))));
/// assert_eq!(
///     err.to_string(),
///     "Microsoft Graph answered 429 Too Many Requests: TooManyRequests: Too many requests. \
///      (request-id 1a0ffbc0-086f-4e5f-8c4f-1d5e8cc5ab4c; retry after 30 s)"
/// );
///
/// let gateway = http::Response::builder()
///     .status(502)
///     .header("Content-Type", "text/html")
///     .body(b"<html>Bad Gateway</html>".to_vec())?;
/// let err = GraphError::from_response(&gateway).unwrap();
/// assert!(err.odata_error().is_none());
/// assert_eq!(
///     err.to_string(),
///     "Microsoft Graph answered 502 Bad Gateway with a body that is not a Graph error (text/html, 24 bytes)"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct GraphError {
    status: StatusCode,
    odata: Option<ODataError>,
    request_id: Option<String>,
    client_request_id: Option<String>,
    date: Option<String>,
    date_from_header: bool,
    retry_after: Option<RetryAfter>,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl GraphError {
    /// The error of `response`, when its status is an error (4xx or 5xx);
    /// `None` otherwise.
    pub fn from_response<B: AsRef<[u8]>>(response: &Response<B>) -> Option<GraphError> {
        GraphError::from_parts(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }

    /// The error of a response given by its parts, when `status` is an error
    /// (4xx or 5xx); `None` otherwise.
    pub fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Option<GraphError> {
        if !(status.is_client_error() || status.is_server_error()) {
            return None;
        }
        let odata = graph_comms_models::from_slice::<ODataError>(body)
            .ok()
            .filter(|error| error.error.is_some());
        let inner = odata.as_ref().and_then(ODataError::inner);
        let request_id = inner
            .and_then(|inner| non_empty(inner.request_id.as_deref()))
            .or_else(|| header_str(headers, &headers::REQUEST_ID))
            .map(str::to_owned);
        let client_request_id = inner
            .and_then(|inner| non_empty(inner.client_request_id.as_deref()))
            .or_else(|| header_str(headers, &headers::CLIENT_REQUEST_ID))
            .map(str::to_owned);
        let inner_date = inner.and_then(|inner| non_empty(inner.date.as_deref()));
        let (date, date_from_header) = match inner_date {
            Some(date) => (Some(date.to_owned()), false),
            None => (
                header_str(headers, &http::header::DATE).map(str::to_owned),
                true,
            ),
        };
        let body = if odata.is_some() {
            Vec::new()
        } else {
            body.to_vec()
        };
        Some(GraphError {
            status,
            odata,
            request_id,
            client_request_id,
            date,
            date_from_header,
            retry_after: RetryAfter::from_headers(headers),
            content_type: header_str(headers, &http::header::CONTENT_TYPE).map(str::to_owned),
            body,
        })
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body as a Graph error, when it is one.
    pub fn odata_error(&self) -> Option<&ODataError> {
        self.odata.as_ref()
    }

    /// The error code (`error.code`), such as `BadRequest`: code against this.
    pub fn code(&self) -> Option<&str> {
        self.odata.as_ref()?.error.as_ref()?.code.as_deref()
    }

    /// The developer-facing message (`error.message`); not for end users.
    pub fn message(&self) -> Option<&str> {
        self.odata.as_ref()?.error.as_ref()?.message.as_deref()
    }

    /// The id Graph gave the request: `innerError.request-id`, else the
    /// `request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The caller's id, echoed: `innerError.client-request-id`, else the
    /// `client-request-id` header.
    pub fn client_request_id(&self) -> Option<&str> {
        self.client_request_id.as_deref()
    }

    /// When the error happened, as sent: `innerError.date`, else the `Date`
    /// header.
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    /// [`GraphError::date`] read as a time: RFC 3339 (without an offset:
    /// UTC) from `innerError`, an HTTP-date from the header; `None` when it
    /// does not read.
    pub fn date_time(&self) -> Option<SystemTime> {
        let date = self.date.as_deref()?;
        if self.date_from_header {
            httpdate::parse_http_date(date).ok()
        } else {
            self.odata
                .as_ref()
                .and_then(ODataError::inner)
                .and_then(graph_comms_models::InnerError::date_time)
                .map(SystemTime::from)
        }
    }

    /// The `Retry-After` header, when there is a readable one (Graph sends
    /// it with 429 and 503).
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
    }

    /// The `Content-Type` of the response, as sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body, when it is not a Graph error (empty otherwise: read
    /// [`GraphError::odata_error`]).
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// Writes service text into a one-line message: control characters become
/// spaces, and long text is cut.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX_CHARS: usize = 300;
        for (i, c) in self.0.chars().enumerate() {
            if i == MAX_CHARS {
                return f.write_str("…");
            }
            let c = if c.is_control() { ' ' } else { c };
            fmt::Write::write_char(f, c)?;
        }
        Ok(())
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Microsoft Graph answered {}", self.status)?;
        if self.odata.is_some() {
            match (self.code(), self.message()) {
                (Some(code), Some(message)) => {
                    write!(f, ": {}: {}", OneLine(code), OneLine(message))?
                }
                (Some(text), None) | (None, Some(text)) => write!(f, ": {}", OneLine(text))?,
                (None, None) => {}
            }
        } else if self.body.is_empty() {
            f.write_str(" with an empty body")?;
        } else {
            write!(
                f,
                " with a body that is not a Graph error ({}, {} bytes)",
                self.content_type
                    .as_deref()
                    .map_or("no content type".into(), |t| OneLine(t).to_string()),
                self.body.len()
            )?;
        }
        let mut notes = Vec::new();
        if let Some(id) = &self.request_id {
            notes.push(format!("request-id {}", OneLine(id)));
        }
        if let Some(id) = &self.client_request_id {
            notes.push(format!("client-request-id {}", OneLine(id)));
        }
        if let Some(date) = &self.date {
            notes.push(format!("date {}", OneLine(date)));
        }
        match self.retry_after {
            Some(RetryAfter::Delay(delay)) => {
                notes.push(format!("retry after {} s", delay.as_secs()))
            }
            Some(RetryAfter::At(at)) => {
                notes.push(format!("retry at {}", httpdate::fmt_http_date(at)))
            }
            None => {}
        }
        if !notes.is_empty() {
            write!(f, " ({})", notes.join("; "))?;
        }
        Ok(())
    }
}

impl fmt::Debug for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphError")
            .field("status", &self.status)
            .field("odata", &self.odata)
            .field("request_id", &self.request_id)
            .field("client_request_id", &self.client_request_id)
            .field("date", &self.date)
            .field("retry_after", &self.retry_after)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl std::error::Error for GraphError {}

/// The first value of header `name`, when it is visible ASCII and not empty.
pub(crate) fn header_str<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    non_empty(headers.get(name)?.to_str().ok())
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The error of a status that is not a success, if it is not one.
pub(crate) fn check_status(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ResponseError> {
    if status.is_success() {
        return Ok(());
    }
    match GraphError::from_parts(status, headers, body) {
        Some(error) => Err(ResponseError::graph(error)),
        None => Err(ResponseError::new(
            ResponseErrorKind::UnexpectedStatus,
            Some(status),
            "expected a 2xx success or a 4xx/5xx error; a redirect is not followed by this \
             crate (send the request to the endpoint the service documents)",
        )),
    }
}

/// What an action's response is read as: the operation type, its name, and
/// how to find its id.
pub(crate) struct OperationShape<O> {
    /// The action, as in the path: `subscribeToTone`.
    pub(crate) action: &'static str,
    /// The operation type, as in `@odata.type` without the namespace.
    pub(crate) operation_type: &'static str,
    /// The operation's `id`.
    pub(crate) id: fn(&O) -> Option<&str>,
}

/// Reads the answer to a call action: a 2xx with the typed operation (or an
/// empty body) and a `Location` naming an operation of the same call.
pub(crate) fn read_action<O: DeserializeOwned, B: AsRef<[u8]>>(
    shape: &OperationShape<O>,
    endpoint: &Endpoint,
    call_id: &CallId,
    response: &Response<B>,
) -> Result<ActionResponse<O>, ResponseError> {
    let status = response.status();
    let headers = response.headers();
    let body = response.body().as_ref();
    check_status(status, headers, body)?;
    let location = location::read_checked(endpoint, call_id, headers, status)?;
    let operation = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(graph_comms_models::from_slice::<O>(body).map_err(|err| {
            ResponseError::body(
                status,
                &format!(
                    "the body of a successful {} is not a {}",
                    shape.action, shape.operation_type
                ),
                Some(err),
            )
        })?)
    };
    Ok(ActionResponse {
        status,
        body_operation_id: operation.as_ref().and_then(shape.id).map(str::to_owned),
        operation,
        location,
        request_id: header_str(headers, &headers::REQUEST_ID).map(str::to_owned),
        client_request_id: header_str(headers, &headers::CLIENT_REQUEST_ID).map(str::to_owned),
    })
}

/// What a call-control action without an operation answered (answer, reject:
/// `202 Accepted`; hang up: `204 No Content`): the status and the ids to
/// quote to support. A body, if the service sends one, is not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acknowledged {
    pub(crate) status: StatusCode,
    pub(crate) request_id: Option<String>,
    pub(crate) client_request_id: Option<String>,
}

impl Acknowledged {
    /// The status: `202 Accepted` or `204 No Content` as documented (any
    /// 2xx is read).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `request-id` response header: the id Graph gave the request.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `client-request-id` response header: the caller's id, echoed.
    pub fn client_request_id(&self) -> Option<&str> {
        self.client_request_id.as_deref()
    }
}

/// Reads an answer that carries no operation: any 2xx, else the error.
pub(crate) fn read_acknowledged<B: AsRef<[u8]>>(
    response: &Response<B>,
) -> Result<Acknowledged, ResponseError> {
    let status = response.status();
    let headers = response.headers();
    check_status(status, headers, response.body().as_ref())?;
    Ok(Acknowledged {
        status,
        request_id: header_str(headers, &headers::REQUEST_ID).map(str::to_owned),
        client_request_id: header_str(headers, &headers::CLIENT_REQUEST_ID).map(str::to_owned),
    })
}

pub(crate) fn read_operation<B: AsRef<[u8]>>(
    response: &Response<B>,
) -> Result<CommsOperation, ResponseError> {
    let status = response.status();
    let body = response.body().as_ref();
    check_status(status, response.headers(), body)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ResponseError::body(
            status,
            "the body is empty; the operation was expected",
            None,
        ));
    }
    graph_comms_models::from_slice::<CommsOperation>(body)
        .map_err(|err| ResponseError::body(status, "the body is not a commsOperation", Some(err)))
}
