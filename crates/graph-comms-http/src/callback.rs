//! Reading the callbacks the service posts to the bot, and what to answer.

use crate::error::{CallbackError, CallbackErrorKind};
use crate::headers;
use graph_comms_models::CommsNotifications;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};

/// The answer to a callback that was read (and queued): `202 Accepted`, at
/// once, before the work is done. The SDK samples answer so and process in
/// the background; a slow answer risks the service's timeouts.
pub const ACKNOWLEDGE_STATUS: StatusCode = StatusCode::ACCEPTED;

/// The answer to a *valid* callback the bot could not take on (its queue is
/// full, its store is down): `503 Service Unavailable`, the status that asks
/// for the same notification to be sent again. The service documents no
/// retry policy for calling callbacks (the "retries for up to 4 hours" of
/// <https://learn.microsoft.com/graph/change-notifications-delivery-webhooks>
/// is about `/subscriptions` change notifications), so a 503 may or may
/// not be retried; a 4xx never should be.
pub const RETRY_STATUS: StatusCode = StatusCode::SERVICE_UNAVAILABLE;

/// Reads the callbacks the service posts to the bot's callback URL: checks
/// the request line and headers, the size, and reads the body as
/// [`CommsNotifications`]. It does not authenticate the callback: check its
/// bearer token with graph-comms-auth (`CallbackValidator::validate_request`
/// takes the same `http::Request`).
///
/// The checks, in order, each refusal with its own [`CallbackErrorKind`]:
///
/// 1. the method is `POST` (else 405, with `Allow: POST`);
/// 2. there is one `Content-Type`, and it is JSON: `application/json`, or
///    `application/<anything>+json`, the type case-insensitive and whatever
///    its parameters say; a declared charset is ignored and the bytes are read
///    as UTF-8, as RFC 8259 requires of JSON (a real capture declares
///    `charset=Windows-1252`) (else 415);
/// 3. no `Content-Encoding` but `identity` (else 415);
/// 4. `Content-Length`, when present, is a number within the body limit
///    (else 400 or 413);
/// 5. the body itself is within the limit, checked before any parsing (else
///    413), and not empty (else 400);
/// 6. the body reads as a commsNotifications document (else 400); one
///    malformed resource does not fail the batch, see
///    [`CommsNotifications::from_slice`];
/// 7. the batch has no more notifications than the limit (else 413).
///
/// Steps 1–4 are [`CallbackReader::check_head`], which needs no body: run it
/// before reading the body off the connection, and give your framework the
/// same body limit ([`CallbackReader::max_body_bytes`]) for bodies without a
/// `Content-Length`.
///
/// ```
/// use graph_comms_http::{CallbackErrorKind, CallbackReader};
///
/// let body = br##"{"value": [{"changeType": "updated",
///   "resourceUrl": "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
///   "resourceData": {"@odata.type": "#microsoft.graph.call",
///                    "toneInfo": {"sequenceId": 1, "tone": "tone1"}}}]}"##;
/// let request = http::Request::post("/api/calls")
///     .header("Content-Type", "application/json; charset=Windows-1252")
///     .header("X-Microsoft-Skype-Message-ID", "0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60")
///     .body(body.to_vec())?;
/// let reader = CallbackReader::new();
/// let callback = reader.read(&request)?;
/// assert_eq!(callback.message_id(), Some("0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60"));
/// assert_eq!(callback.notifications().value.len(), 1);
///
/// // Over the limit: refused before parsing.
/// let small = CallbackReader::new().with_max_body_bytes(64);
/// let err = small.read(&request).unwrap_err();
/// assert_eq!(err.kind(), CallbackErrorKind::BodyTooLarge);
/// assert_eq!(err.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallbackReader {
    max_body_bytes: usize,
    max_notifications: usize,
}

impl CallbackReader {
    /// The default body limit: 1 MiB. A tone notification is under 1 KiB; a
    /// large meeting's participant roster is the biggest callback there is.
    pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

    /// The default limit of notifications per batch: 100.
    pub const DEFAULT_MAX_NOTIFICATIONS: usize = 100;

