//! The bearer token of a request: read from the `Authorization` header, never
//! shown by `Debug`.

use crate::error::{AuthError, AuthErrorKind};
use std::fmt;

/// A bearer token, borrowed from a request. Its `Debug` is redacted, and it
/// has no `Display`: reading it is an explicit [`BearerToken::expose`].
///
/// ```
/// use graph_comms_auth::BearerToken;
///
/// let token = BearerToken::from_authorization("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")?;
/// assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
/// assert_eq!(token.expose(), "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
/// # Ok::<(), graph_comms_auth::AuthError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BearerToken<'a>(&'a str);

impl<'a> BearerToken<'a> {
    /// Wraps a token that was already taken out of its header. Nothing is
    /// checked here; [`CallbackValidator::validate`](crate::CallbackValidator::validate)
    /// checks everything.
    pub fn new(token: &'a str) -> Self {
        BearerToken(token)
    }

    /// Reads the value of an `Authorization` header: the `Bearer` scheme (in
    /// any case, RFC 7235), one or more spaces, then a token made of the
    /// characters RFC 6750 allows (`A-Z a-z 0-9 - . _ ~ + /`, then `=`s).
    ///
    /// # Errors
    ///
    /// [`AuthErrorKind::NotBearer`] for another scheme;
    /// [`AuthErrorKind::MalformedAuthorization`] for a missing or ill-formed
    /// token.
    pub fn from_authorization(value: &'a str) -> Result<Self, AuthError> {
        let (scheme, rest) = match value.split_once(' ') {
            Some(split) => split,
            None if value.trim().eq_ignore_ascii_case("bearer") => {
                return Err(AuthError::new(
                    AuthErrorKind::MalformedAuthorization,
                    "the Bearer scheme is not followed by a token",
                ));
            }
            None => {
                return Err(AuthError::new(
                    AuthErrorKind::NotBearer,
                    "the Authorization header must be `Bearer <token>`",
                ));
            }
        };
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(AuthError::new(
                AuthErrorKind::NotBearer,
                "the Authorization header must be `Bearer <token>`",
            ));
        }
        let token = rest.trim_matches(|c| c == ' ' || c == '\t');
        if token.is_empty() {
            return Err(AuthError::new(
                AuthErrorKind::MalformedAuthorization,
                "the Bearer scheme is not followed by a token",
            ));
        }
        if !is_b64token(token) {
            return Err(AuthError::new(
                AuthErrorKind::MalformedAuthorization,
                "the bearer token has characters that RFC 6750 does not allow in a token",
            ));
        }
        Ok(BearerToken(token))
    }

    /// Reads an `Authorization` header value (see
    /// [`BearerToken::from_authorization`]).
    ///
    /// # Errors
    ///
    /// As [`BearerToken::from_authorization`], and
    /// [`AuthErrorKind::MalformedAuthorization`] when the value is not visible
    /// ASCII.
    pub fn from_header_value(value: &'a http::HeaderValue) -> Result<Self, AuthError> {
        let value = value.to_str().map_err(|_| {
            AuthError::new(
                AuthErrorKind::MalformedAuthorization,
                "the Authorization header is not visible ASCII",
            )
        })?;
        Self::from_authorization(value)
    }

    /// Reads the bearer token of a request's headers.
    ///
    /// Only `Authorization` is read. (The calling SDK docs' example header is
    /// misspelled `Authentication:`; the service sends `Authorization`.)
    ///
    /// # Errors
    ///
    /// [`AuthErrorKind::MissingAuthorization`] when there is no
    /// `Authorization` header; [`AuthErrorKind::MalformedAuthorization`] when
    /// there are several; otherwise as [`BearerToken::from_header_value`].
    pub fn from_headers(headers: &'a http::HeaderMap) -> Result<Self, AuthError> {
        let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
        match (values.next(), values.next()) {
            (None, _) => Err(AuthError::new(
                AuthErrorKind::MissingAuthorization,
                "the request has no Authorization header",
            )),
            (Some(_), Some(_)) => Err(AuthError::new(
                AuthErrorKind::MalformedAuthorization,
                "the request has more than one Authorization header",
            )),
            (Some(value), None) => Self::from_header_value(value),
        }
    }

    /// The token itself. It is a credential: do not log it.
    pub fn expose(&self) -> &'a str {
        self.0
    }
}

impl fmt::Debug for BearerToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// The token of an `Authorization` value, split as
/// [`BearerToken::from_authorization`] splits it (the scheme up to the first
/// space, `Bearer` in any case, then spaces and tabs trimmed) but without
/// checking its characters: for looking up a token already checked.
pub(crate) fn token_bytes(value: &[u8]) -> Option<&[u8]> {
    let space = value.iter().position(|&b| b == b' ')?;
    let (scheme, rest) = (&value[..space], &value[space + 1..]);
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        return None;
    }
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = rest.iter().position(|b| !blank(b))?;
    let end = rest.iter().rposition(|b| !blank(b))?;
    Some(&rest[start..=end])
}

/// `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`
/// (RFC 6750 §2.1).
pub(crate) fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bytes_splits_as_from_authorization() {
        for value in [
            "Bearer a.b.c",
            "bearer   a.b.c \t",
            "BEARER \ta.b.c",
            "Bearer a b",
            "Basic a.b.c",
            "Bearer",
            "Bearer   ",
            "Bearera.b.c",
        ] {
            let full = BearerToken::from_authorization(value)
                .ok()
                .map(|t| t.expose().as_bytes());
            let fast = token_bytes(value.as_bytes());
            if let Some(full) = full {
                assert_eq!(fast, Some(full), "{value:?}");
            } else {
                // Refused by the full path: the fast one may find bytes, but
                // they were never checked, so they are never in the cache.
                assert!(
                    fast.is_none() || !is_b64token(std::str::from_utf8(fast.unwrap()).unwrap())
                );
            }
        }
    }

    #[test]
    fn b64token_grammar() {
        assert!(is_b64token("a.b.c"));
        assert!(is_b64token("abc=="));
        assert!(!is_b64token("=="));
        assert!(!is_b64token("a=b"));
        assert!(!is_b64token("a b"));
        assert!(!is_b64token("a,b"));
    }
}
