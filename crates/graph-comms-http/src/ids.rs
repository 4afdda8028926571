//! The ids a request carries besides the call id: the operation id of
//! `…/operations/{opId}` and the caller's `client-request-id`; and the one
//! percent-encoding of path segments.

use crate::error::{RequestError, RequestErrorKind};
use graph_comms_validate::{CallId, CallIdError};
use http::HeaderValue;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, PercentEncode, utf8_percent_encode};
use std::fmt;
use std::str::FromStr;

/// What RFC 6570 simple expansion leaves alone: the unreserved characters
/// `A-Z a-z 0-9 - . _ ~`. Every other byte of the UTF-8 form, `%` included,
/// is written `%XX`, as the official SDK's URL templates do
/// (graph-wire-facts §1.3).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An id percent-encoded as one path segment: the output has no `/`, `?`,
/// `#` or `%` other than the `%XX` escapes.
pub(crate) fn encode_segment(id: &str) -> PercentEncode<'_> {
    utf8_percent_encode(id, PATH_SEGMENT)
}

/// The id of an operation on a call: the `{opId}` of
/// `…/calls/{id}/operations/{opId}`, the last segment of the `Location` a
/// subscribeToTone response carries.
///
/// The rule is the call id's ([`CallId`], from graph-comms-validate): any
/// non-empty text except `/`, `\`, `?`, `#`, whitespace, control characters
/// and the dot segments; it is percent-encoded into the path.
///
/// ```
/// use graph_comms_http::OperationId;
///
/// let id: OperationId = "0fe0623f-d628-42ed-b4bd-8ac290072cc5".parse()?;
/// assert_eq!(id.as_str(), "0fe0623f-d628-42ed-b4bd-8ac290072cc5");
/// assert!(OperationId::new("..").is_err());
/// # Ok::<(), graph_comms_http::RequestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationId(String);

impl OperationId {
    /// Validates `id`.
    ///
    /// # Errors
    ///
    /// [`RequestErrorKind::InvalidOperationId`] when `id` is empty, a dot
    /// segment, or has `/`, `\`, `?`, `#`, whitespace or a control character.
    pub fn new(id: impl Into<String>) -> Result<Self, RequestError> {
        let id = id.into();
        Self::check(&id)?;
        Ok(OperationId(id))
    }

    fn check(id: &str) -> Result<(), RequestError> {
        CallId::check(id).map_err(|err| {
            let problem = match err {
                CallIdError::Empty => "is empty".to_owned(),
                CallIdError::DotSegment => "is a dot segment (`.` or `..`)".to_owned(),
                CallIdError::InvalidCharacter { index, .. } => format!(
                    "has a character at byte {index} that could break out of its path segment \
                     (`/`, `\\`, `?`, `#`, whitespace or a control character)"
                ),
                _ => "is not a valid path segment".to_owned(),
            };
            RequestError::new(
                RequestErrorKind::InvalidOperationId,
                format!(
                    "the operation id {problem}: use the operation id exactly as Graph gave it \
                     (the last segment of the Location header, or the operation's `id`)"
                ),
            )
        })
    }

    /// The id, exactly as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for OperationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for OperationId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for OperationId {
    type Err = RequestError;
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::check(id)?;
        Ok(OperationId(id.to_owned()))
    }
}

impl TryFrom<&str> for OperationId {
    type Error = RequestError;
    fn try_from(id: &str) -> Result<Self, Self::Error> {
        id.parse()
    }
}

impl TryFrom<String> for OperationId {
    type Error = RequestError;
    fn try_from(id: String) -> Result<Self, Self::Error> {
        OperationId::new(id)
    }
}

/// The `client-request-id` header of a request: an id the *caller* chose, which
/// Graph echoes in its response and error (`innerError.client-request-id`), so
/// that a failure can be matched with the request and quoted to support.
///
/// This crate never makes one up: give it a UUID you generated (the docs ask
/// for a GUID) or a string you already log. A string must be non-empty
/// visible ASCII (no spaces, no control characters).
///
/// ```
/// use graph_comms_http::ClientRequestId;
/// use graph_comms_http::uuid::Uuid;
///
/// let id = ClientRequestId::from(Uuid::from_u128(0xf3c8e0a9_58f6_4d11_8d3e_2b1e5a7c9d01));
/// assert_eq!(id.as_str(), "f3c8e0a9-58f6-4d11-8d3e-2b1e5a7c9d01");
/// assert!(ClientRequestId::try_from("line\r\nbreak").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ClientRequestId(HeaderValue);

impl ClientRequestId {
    /// Validates a caller's string id.
    ///
    /// # Errors
    ///
    /// [`RequestErrorKind::InvalidClientRequestId`] when `id` is empty or has
    /// a character other than visible ASCII.
    pub fn new(id: &str) -> Result<Self, RequestError> {
        if id.is_empty() {
            return Err(RequestError::new(
                RequestErrorKind::InvalidClientRequestId,
                "the client-request-id is empty: give a UUID, or leave the header out",
            ));
        }
        if let Some(index) = id.bytes().position(|b| !b.is_ascii_graphic()) {
            return Err(RequestError::new(
                RequestErrorKind::InvalidClientRequestId,
                format!(
                    "the client-request-id has a character other than visible ASCII at byte \
                     {index} (a space, a control character such as CR or LF, or non-ASCII): \
                     give a UUID"
                ),
            ));
        }
        HeaderValue::from_str(id).map(ClientRequestId).map_err(|_| {
            RequestError::new(
                RequestErrorKind::InvalidClientRequestId,
                "the client-request-id is not a valid header value: give a UUID",
            )
        })
    }

    /// The hyphenated lower-case form of `uuid`.
    pub fn from_uuid(uuid: uuid::Uuid) -> Self {
        let mut buffer = uuid::Uuid::encode_buffer();
        let text = uuid.hyphenated().encode_lower(&mut buffer);
        // 36 bytes of hex digits and hyphens: always a valid header value.
        ClientRequestId(HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static("")))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }

    /// The id as a header value.
    pub fn header_value(&self) -> &HeaderValue {
        &self.0
    }
}

impl fmt::Debug for ClientRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ClientRequestId")
            .field(&self.as_str())
            .finish()
    }
}

impl fmt::Display for ClientRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<uuid::Uuid> for ClientRequestId {
    fn from(uuid: uuid::Uuid) -> Self {
        ClientRequestId::from_uuid(uuid)
    }
}

impl FromStr for ClientRequestId {
    type Err = RequestError;
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        ClientRequestId::new(id)
    }
}

impl TryFrom<&str> for ClientRequestId {
    type Error = RequestError;
    fn try_from(id: &str) -> Result<Self, Self::Error> {
        ClientRequestId::new(id)
    }
}

impl TryFrom<String> for ClientRequestId {
    type Error = RequestError;
    fn try_from(id: String) -> Result<Self, Self::Error> {
        ClientRequestId::new(&id)
    }
}
