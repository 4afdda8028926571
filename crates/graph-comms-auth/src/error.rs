//! Why a callback was refused, and why a fetched document could not be read.
//!
//! No message here is built from input: every text is a `&'static str`, so
//! neither a token nor anything it carries (a header, a claim, a `kid`) can
//! reach a log through an error.

use std::fmt;

/// Why a callback's token was refused. Each refusal has its own kind.
///
/// Match on it to decide what to do; [`AuthErrorKind::should_refresh_keys`]
/// singles out the one kind that calls for fetching the keys again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthErrorKind {
    /// The request has no `Authorization` header.
    MissingAuthorization,
    /// The `Authorization` header is not readable: repeated, not visible
    /// ASCII, without credentials, or with characters a bearer token cannot
    /// have.
    MalformedAuthorization,
    /// The `Authorization` header uses another scheme than `Bearer`
    /// (`Basic`, say).
    NotBearer,
    /// The token is not a compact JWS: three base64url parts separated by dots.
    MalformedToken,
    /// The token's JOSE header is not base64url JSON, or a member of it has the
    /// wrong type (`alg` missing, `kid` not a string, …).
    MalformedHeader,
    /// The header says `alg: none`: the token is not signed at all.
    UnsignedToken,
    /// The header names an HMAC algorithm (`HS256`, `HS384`, `HS512`). The
    /// service signs with RSA; a token "signed" with HMAC is the algorithm
    /// confusion attack, which uses the service's *public* key as the secret.
    SymmetricAlgorithm,
    /// The header names an algorithm other than `RS256`, the only one the
    /// service uses (`RS512`, `PS256`, `ES256`, an unknown name, …).
    UnsupportedAlgorithm,
    /// The header lists critical extensions (`crit`), which this validator
    /// does not understand and so must refuse (RFC 7515 §4.1.11).
    UnsupportedCriticalHeader,
    /// The header has no `kid`, so no key can be chosen.
    MissingKeyId,
    /// The header's `kid` is not in the key set. The service rotates its keys:
    /// fetch the key set again (rate-limited, see the crate docs) and retry.
    UnknownKeyId,
    /// The key set has the `kid`, but not as an RSA signing key this
    /// validator can use (another key type, `use: enc`, another `alg`, or a
    /// modulus outside 2048–4096 bits).
    UnusableKey,
    /// The signature does not verify with the key the `kid` names: the token
    /// was forged or altered.
    InvalidSignature,
    /// The claims are not a JSON object, or a claim has the wrong type
    /// (`exp` not a number, `aud` not a string, …).
    MalformedClaims,
    /// A required claim (`iss`, `aud` or `exp`) is missing.
    MissingClaim,
    /// `iss` is not one of the allowed issuers.
    WrongIssuer,
    /// `aud` is not the bot's app id.
    WrongAudience,
    /// `exp` is past, even allowing for the clock skew.
    Expired,
    /// `nbf` is still ahead, even allowing for the clock skew.
    NotYetValid,
    /// The token has neither a `tid` nor a
    /// `http://schemas.microsoft.com/identity/claims/tenantid` claim.
    MissingTenant,
    /// `tid` and `http://schemas.microsoft.com/identity/claims/tenantid` are
    /// both present and differ.
    ConflictingTenant,
    /// The tenant is not in the validator's tenant allow-list.
    TenantNotAllowed,
}

impl AuthErrorKind {
    /// Whether the caller should fetch the key set again and validate once
    /// more: true only for [`AuthErrorKind::UnknownKeyId`].
    pub fn should_refresh_keys(self) -> bool {
        self == AuthErrorKind::UnknownKeyId
    }

    /// The HTTP status to answer a refused callback with: `403 Forbidden` when
    /// the token is genuine but its tenant is not allowed, `401 Unauthorized`
    /// for everything else.
    pub fn status(self) -> http::StatusCode {
        match self {
            AuthErrorKind::TenantNotAllowed => http::StatusCode::FORBIDDEN,
            _ => http::StatusCode::UNAUTHORIZED,
        }
    }