    /// A reader with the default limits.
    pub const fn new() -> Self {
        CallbackReader {
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            max_notifications: Self::DEFAULT_MAX_NOTIFICATIONS,
        }
    }

    /// The same reader with another body limit, in bytes.
    pub const fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The same reader with another limit of notifications per batch.
    pub const fn with_max_notifications(mut self, max_notifications: usize) -> Self {
        self.max_notifications = max_notifications;
        self
    }

    /// The body limit, in bytes.
    pub const fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The limit of notifications per batch.
    pub const fn max_notifications(&self) -> usize {
        self.max_notifications
    }

    /// Checks the method and headers of a callback (steps 1–4 above). The
    /// body is not touched: `B` can be a stream not yet read.
    ///
    /// # Errors
    ///
    /// A [`CallbackError`] with the kind of refusal and the status to answer.
    pub fn check_head<B>(&self, request: &Request<B>) -> Result<(), CallbackError> {
        self.check_method_and_headers(request.method(), request.headers())
    }

    /// Reads a callback: [`CallbackReader::check_head`], then the body's size
    /// and content (steps 5–7 above).
    ///
    /// # Errors
    ///
    /// A [`CallbackError`] with the kind of refusal and the status to answer.
    pub fn read<B: AsRef<[u8]>>(&self, request: &Request<B>) -> Result<Callback, CallbackError> {
        let headers = request.headers();
        self.check_method_and_headers(request.method(), headers)?;
        let body = request.body().as_ref();
        if body.len() > self.max_body_bytes {
            return Err(CallbackError::new(
                CallbackErrorKind::BodyTooLarge,
                format!(
                    "the body is {} bytes, over the limit of {}",
                    body.len(),
                    self.max_body_bytes
                ),
            ));
        }
        if body.is_empty() {
            return Err(CallbackError::new(
                CallbackErrorKind::EmptyBody,
                "a callback carries a commsNotifications document",
            ));
        }
        let notifications = CommsNotifications::from_slice(body).map_err(CallbackError::body)?;
        let count = notifications.value.len();
        if count > self.max_notifications {
            return Err(CallbackError::new(
                CallbackErrorKind::TooManyNotifications,
                format!(
                    "the batch has {count} notifications, over the limit of {}",
                    self.max_notifications
                ),
            ));
        }
        Ok(Callback {
            notifications,
            message_id: first(headers, &headers::X_MICROSOFT_SKYPE_MESSAGE_ID),
            chain_id: first(headers, &headers::X_MICROSOFT_SKYPE_CHAIN_ID),
            scenario_id: first(headers, &headers::SCENARIO_ID),
            client_request_id: first(headers, &headers::CLIENT_REQUEST_ID),
        })
    }

    fn check_method_and_headers(
        &self,
        method: &Method,
        headers: &HeaderMap,
    ) -> Result<(), CallbackError> {
        if method != Method::POST {
            return Err(CallbackError::new(
                CallbackErrorKind::MethodNotAllowed,
                "the service posts callbacks: only POST is accepted",
            ));
        }
        check_content_type(headers)?;
        check_content_encoding(headers)?;
        self.check_content_length(headers)
    }

