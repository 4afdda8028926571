//! The app's credentials, and the client-credentials token request they make
//! for a national cloud (Microsoft identity platform, OAuth 2.0 client
//! credentials grant: `learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow`).
//!
//! The request is an [`http::Request`]: send it with any HTTP client, then
//! read the answer with [`TokenResponse::from_json`](crate::TokenResponse::from_json).

use crate::NationalCloud;
use crate::error::{AppTokenError, AppTokenErrorKind};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The `client_assertion_type` of a certificate credential (RFC 7523).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long a client assertion is valid: ten minutes after `nbf`, the upper
/// end of what the certificate-credentials docs advise ("5-10 minutes after
/// `nbf` at most").
pub const CLIENT_ASSERTION_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// A client secret. Its `Debug` is redacted and it has no `Display`.
///
/// ```
/// use graph_comms_auth::ClientSecret;
///
/// let secret = ClientSecret::new("s3cr3t~value");
/// assert_eq!(format!("{secret:?}"), "ClientSecret(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// Wraps a client secret (the value shown once when it was created in
    /// the app registration).
    pub fn new(secret: impl Into<String>) -> Self {
        ClientSecret(secret.into())
    }

    /// The secret itself. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// The algorithm a client assertion is signed with, and the certificate
/// thumbprint its header carries.
///
/// The certificate-credentials page of the Microsoft identity platform docs
/// has described two forms: `alg` RS256 with `x5t`, the base64url SHA-1
/// thumbprint of the certificate's DER encoding (revisions up to 2024); and,
/// in its current revision (2025), `alg` PS256 with
/// `x5t#S256`, the base64url SHA-256 thumbprint
/// (`learn.microsoft.com/entra/identity-platform/certificate-credentials`).
/// Each variant produces one of these documented pairs. RS256 is the
/// default (the long-documented form); the current page says `alg` "should
/// be PS256" without saying that RS256 is refused: choose
/// [`Ps256`](AssertionAlgorithm::Ps256) to follow it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AssertionAlgorithm {
    /// RS256 (RSASSA-PKCS1-v1_5 with SHA-256), header `x5t` (SHA-1
    /// thumbprint). Deterministic: the same input gives the same bytes.
    #[default]
    Rs256,
    /// PS256 (RSASSA-PSS with SHA-256), header `x5t#S256` (SHA-256
    /// thumbprint). Each signature is salted, so it differs every time.
    Ps256,
}

/// A certificate credential: the app's RSA private key and the certificate
/// uploaded to its registration. The key's `Debug` is redacted.
#[derive(Clone)]
pub struct ClientCertificate {
    key: EncodingKey,
    sha1_thumbprint: String,
    sha256_thumbprint: String,
    algorithm: AssertionAlgorithm,
}

impl ClientCertificate {
    /// Reads the private key (an RSA key in PEM, PKCS#1 or PKCS#8) and the
    /// certificate (DER, or PEM with a `CERTIFICATE` block), and computes the
    /// certificate's thumbprints. The assertion algorithm is
    /// [`AssertionAlgorithm::Rs256`] unless set with
    /// [`ClientCertificate::with_algorithm`].
    ///
    /// # Errors
    ///
    /// [`AppTokenErrorKind::InvalidCertificate`] when the key is not an RSA
    /// private key in PEM, or the certificate is empty or a PEM document
    /// without a `CERTIFICATE`.
    pub fn from_pem(private_key_pem: &[u8], certificate: &[u8]) -> Result<Self, AppTokenError> {
        let key = EncodingKey::from_rsa_pem(private_key_pem).map_err(|_| {
            AppTokenError::new(
                AppTokenErrorKind::InvalidCertificate,
                "the private key is not an RSA private key in PEM: give it as PKCS#1 or PKCS#8 PEM",
            )
        })?;
        let der = certificate_der(certificate)?;
        Ok(ClientCertificate {
            key,
            sha1_thumbprint: URL_SAFE_NO_PAD.encode(Sha1::digest(&der)),
            sha256_thumbprint: URL_SAFE_NO_PAD.encode(Sha256::digest(&der)),
            algorithm: AssertionAlgorithm::default(),
        })
    }