    fn summary(self) -> &'static str {
        match self {
            AuthErrorKind::MissingAuthorization => "no Authorization header",
            AuthErrorKind::MalformedAuthorization => "malformed Authorization header",
            AuthErrorKind::NotBearer => "the Authorization scheme is not Bearer",
            AuthErrorKind::MalformedToken => "the bearer token is not a JWT",
            AuthErrorKind::MalformedHeader => "malformed JWT header",
            AuthErrorKind::UnsignedToken => "unsigned token (alg none)",
            AuthErrorKind::SymmetricAlgorithm => {
                "HMAC-signed token (algorithm confusion): the service signs with RS256"
            }
            AuthErrorKind::UnsupportedAlgorithm => {
                "unsupported signing algorithm: the service signs with RS256"
            }
            AuthErrorKind::UnsupportedCriticalHeader => "the JWT header has critical extensions",
            AuthErrorKind::MissingKeyId => "the JWT header has no kid",
            AuthErrorKind::UnknownKeyId => {
                "the token's kid is not in the key set: fetch the keys again and retry"
            }
            AuthErrorKind::UnusableKey => "the key the token's kid names is not an RS256 key",
            AuthErrorKind::InvalidSignature => "invalid signature",
            AuthErrorKind::MalformedClaims => "malformed JWT claims",
            AuthErrorKind::MissingClaim => "a required claim is missing",
            AuthErrorKind::WrongIssuer => "the issuer is not allowed",
            AuthErrorKind::WrongAudience => "the audience is not this bot's app id",
            AuthErrorKind::Expired => "the token has expired",
            AuthErrorKind::NotYetValid => "the token is not valid yet",
            AuthErrorKind::MissingTenant => "the token has no tenant id",
            AuthErrorKind::ConflictingTenant => "the token has two different tenant ids",
            AuthErrorKind::TenantNotAllowed => "the tenant is not allowed",
        }
    }
}

impl fmt::Display for AuthErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary())
    }
}

/// A callback's token was refused: what kind of refusal, and what exactly was
/// wrong where.
///
/// Neither [`fmt::Display`] nor [`fmt::Debug`] ever contain the token or
/// anything taken from it.
///
/// ```
/// use graph_comms_auth::{AuthErrorKind, BearerToken};
///
/// let err = BearerToken::from_authorization("Basic dXNlcjpwYXNz").unwrap_err();
/// assert_eq!(err.kind(), AuthErrorKind::NotBearer);
/// assert_eq!(err.status(), http::StatusCode::UNAUTHORIZED);
/// assert!(!err.to_string().contains("dXNlcjpwYXNz"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AuthError {
    kind: AuthErrorKind,
    detail: &'static str,
}

impl AuthError {
    pub(crate) const fn new(kind: AuthErrorKind, detail: &'static str) -> Self {
        AuthError { kind, detail }
    }

    /// What kind of refusal this is.
    pub fn kind(&self) -> AuthErrorKind {
        self.kind
    }

    /// What exactly is wrong, and where (which header, part or claim).
    pub fn detail(&self) -> &'static str {
        self.detail
    }

    /// The HTTP status to answer the callback with (see
    /// [`AuthErrorKind::status`]).
    pub fn status(&self) -> http::StatusCode {
        self.kind.status()
    }

    /// Whether to fetch the key set again and validate once more (see
    /// [`AuthErrorKind::should_refresh_keys`]).
    pub fn should_refresh_keys(&self) -> bool {
        self.kind.should_refresh_keys()
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "callback refused: {}: {}",
            self.kind.summary(),
            self.detail
        )
    }
}

impl std::error::Error for AuthError {}

/// Where in a JSON document the parser found a problem: a 1-based line and
/// column, or nowhere (line 0) when the problem is not at one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct JsonPosition {
    line: usize,
    column: usize,
}

impl JsonPosition {
    const NONE: JsonPosition = JsonPosition { line: 0, column: 0 };

    fn of(err: &serde_json::Error) -> Self {
        JsonPosition {
            line: err.line(),
            column: err.column(),
        }
    }

    fn line(self) -> Option<usize> {
        (self.line != 0).then_some(self.line)
    }

    fn column(self) -> Option<usize> {
        (self.line != 0).then_some(self.column)
    }
}

/// ` (line L, column C)`, or nothing.
impl fmt::Display for JsonPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line != 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

/// What kind of problem a [`MetadataError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetadataErrorKind {
    /// The bytes are not JSON.
    Syntax,
    /// JSON of the wrong shape: no `keys` array, no `jwks_uri` string, ….
    Shape,
}