    fn check_content_length(&self, headers: &HeaderMap) -> Result<(), CallbackError> {
        let mut declared: Option<u64> = None;
        for value in headers.get_all(CONTENT_LENGTH) {
            let length = value
                .to_str()
                .ok()
                .filter(|text| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                .map(|text| text.parse::<u64>().unwrap_or(u64::MAX))
                .ok_or_else(|| {
                    CallbackError::new(
                        CallbackErrorKind::InvalidContentLength,
                        "Content-Length is not a number of bytes",
                    )
                })?;
            if declared.is_some_and(|earlier| earlier != length) {
                return Err(CallbackError::new(
                    CallbackErrorKind::InvalidContentLength,
                    "the request has Content-Length headers with different values",
                ));
            }
            declared = Some(length);
        }
        match declared {
            Some(length) if length > self.max_body_bytes as u64 => Err(CallbackError::new(
                CallbackErrorKind::BodyTooLarge,
                format!(
                    "Content-Length is {length} bytes, over the limit of {}",
                    self.max_body_bytes
                ),
            )),
            _ => Ok(()),
        }
    }
}

impl Default for CallbackReader {
    fn default() -> Self {
        CallbackReader::new()
    }
}

fn check_content_type(headers: &HeaderMap) -> Result<(), CallbackError> {
    let mut values = headers.get_all(CONTENT_TYPE).iter();
    let Some(value) = values.next() else {
        return Err(CallbackError::new(
            CallbackErrorKind::MissingContentType,
            "a callback is JSON: the request must say Content-Type: application/json",
        ));
    };
    if values.next().is_some() {
        return Err(CallbackError::new(
            CallbackErrorKind::UnsupportedMediaType,
            "the request has more than one Content-Type",
        ));
    }
    if !value.to_str().is_ok_and(is_json_media_type) {
        return Err(CallbackError::new(
            CallbackErrorKind::UnsupportedMediaType,
            "the Content-Type is not application/json (nor application/…+json)",
        ));
    }
    Ok(())
}

/// Whether a `Content-Type` value names JSON: `application/json` or
/// `application/<x>+json`, ASCII case-insensitively, with any parameters.
fn is_json_media_type(value: &str) -> bool {
    let media_type = value.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = media_type.split_once('/') else {
        return false;
    };
    if !kind.eq_ignore_ascii_case("application") {
        return false;
    }
    let subtype = subtype.as_bytes();
    let suffix = b"+json";
    subtype.eq_ignore_ascii_case(b"json")
        || (subtype.len() > suffix.len()
            && subtype[subtype.len() - suffix.len()..].eq_ignore_ascii_case(suffix))
}

fn check_content_encoding(headers: &HeaderMap) -> Result<(), CallbackError> {
    for value in headers.get_all(CONTENT_ENCODING) {
        let identity = value.to_str().is_ok_and(|text| {
            text.split(',')
                .map(str::trim)
                .all(|coding| coding.is_empty() || coding.eq_ignore_ascii_case("identity"))
        });
        if !identity {
            return Err(CallbackError::new(
                CallbackErrorKind::UnsupportedContentEncoding,
                "the body is content-encoded (gzip, say) and was not decoded: decode it in \
                 your framework first, or have it refuse encoded bodies",
            ));
        }
    }
    Ok(())
}

fn first(headers: &HeaderMap, name: &HeaderName) -> Option<HeaderValue> {
    headers.get(name).cloned()
}

/// A callback that was read: the notifications, and the headers a bot logs
/// and deduplicates by.
///
/// `Debug` never shows a tone (the models redact them).
#[derive(Clone, Debug)]
pub struct Callback {
    notifications: CommsNotifications,
    message_id: Option<HeaderValue>,
    chain_id: Option<HeaderValue>,
    scenario_id: Option<HeaderValue>,
    client_request_id: Option<HeaderValue>,
}

impl Callback {
    /// The notifications: [`CommsNotifications::tone_events`] gives the key
    /// presses.
    pub fn notifications(&self) -> &CommsNotifications {
        &self.notifications
    }

    /// The notifications, owned.
    pub fn into_notifications(self) -> CommsNotifications {
        self.notifications
    }

    /// `X-Microsoft-Skype-Message-ID`: the same on a retried callback, so a
    /// key to drop duplicates by (with the notification's index).
    pub fn message_id(&self) -> Option<&str> {
        as_str(self.message_id.as_ref())
    }

    /// `X-Microsoft-Skype-Chain-ID`.
    pub fn chain_id(&self) -> Option<&str> {
        as_str(self.chain_id.as_ref())
    }

    /// `Scenario-ID`.
    pub fn scenario_id(&self) -> Option<&str> {
        as_str(self.scenario_id.as_ref())
    }

    /// `client-request-id`.
    pub fn client_request_id(&self) -> Option<&str> {
        as_str(self.client_request_id.as_ref())
    }
}

/// A header value as text, when it is visible ASCII.
fn as_str(value: Option<&HeaderValue>) -> Option<&str> {
    value?.to_str().ok()
}