    /// Signs assertions with this algorithm (and its thumbprint header).
    #[must_use]
    pub fn with_algorithm(mut self, algorithm: AssertionAlgorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The assertion algorithm.
    pub fn algorithm(&self) -> AssertionAlgorithm {
        self.algorithm
    }

    /// The certificate's SHA-1 thumbprint, base64url (the `x5t` header).
    pub fn x5t(&self) -> &str {
        &self.sha1_thumbprint
    }

    /// The certificate's SHA-256 thumbprint, base64url (the `x5t#S256`
    /// header).
    pub fn x5t_s256(&self) -> &str {
        &self.sha256_thumbprint
    }
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("key", &"<redacted>")
            .field("x5t", &self.sha1_thumbprint)
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

/// A certificate as DER: the bytes themselves, or the contents of a PEM
/// `CERTIFICATE` block.
fn certificate_der(certificate: &[u8]) -> Result<Vec<u8>, AppTokenError> {
    let invalid = |detail| AppTokenError::new(AppTokenErrorKind::InvalidCertificate, detail);
    if certificate.trim_ascii_start().starts_with(b"-----BEGIN") {
        let blocks = pem::parse_many(certificate)
            .map_err(|_| invalid("the certificate is not readable PEM: give it as PEM or DER"))?;
        return blocks
            .into_iter()
            .find(|block| block.tag() == "CERTIFICATE")
            .map(pem::Pem::into_contents)
            .ok_or(invalid(
                "the certificate PEM has no CERTIFICATE block: give the app's public certificate",
            ));
    }
    if certificate.is_empty() {
        return Err(invalid(
            "the certificate is empty: give the app's public certificate, PEM or DER",
        ));
    }
    Ok(certificate.to_vec())
}

/// How the app proves who it is.
#[derive(Clone, Debug)]
enum Credential {
    Secret(ClientSecret),
    Certificate(ClientCertificate),
}

/// An app registration's client credentials for one tenant in one national
/// cloud: what it takes to request an app token for Microsoft Graph.
///
/// The request goes to the cloud's
/// [`login_authority`](NationalCloud::login_authority) and asks for its
/// [`graph_scope`](NationalCloud::graph_scope): tokens of one cloud are not accepted
/// by another.
///
/// ```
/// use graph_comms_auth::{AppCredentials, ClientSecret, NationalCloud};
/// use std::time::SystemTime;
///
/// let app = AppCredentials::with_secret(
///     NationalCloud::UsGovL4,
///     "contoso.onmicrosoft.us",
///     "00000000-0000-4000-8000-00000000a1d0",
///     ClientSecret::new("s3cr3t"),
/// )?;
/// let request = app.token_request(SystemTime::now())?;
/// assert_eq!(
///     request.uri(),
///     "https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token"
/// );
/// assert!(!format!("{request:?}").contains("s3cr3t")); // the body is redacted
/// // To send it: request.map(|body| body.into_bytes()), then your HTTP client.
/// # Ok::<(), graph_comms_auth::AppTokenError>(())
/// ```
#[derive(Clone, Debug)]
pub struct AppCredentials {
    cloud: NationalCloud,
    tenant: String,
    client_id: String,
    token_endpoint: String,
    credential: Credential,
}

impl AppCredentials {
    /// Credentials with a client secret.
    ///
    /// # Errors
    ///
    /// [`AppTokenErrorKind::InvalidTenant`] or
    /// [`AppTokenErrorKind::InvalidClientId`] (a GUID or domain name; 1 to 256 characters without control characters).
    pub fn with_secret(
        cloud: NationalCloud,
        tenant: &str,
        client_id: &str,
        secret: ClientSecret,
    ) -> Result<Self, AppTokenError> {
        Self::new(cloud, tenant, client_id, Credential::Secret(secret))
    }

    /// Credentials with a certificate: each request carries a client
    /// assertion signed with the certificate's private key, which Microsoft
    /// recommends over secrets.
    ///
    /// # Errors
    ///
    /// As [`AppCredentials::with_secret`].
    pub fn with_certificate(
        cloud: NationalCloud,
        tenant: &str,
        client_id: &str,
        certificate: ClientCertificate,
    ) -> Result<Self, AppTokenError> {
        Self::new(
            cloud,
            tenant,
            client_id,
            Credential::Certificate(certificate),
        )
    }

    /// The tenant is a tenant id (GUID) or a domain name: letters, digits,
    /// `.` and `-`, at most 253 of them. The client id is 1 to 256
    /// characters without control characters.
    fn new(
        cloud: NationalCloud,
        tenant: &str,
        client_id: &str,
        credential: Credential,
    ) -> Result<Self, AppTokenError> {
        let tenant_ok = (1..=253).contains(&tenant.len())
            && tenant
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !tenant_ok {
            return Err(AppTokenError::new(
                AppTokenErrorKind::InvalidTenant,
                "give the tenant id (a GUID) or a verified domain name: letters, digits, `.` and `-`",
            ));
        }
        if client_id.is_empty() || client_id.len() > 256 || client_id.chars().any(char::is_control)
        {
            return Err(AppTokenError::new(
                AppTokenErrorKind::InvalidClientId,
                "give the app registration's application (client) id, a GUID",
            ));
        }
        Ok(AppCredentials {
            cloud,
            token_endpoint: format!("{}/{tenant}/oauth2/v2.0/token", cloud.login_authority()),
            tenant: tenant.to_owned(),
            client_id: client_id.to_owned(),
            credential,
        })
    }

    /// The national cloud.
    pub fn cloud(&self) -> NationalCloud {
        self.cloud
    }

    /// The tenant, as given.
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The app's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `{login_authority}/{tenant}/oauth2/v2.0/token`: where the request
    /// goes, and the `aud` of a client assertion.
    pub fn token_endpoint(&self) -> &str {
        &self.token_endpoint
    }

    /// The scope asked for: the cloud's [`graph_scope`](NationalCloud::graph_scope).
    pub fn scope(&self) -> &'static str {
        self.cloud.graph_scope()
    }

    /// The token request: `POST` [`token_endpoint`](Self::token_endpoint),
    /// `Content-Type: application/x-www-form-urlencoded`, the form
    /// `client_id`, `scope`, then `client_secret`, or `client_assertion_type`
    /// and `client_assertion`, then `grant_type=client_credentials`.
    ///
    /// `now` is used only by a certificate credential: the assertion's
    /// `nbf` and `iat`, and its `exp` [`CLIENT_ASSERTION_LIFETIME`] later.
    /// Its `jti` is a random (v4) UUID.
    ///
    /// # Errors
    ///
    /// [`AppTokenErrorKind::Signing`] when the assertion cannot be signed.
    pub fn token_request(
        &self,
        now: SystemTime,
    ) -> Result<http::Request<TokenRequestBody>, AppTokenError> {
        self.token_request_with_assertion_id(now, &uuid::Uuid::new_v4().to_string())
    }

    /// [`token_request`](Self::token_request) with the given assertion `jti`,
    /// which must be unique per assertion: for tests that compare bytes.
    ///
    /// # Errors
    ///
    /// As [`AppCredentials::token_request`].
    pub fn token_request_with_assertion_id(
        &self,
        now: SystemTime,
        assertion_id: &str,
    ) -> Result<http::Request<TokenRequestBody>, AppTokenError> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("client_id", &self.client_id)
            .append_pair("scope", self.scope());
        match &self.credential {
            Credential::Secret(secret) => {
                form.append_pair("client_secret", secret.expose());
            }
            Credential::Certificate(certificate) => {
                let assertion = self.client_assertion(certificate, now, assertion_id)?;
                form.append_pair("client_assertion_type", CLIENT_ASSERTION_TYPE)
                    .append_pair("client_assertion", &assertion);
            }
        }
        form.append_pair("grant_type", "client_credentials");
        let body = TokenRequestBody(form.finish().into_bytes());
        http::Request::post(self.token_endpoint.as_str())
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(http::header::ACCEPT, "application/json")
            .body(body)
            .map_err(|_| {
                // The endpoint is built from a checked tenant and a fixed host.
                AppTokenError::new(
                    AppTokenErrorKind::InvalidTenant,
                    "the tenant does not make a valid token endpoint URL",
                )
            })
    }