/// A document the caller fetched (an OpenID configuration or a JWK set)
/// could not be read. The message never quotes the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataError {
    kind: MetadataErrorKind,
    detail: &'static str,
    at: JsonPosition,
}

impl MetadataError {
    pub(crate) fn shape(detail: &'static str) -> Self {
        MetadataError {
            kind: MetadataErrorKind::Shape,
            detail,
            at: JsonPosition::NONE,
        }
    }

    pub(crate) fn from_json(err: &serde_json::Error, detail: &'static str) -> Self {
        let kind = match err.classify() {
            serde_json::error::Category::Data => MetadataErrorKind::Shape,
            _ => MetadataErrorKind::Syntax,
        };
        MetadataError {
            kind,
            detail,
            at: JsonPosition::of(err),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> MetadataErrorKind {
        self.kind
    }

    /// What is wrong.
    pub fn detail(&self) -> &'static str {
        self.detail
    }

    /// The line (1-based) of the problem, when the JSON parser found it.
    pub fn line(&self) -> Option<usize> {
        self.at.line()
    }

    /// The column (1-based) of the problem, when the JSON parser found it.
    pub fn column(&self) -> Option<usize> {
        self.at.column()
    }
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.detail, self.at)
    }
}

impl std::error::Error for MetadataError {}

/// What is wrong with an app token request or answer: see
/// [`AppTokenError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AppTokenErrorKind {
    /// The tenant is empty or not a tenant id or domain name (letters,
    /// digits, `.` and `-`).
    InvalidTenant,
    /// The client id (the app id) is empty, too long, or has control
    /// characters.
    InvalidClientId,
    /// The private key is not an RSA private key in PEM, or the certificate
    /// is neither DER nor a PEM `CERTIFICATE`.
    InvalidCertificate,
    /// The client assertion could not be signed with the private key.
    Signing,
    /// The token response is not JSON.
    ResponseSyntax,
    /// The token response is JSON of the wrong shape: no `access_token`
    /// string, no `expires_in`, a token with characters a bearer token
    /// cannot have, ….
    ResponseShape,
    /// The token response's `token_type` is not `Bearer`.
    NotBearer,
    /// The token endpoint refused the request: its answer is an OAuth error
    /// (RFC 6749 §5.2). [`AppTokenError::oauth_error`] and
    /// [`AppTokenError::error_codes`] say which.
    Refused,
}

impl AppTokenErrorKind {
    fn summary(self) -> &'static str {
        match self {
            AppTokenErrorKind::InvalidTenant => "invalid tenant",
            AppTokenErrorKind::InvalidClientId => "invalid client id",
            AppTokenErrorKind::InvalidCertificate => "unreadable certificate or private key",
            AppTokenErrorKind::Signing => "cannot sign the client assertion",
            AppTokenErrorKind::ResponseSyntax => "the token response is not JSON",
            AppTokenErrorKind::ResponseShape => "the token response is not a token",
            AppTokenErrorKind::NotBearer => "the token response is not a bearer token",
            AppTokenErrorKind::Refused => "the token endpoint refused the request",
        }
    }
}

impl fmt::Display for AppTokenErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary())
    }
}

/// An app token could not be requested or read: what kind of problem, and
/// what to do.
///
/// Neither [`fmt::Display`] nor [`fmt::Debug`] ever contain a secret, an
/// assertion, a token, or anything read from a response: a refusal's OAuth
/// `error`, `error_description` and `error_codes` are read with
/// [`oauth_error`](AppTokenError::oauth_error),
/// [`error_description`](AppTokenError::error_description) and
/// [`error_codes`](AppTokenError::error_codes), as untrusted text.
///
/// ```
/// use graph_comms_auth::{AppTokenErrorKind, TokenResponse};
///
/// let err = TokenResponse::from_json(br#"{"error": "invalid_client",
///     "error_description": "AADSTS7000215: Invalid client secret provided.",
///     "error_codes": [7000215]}"#).unwrap_err();
/// assert_eq!(err.kind(), AppTokenErrorKind::Refused);
/// assert_eq!(err.oauth_error(), Some("invalid_client"));
/// assert_eq!(err.error_codes(), [7000215]);
/// assert!(err.to_string().contains("check the client id and the secret or certificate"));
/// assert!(!err.to_string().contains("AADSTS"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AppTokenError {
    kind: AppTokenErrorKind,
    detail: &'static str,
    at: JsonPosition,
    refusal: Option<Box<Refusal>>,
}

