//! The token endpoint's answer, read into an app token with its expiry.

use crate::error::{AppTokenError, AppTokenErrorKind, Refusal};
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// An access token for Microsoft Graph. Its `Debug` is redacted and it has no
/// `Display`; cloning it is cheap (it is shared).
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// The token itself. It is a credential: do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value, `Bearer <token>`, marked sensitive
    /// (so `http`'s `Debug` of it, and HTTP/2 header compression, leave it
    /// out).
    pub fn authorization(&self) -> http::HeaderValue {
        let mut value = http::HeaderValue::try_from(format!("Bearer {}", self.0))
            .unwrap_or_else(|_| http::HeaderValue::from_static("Bearer"));
        value.set_sensitive(true);
        value
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// An app token and when it expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppToken {
    token: AccessToken,
    expires_at: SystemTime,
}

impl AppToken {
    /// A token that expires at `expires_at`.
    pub fn new(token: AccessToken, expires_at: SystemTime) -> Self {
        AppToken { token, expires_at }
    }

    /// The access token.
    pub fn access_token(&self) -> &AccessToken {
        &self.token
    }

    /// When it expires.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }
}

/// A successful answer of the token endpoint (RFC 6749 §5.1):
/// `{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
/// "access_token": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenResponse {
    /// The token (`access_token`).
    pub access_token: AccessToken,
    /// Its lifetime from when the endpoint answered (`expires_in`).
    pub expires_in: Duration,
    /// Microsoft's `ext_expires_in`, when present: how long the token stays
    /// usable should the token service be unreachable. Informative.
    pub ext_expires_in: Option<Duration>,
}

/// The largest lifetime read: about 136 years, so that adding it to any
/// time of this century stays representable.
const MAX_LIFETIME_SECS: u64 = u32::MAX as u64;

impl TokenResponse {
    /// Reads the token endpoint's answer (its body; the status need not be
    /// checked first: an error answer is read as one).
    ///
    /// This is a plain function of the bytes, with no time and no state, so
    /// that it can be fuzzed as it is. It is lenient where the service has
    /// varied (`expires_in` as a number or as a string of digits, as the
    /// v1 endpoint sends; `token_type` in any case) and strict where it
    /// matters: the token must be made of the characters a bearer token
    /// may have (RFC 6750 §2.1), so that it always makes a valid header.
    ///
    /// ```
    /// use graph_comms_auth::TokenResponse;
    /// use std::time::{Duration, UNIX_EPOCH};
    ///
    /// let response = TokenResponse::from_json(br#"{"token_type": "Bearer",
    ///     "expires_in": 3599, "ext_expires_in": 3599, "access_token": "eyJ0eXAi.e30.c2ln"}"#)?;
    /// assert_eq!(response.expires_in, Duration::from_secs(3599));
    /// let sent_at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let token = response.into_token(sent_at);
    /// assert_eq!(token.expires_at(), sent_at + Duration::from_secs(3599));
    /// assert_eq!(format!("{:?}", token.access_token()), "AccessToken(<redacted>)");
    /// # Ok::<(), graph_comms_auth::AppTokenError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Refused`](AppTokenErrorKind::Refused) for an OAuth error answer
    /// (with its `error`, `error_description` and `error_codes`);
    /// [`ResponseSyntax`](AppTokenErrorKind::ResponseSyntax) for bytes that
    /// are not JSON; [`ResponseShape`](AppTokenErrorKind::ResponseShape) for
    /// a missing or ill-typed `access_token` or `expires_in`;
    /// [`NotBearer`](AppTokenErrorKind::NotBearer) for another
    /// `token_type`.
    pub fn from_json(json: &[u8]) -> Result<Self, AppTokenError> {
        #[derive(Deserialize)]
        struct Raw {
            access_token: Option<String>,
            token_type: Option<String>,
            expires_in: Option<Seconds>,
            ext_expires_in: Option<Seconds>,
            error: Option<String>,
            error_description: Option<String>,
            error_codes: Option<Vec<u64>>,
        }
        let raw: Raw = serde_json::from_slice(json).map_err(|err| {
            AppTokenError::from_json(
                &err,
                "a token response is a JSON object with `access_token`, `token_type` and `expires_in`",
            )
        })?;
        if let Some(error) = raw.error {
            return Err(AppTokenError::refused(Refusal {
                error,
                description: raw.error_description,
                codes: raw.error_codes.unwrap_or_default(),
            }));
        }
        let shape = |detail| AppTokenError::new(AppTokenErrorKind::ResponseShape, detail);
        let access_token = raw
            .access_token
            .ok_or(shape("the token response has no `access_token`"))?;
        if !crate::bearer::is_b64token(&access_token) {
            return Err(shape(
                "the `access_token` has characters that RFC 6750 does not allow in a bearer token",
            ));
        }
        match raw.token_type {
            Some(t) if t.eq_ignore_ascii_case("bearer") => {}
            Some(_) => {
                return Err(AppTokenError::new(
                    AppTokenErrorKind::NotBearer,
                    "the `token_type` is not `Bearer`; ask for a client-credentials token",
                ));
            }
            None => return Err(shape("the token response has no `token_type`")),
        }
        let expires_in = raw
            .expires_in
            .ok_or(shape("the token response has no `expires_in`"))?
            .0;
        Ok(TokenResponse {
            access_token: AccessToken(access_token.into()),
            expires_in,
            ext_expires_in: raw.ext_expires_in.map(|s| s.0),
        })
    }

    /// The token, expiring `expires_in` after `requested_at`. Pass the time
    /// the request was *sent*, so that the expiry errs early rather than
    /// late.
    pub fn into_token(self, requested_at: SystemTime) -> AppToken {
        AppToken {
            token: self.access_token,
            // Unrepresentable only for a `requested_at` far in the future:
            // then the token counts as expired.
            expires_at: requested_at
                .checked_add(self.expires_in)
                .unwrap_or(requested_at),
        }
    }
}

/// A number of seconds: a JSON number, or a string of digits.
struct Seconds(Duration);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        let secs = match Raw::deserialize(deserializer)? {
            Raw::Number(n) => n,
            Raw::Text(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s
                .parse()
                .map_err(|_| D::Error::custom("a lifetime in seconds too large"))?,
            Raw::Text(_) => {
                return Err(D::Error::custom("a lifetime is a whole number of seconds"));
            }
        };
        if secs > MAX_LIFETIME_SECS {
            return Err(D::Error::custom("a lifetime in seconds too large"));
        }
        Ok(Seconds(Duration::from_secs(secs)))
    }
}