    /// The client assertion (certificate-credentials docs): header `alg`,
    /// `typ: JWT` and the thumbprint; claims `aud` (the token endpoint),
    /// `exp`, `iss` and `sub` (the client id), `jti`, `nbf`, `iat`.
    fn client_assertion(
        &self,
        certificate: &ClientCertificate,
        now: SystemTime,
        assertion_id: &str,
    ) -> Result<String, AppTokenError> {
        let mut header = match certificate.algorithm {
            AssertionAlgorithm::Rs256 => {
                let mut header = Header::new(Algorithm::RS256);
                header.x5t = Some(certificate.sha1_thumbprint.clone());
                header
            }
            AssertionAlgorithm::Ps256 => {
                let mut header = Header::new(Algorithm::PS256);
                header.x5t_s256 = Some(certificate.sha256_thumbprint.clone());
                header
            }
        };
        header.typ = Some("JWT".to_owned());
        let nbf = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let claims = serde_json::json!({
            "aud": self.token_endpoint,
            "exp": nbf.saturating_add(CLIENT_ASSERTION_LIFETIME.as_secs()),
            "iss": self.client_id,
            "jti": assertion_id,
            "nbf": nbf,
            "sub": self.client_id,
            "iat": nbf,
        });
        jsonwebtoken::encode(&header, &claims, &certificate.key).map_err(|_| {
            AppTokenError::new(
                AppTokenErrorKind::Signing,
                "the private key cannot sign the client assertion; give an RSA key of 2048 bits or more",
            )
        })
    }
}

/// The body of a token request: a form holding a secret or an assertion.
/// Its `Debug` is redacted (so a logged request shows no credential); take
/// the bytes with [`TokenRequestBody::into_bytes`] to send them.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRequestBody(Vec<u8>);

impl TokenRequestBody {
    /// The form bytes. They hold a credential: do not log them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The form bytes, to hand to an HTTP client.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The number of bytes (the `Content-Length`).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the body is empty (never, for a built request).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for TokenRequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenRequestBody(<redacted>, {} bytes)", self.0.len())
    }
}