/// What the token endpoint said when it refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) error: String,
    pub(crate) description: Option<String>,
    pub(crate) codes: Vec<u64>,
}

impl AppTokenError {
    pub(crate) const fn new(kind: AppTokenErrorKind, detail: &'static str) -> Self {
        AppTokenError {
            kind,
            detail,
            at: JsonPosition::NONE,
            refusal: None,
        }
    }

    pub(crate) fn from_json(err: &serde_json::Error, detail: &'static str) -> Self {
        let kind = match err.classify() {
            serde_json::error::Category::Data => AppTokenErrorKind::ResponseShape,
            _ => AppTokenErrorKind::ResponseSyntax,
        };
        AppTokenError {
            at: JsonPosition::of(err),
            ..AppTokenError::new(kind, detail)
        }
    }

    pub(crate) fn refused(refusal: Refusal) -> Self {
        // What to do, chosen by RFC 6749 §5.2's code; the code itself is
        // read from the response, so it is not part of the text.
        let detail = match refusal.error.as_str() {
            "invalid_request" => {
                "the endpoint found the request malformed: check the tenant and the client id"
            }
            "invalid_client" => {
                "the endpoint does not accept the app's credential: check the client id and the \
                 secret or certificate (expired, or not registered on the app)"
            }
            "invalid_grant" => {
                "the endpoint does not accept the grant: check the tenant and that the credential \
                 is current"
            }
            "unauthorized_client" => {
                "the app may not use client credentials here: check that it is registered and \
                 consented to in this tenant"
            }
            "unsupported_grant_type" => {
                "the endpoint does not take client credentials: check the cloud's login authority"
            }
            "invalid_scope" => {
                "the endpoint refuses the scope: check that the cloud is the app's national cloud"
            }
            _ => "check the tenant, the client id, the credential and the app's permissions",
        };
        AppTokenError {
            refusal: Some(Box::new(refusal)),
            ..AppTokenError::new(AppTokenErrorKind::Refused, detail)
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> AppTokenErrorKind {
        self.kind
    }

    /// What is wrong, and what to do.
    pub fn detail(&self) -> &'static str {
        self.detail
    }

    /// The line (1-based) of a problem in the response, when the JSON parser
    /// found it.
    pub fn line(&self) -> Option<usize> {
        self.at.line()
    }

    /// The column (1-based) of a problem in the response, when the JSON
    /// parser found it.
    pub fn column(&self) -> Option<usize> {
        self.at.column()
    }

    /// For [`Refused`](AppTokenErrorKind::Refused): the OAuth `error` code
    /// the endpoint answered (`invalid_client`, `unauthorized_client`, …).
    /// Not part of the error's text, because it is read from the response.
    pub fn oauth_error(&self) -> Option<&str> {
        self.refusal.as_deref().map(|r| r.error.as_str())
    }

    /// For [`Refused`](AppTokenErrorKind::Refused): the endpoint's
    /// `error_description`, when it sent one (Microsoft's start with an
    /// `AADSTS` code). Not part of the error's text, because it is read from
    /// the response: log it as untrusted text.
    pub fn error_description(&self) -> Option<&str> {
        self.refusal
            .as_deref()
            .and_then(|r| r.description.as_deref())
    }

    /// For [`Refused`](AppTokenErrorKind::Refused): Microsoft's numeric
    /// `error_codes` (the `AADSTS` numbers), empty when there are none. Not
    /// part of the error's text either.
    pub fn error_codes(&self) -> &[u64] {
        self.refusal.as_deref().map_or(&[], |r| r.codes.as_slice())
    }
}

impl fmt::Display for AppTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "app token: {}: {}{}",
            self.kind.summary(),
            self.detail,
            self.at
        )
    }
}

impl fmt::Debug for AppTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The refusal's code, description and numbers come from the
        // response: leave them out.
        f.debug_struct("AppTokenError")
            .field("kind", &self.kind)
            .field("detail", &self.detail)
            .field("line", &self.line())
            .field("column", &self.column())
            .finish_non_exhaustive()
    }
}

impl std::error::Error for AppTokenError {}
