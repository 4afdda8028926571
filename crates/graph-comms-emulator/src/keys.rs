//! The emulator's own callback-signing key: RSA 2048, generated once per
//! process, published as a JWK set behind an OpenID configuration, as the
//! service publishes its keys (the configuration at
//! `https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration`, named by
//! the calling samples' `AuthenticationProvider.cs`).

use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::RsaPrivateKey;
use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
use serde_json::{Value, json};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// The issuer of the callback tokens: the one the service uses
/// (`https://api.botframework.com`), which graph-comms-auth and the official
/// sample accept.
pub const ISSUER: &str = "https://api.botframework.com";

/// The lifetime of a callback token: the docs' one example has `exp - iat` =
/// 3,900 s (65 minutes) and `nbf = iat`.
pub const TOKEN_LIFETIME_SECS: u64 = 3900;

pub(crate) struct SigningKey {
    encoding: EncodingKey,
    kid: String,
    jwk: Jwk,
    /// The last token signed, with its audience, tenant and `iat`.
    last: Mutex<Option<Signed>>,
}

/// A token and the claims it was signed for.
struct Signed {
    app_id: String,
    tenant_id: String,
    iat: u64,
    token: String,
}

/// The process's key (generated on first use; a second or so in an
/// unoptimised build without the dev-profile override of the workspace).
pub(crate) fn signing_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(generate)
}

fn generate() -> SigningKey {
    let mut rng = rsa::rand_core::OsRng;
    let private =
        RsaPrivateKey::new(&mut rng, 2048).expect("RSA 2048 key generation with the OS RNG");
    let pem = private
        .to_pkcs1_pem(LineEnding::LF)
        .expect("a freshly generated RSA key encodes as PKCS#1");
    let encoding =
        EncodingKey::from_rsa_pem(pem.as_bytes()).expect("the PKCS#1 PEM just written reads back");
    let kid = format!("graph-comms-emulator-{}", uuid::Uuid::new_v4().simple());
    let mut jwk =
        Jwk::from_encoding_key(&encoding, Algorithm::RS256).expect("an RSA key has a public JWK");
    jwk.common.key_id = Some(kid.clone());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    jwk.common.key_algorithm = None;
    SigningKey {
        encoding,
        kid,
        jwk,
        last: Mutex::new(None),
    }
}

impl SigningKey {
    /// The JWK set (what `jwks_uri` answers).
    pub(crate) fn jwks(&self) -> Value {
        serde_json::to_value(JwkSet {
            keys: vec![self.jwk.clone()],
        })
        .unwrap_or_default()
    }

    /// A callback token: RS256, this key's `kid`, `iss` [`ISSUER`], `aud` the
    /// app id, `tid` the tenant, `iat` = `nbf` = `now`, `exp` 65 minutes later.
    ///
    /// The callbacks of one second share one token (its claims are the
    /// same): an RS256 signature costs milliseconds, and a fleet test posts
    /// hundreds of callbacks a second. Whether the service signs a token per
    /// callback or reuses one for a while is not documented; a bot verifies
    /// each either way.
    pub(crate) fn sign(&self, app_id: &str, tenant_id: &str, now: SystemTime) -> String {
        let iat = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(signed) = last.as_ref()
            && signed.iat == iat
            && signed.app_id == app_id
            && signed.tenant_id == tenant_id
        {
            return signed.token.clone();
        }
        let token = self.sign_anew(app_id, tenant_id, iat);
        *last = Some(Signed {
            app_id: app_id.to_owned(),
            tenant_id: tenant_id.to_owned(),
            iat,
            token: token.clone(),
        });
        token
    }

    fn sign_anew(&self, app_id: &str, tenant_id: &str, iat: u64) -> String {
        let claims = json!({
            "aud": app_id, "iss": ISSUER, "tid": tenant_id,
            "iat": iat, "nbf": iat, "exp": iat + TOKEN_LIFETIME_SECS,
        });
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding)
            .expect("RS256 signing of JSON claims")
    }
}

/// The OpenID configuration document, its `jwks_uri` pointing at the emulator.
pub(crate) fn openid_configuration(jwks_url: &str) -> Value {
    json!({
        "issuer": ISSUER,
        "jwks_uri": jwks_url,
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
    })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn one_token_per_second_and_audience() {
        let key = super::signing_key();
        let at = |secs: u64, millis: u64| {
            UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(millis)
        };
        let first = key.sign("app", "tenant", at(1_800_000_000, 10));
        assert_eq!(key.sign("app", "tenant", at(1_800_000_000, 990)), first);
        assert_ne!(key.sign("app", "tenant", at(1_800_000_001, 0)), first);
        assert_ne!(key.sign("other", "tenant", at(1_800_000_001, 0)), first);
        assert_ne!(key.sign("other", "other", at(1_800_000_001, 0)), first);
    }
}
