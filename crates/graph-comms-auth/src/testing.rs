//! TEST-ONLY signing key, for testing a callback receiver without the
//! service (feature `test-support`).
//!
//! The private key is in this crate's source, so it is public: it proves
//! nothing. A validator trusts it only when its key set comes from
//! [`key_set`] or [`jwks_json`]; never build a production validator from
//! them, and never enable `test-support` in a production build.
//!
//! ```
//! use graph_comms_auth::{BearerToken, CallbackValidator, NationalCloud, testing};
//! use std::time::SystemTime;
//!
//! let now = SystemTime::now();
//! let validator = CallbackValidator::new(testing::APP_ID, NationalCloud::Global.callback_issuers(), testing::key_set());
//! let token = testing::sign(&testing::claims(testing::APP_ID, testing::TENANT_ID, now));
//! assert!(validator.validate(BearerToken::new(&token), now).is_ok());
//! ```

use crate::keys::KeySet;
use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use std::time::{SystemTime, UNIX_EPOCH};

/// The test key's `kid`.
pub const KEY_ID: &str = "TEST-ONLY-NOT-A-SECRET";

/// An app id for tests (not a real app).
pub const APP_ID: &str = "00000000-0000-4000-8000-00000000a1d0";

/// A tenant id for tests (not a real tenant).
pub const TENANT_ID: &str = "00000000-0000-4000-8000-0000000071d0";

/// The TEST-ONLY private key (RSA 2048, PKCS#8 PEM). Public knowledge: it is
/// in this crate's source.
pub const PRIVATE_KEY_PEM: &str =
    include_str!("testing/TEST-ONLY-NOT-A-SECRET-service-rsa-2048.pem");

/// A TEST-ONLY private key for the *app* (RSA 2048, PKCS#8 PEM), to build a
/// [`ClientCertificate`](crate::ClientCertificate) in tests and examples.
/// Public knowledge: no tenant should ever trust its certificate.
pub const APP_PRIVATE_KEY_PEM: &str =
    include_str!("testing/TEST-ONLY-NOT-A-SECRET-app-rsa-2048.pem");

/// The self-signed TEST-ONLY certificate of [`APP_PRIVATE_KEY_PEM`] (PEM),
/// `CN=TEST-ONLY-NOT-A-SECRET graph-comms app`.
pub const APP_CERTIFICATE_PEM: &str =
    include_str!("testing/TEST-ONLY-NOT-A-SECRET-app-certificate.pem");

fn encoding_key() -> EncodingKey {
    EncodingKey::from_rsa_pem(PRIVATE_KEY_PEM.as_bytes())
        .expect("the embedded TEST-ONLY key is a valid RSA PEM (checked by this crate's tests)")
}

/// The public half of the test key as a JWK, as the service publishes its
/// keys: `kty: RSA`, `use: sig`, the `kid` [`KEY_ID`], `n` and `e`.
pub fn jwk() -> Jwk {
    let mut jwk = Jwk::from_encoding_key(&encoding_key(), Algorithm::RS256)
        .expect("the embedded TEST-ONLY key has RSA public components");
    jwk.common.key_id = Some(KEY_ID.to_owned());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    jwk.common.key_algorithm = None;
    jwk
}

/// The JWK set holding the test key, as JSON text: what a `jwks_uri` would
/// answer.
pub fn jwks_json() -> String {
    serde_json::to_string(&JwkSet { keys: vec![jwk()] }).expect("a JWK set of strings serializes")
}

/// A key set that trusts the test key (and nothing else).
pub fn key_set() -> KeySet {
    KeySet::from_jwk_set(&JwkSet { keys: vec![jwk()] })
}

/// The claims of a callback token like the service's: `iss`
/// `https://api.botframework.com`, `aud` the app id, `tid` the tenant, `iat`
/// and `nbf` at `now`, `exp` an hour later.
pub fn claims(app_id: &str, tenant_id: &str, now: SystemTime) -> serde_json::Value {
    let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    serde_json::json!({
        "aud": app_id,
        "iss": crate::BOT_FRAMEWORK_ISSUER,
        "tid": tenant_id,
        "iat": now,
        "nbf": now,
        "exp": now.saturating_add(3600),
    })
}

/// Signs claims with the test key: RS256, `kid` [`KEY_ID`], `typ: JWT`.
pub fn sign(claims: &serde_json::Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(KEY_ID.to_owned());
    jsonwebtoken::encode(&header, claims, &encoding_key())
        .expect("RS256 signing of JSON claims with the embedded TEST-ONLY key succeeds")
}
