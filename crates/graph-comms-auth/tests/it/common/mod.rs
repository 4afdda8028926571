//! Shared by the integration tests: a fixed time, the validator under test,
//! and ways to make tokens, genuine and forged.
#![allow(dead_code)] // each test file uses a different part

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use graph_comms_auth::{CallbackValidator, NationalCloud, testing};
use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use jsonwebtoken::{self, Algorithm, EncodingKey, Header};
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A key that the validator does not trust: what an attacker signs with.
pub const ATTACKER_PEM: &str =
    include_str!("../../keys/TEST-ONLY-NOT-A-SECRET-attacker-rsa-2048.pem");

/// The time of every check: 2023-11-14T22:13:20Z.
pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// The validator under test: the test app id, the global issuers, the test key.
pub fn validator() -> CallbackValidator {
    CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        testing::key_set(),
    )
}

/// Claims of a genuine callback at [`now`].
pub fn claims() -> Value {
    testing::claims(testing::APP_ID, testing::TENANT_ID, now())
}

/// Claims of a genuine callback, with one member changed (`Value::Null`
/// removes it).
pub fn claims_with(name: &str, value: Value) -> Value {
    let mut claims = claims();
    let map = claims.as_object_mut().expect("claims are an object");
    if value.is_null() {
        map.remove(name);
    } else {
        map.insert(name.to_owned(), value);
    }
    claims
}

/// A token as the service would sign it.
pub fn genuine(claims: &Value) -> String {
    testing::sign(claims)
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A compact JWS with this exact header and payload text, signed with RS256
/// by the given private key, so that a test controls every byte.
pub fn signed_raw(header_json: &str, payload: &[u8], pem: &str) -> String {
    let message = format!("{}.{}", b64(header_json.as_bytes()), b64(payload));
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("test PEM");
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), &key, Algorithm::RS256).expect("sign");
    format!("{message}.{signature}")
}

/// A token signed with jsonwebtoken, with a header the test chose.
pub fn signed(header: &Header, claims: &Value, key: &EncodingKey) -> String {
    jsonwebtoken::encode(header, claims, key).expect("encode")
}

pub fn rs256_header(kid: Option<&str>) -> Header {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_owned);
    header
}

pub fn attacker_key() -> EncodingKey {
    EncodingKey::from_rsa_pem(ATTACKER_PEM.as_bytes()).expect("attacker PEM")
}

/// The attacker's public key as a JWK with this `kid`.
pub fn attacker_jwk(kid: &str) -> Jwk {
    let mut jwk = Jwk::from_encoding_key(&attacker_key(), Algorithm::RS256).expect("jwk");
    jwk.common.key_id = Some(kid.to_owned());
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    jwk
}

/// The public half of the test key (`testing::PRIVATE_KEY_PEM`), as SPKI
/// PEM: what an algorithm-confusion attacker uses as an HMAC secret, since
/// it is public.
pub const SERVICE_PUBLIC_PEM: &str =
    include_str!("../../keys/TEST-ONLY-NOT-A-SECRET-service-public.pem");
