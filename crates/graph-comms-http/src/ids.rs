//! The caller's `client-request-id` (the call and operation ids are
//! graph-comms-core's).

use crate::error::{RequestError, RequestErrorKind};
use http::HeaderValue;
use std::fmt;
use std::str::FromStr;

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
