//! The access token of outgoing requests (sent as a bearer token).

use crate::error::{RequestError, RequestErrorKind};
use http::HeaderValue;
use std::fmt;

const SCHEME: &str = "Bearer ";

/// The access token that authorizes requests to Microsoft Graph (an app-only
/// token with `Calls.AccessMedia.All`), ready to go in an `Authorization`
/// header.
///
/// It can only hold a token that fits in one header line: CR, LF and every
/// other control character, whitespace and non-ASCII are refused, so a token
/// taken from configuration or another service cannot inject a header. Its
/// `Debug` is redacted and it has no `Display`; [`AccessToken::expose`] is
/// the one way to read it. The header value is marked sensitive
/// (`HeaderValue::set_sensitive`), so HTTP/2 and HTTP/3 encoders do not index
/// it.
///
/// This crate does not fetch or refresh tokens: get one from your identity
/// library, wrap it, and [`AccessToken::authorize`] any request with it.
///
/// ```
/// use graph_comms_http::{AccessToken, RequestErrorKind};
///
/// let token = AccessToken::new("eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6W119.c2ln")?;
/// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
///
/// let mut request = http::Request::get("https://graph.microsoft.com/v1.0/communications/calls").body(())?;
/// token.authorize(&mut request);
/// assert_eq!(request.headers()["authorization"], "Bearer eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6W119.c2ln");
/// assert!(request.headers()["authorization"].is_sensitive());
///
/// let err = AccessToken::new("eyJ0\r\nX-Injected: 1").unwrap_err();
/// assert_eq!(err.kind(), RequestErrorKind::InvalidAccessToken);
/// assert!(!err.to_string().contains("eyJ0"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(HeaderValue);

impl AccessToken {
    /// Wraps a token (without the `Bearer ` scheme).
    ///
    /// # Errors
    ///
    /// [`RequestErrorKind::InvalidAccessToken`] when the token is empty or
    /// has a character other than visible ASCII. The message gives the
    /// position and the kind of character, never the token.
    pub fn new(token: impl AsRef<str>) -> Result<Self, RequestError> {
        let token = token.as_ref();
        let invalid =
            |detail: String| RequestError::new(RequestErrorKind::InvalidAccessToken, detail);
        if token.is_empty() {
            return Err(invalid("the access token is empty".to_owned()));
        }
        if token
            .get(..SCHEME.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(SCHEME))
        {
            return Err(invalid(
                "the access token starts with the `Bearer ` scheme: pass the token alone"
                    .to_owned(),
            ));
        }
        if let Some(index) = token.bytes().position(|b| !b.is_ascii_graphic()) {
            let what = match token.as_bytes()[index] {
                b'\r' | b'\n' => "a line break (CR or LF)",
                b' ' | b'\t' => "whitespace",
                b if b.is_ascii_control() => "a control character",
                _ => "a non-ASCII character",
            };
            return Err(invalid(format!(
                "the access token has {what} at byte {index}: a token is one line of visible \
                 ASCII (check how it was read: a trailing newline from a file is a common cause)"
            )));
        }
        let mut value = HeaderValue::from_str(&format!("{SCHEME}{token}"))
            .map_err(|_| invalid("the access token is not a valid header value".to_owned()))?;
        value.set_sensitive(true);
        Ok(AccessToken(value))
    }

    /// The token, without the `Bearer ` scheme. Reading it is explicit so
    /// that it does not end up in a log by accident.
    pub fn expose(&self) -> &str {
        self.0
            .to_str()
            .ok()
            .and_then(|value| value.get(SCHEME.len()..))
            .unwrap_or_default()
    }

    /// The `Authorization` header value, `Bearer <token>`, marked sensitive.
    pub fn header_value(&self) -> &HeaderValue {
        &self.0
    }

    /// Sets the `Authorization` header of `request` to this token (replacing
    /// any there was). Works on any request, built here or not.
    pub fn authorize<B>(&self, request: &mut http::Request<B>) {
        self.authorize_headers(request.headers_mut());
    }

    /// Sets the `Authorization` header in `headers` to this token.
    pub fn authorize_headers(&self, headers: &mut http::HeaderMap) {
        headers.insert(http::header::AUTHORIZATION, self.0.clone());
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl TryFrom<&str> for AccessToken {
    type Error = RequestError;
    fn try_from(token: &str) -> Result<Self, Self::Error> {
        AccessToken::new(token)
    }
}

impl TryFrom<String> for AccessToken {
    type Error = RequestError;
    fn try_from(token: String) -> Result<Self, Self::Error> {
        AccessToken::new(token)
    }
}

impl TryFrom<&String> for AccessToken {
    type Error = RequestError;
    fn try_from(token: &String) -> Result<Self, Self::Error> {
        AccessToken::new(token)
    }
}
