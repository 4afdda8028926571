//! The service's signing keys, as the caller fetched them, and the OpenID
//! configuration that says where they are.
//!
//! Fetching is the caller's job (this crate does no I/O): GET the OpenID
//! configuration of the cloud ([`NationalCloud::callback_openid_configuration_url`](crate::NationalCloud::callback_openid_configuration_url)),
//! read its `jwks_uri` with [`OpenIdConfiguration::from_slice`], GET that,
//! and build a [`KeySet`] from the bytes with [`KeySet::from_jwks_json`].

use crate::error::MetadataError;
use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{
    AlgorithmParameters, Jwk, JwkSet, KeyAlgorithm, KeyOperations, PublicKeyUse,
};
use serde::Deserialize;
use std::fmt;

/// The smallest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;
/// The largest RSA modulus accepted, in bits: the RSA backend's limit.
const MAX_RSA_BITS: usize = 4096;
/// The largest public exponent the RSA backend accepts, `2^33 - 1`.
const MAX_RSA_EXPONENT: u64 = (1 << 33) - 1;

/// The keys a validator trusts, by key id (`kid`).
///
/// Only RSA signing keys usable with RS256 are used. A key that is not one
/// (another type, `use: enc`, another `alg`, a modulus outside 2048–4096
/// bits) is kept by its `kid` as *unusable*, so that a token naming it is
/// refused with [`UnusableKey`](crate::AuthErrorKind::UnusableKey) rather
/// than sending the caller to fetch keys that will not help. Keys without a
/// `kid` cannot be chosen and are left out.
///
/// Several keys may share a `kid` (key sets have been seen listing each key
/// twice); a token verifies if any usable one of them verifies it.
///
/// ```
/// use graph_comms_auth::KeySet;
///
/// let keys = KeySet::from_jwks_json(br#"{"keys": [
///     {"kty": "oct", "kid": "shared-secret", "k": "c2VjcmV0"}
/// ]}"#)?;
/// assert!(keys.is_empty()); // no usable key: a symmetric key is never trusted
/// assert_eq!(keys.unusable_key_ids().collect::<Vec<_>>(), ["shared-secret"]);
/// # Ok::<(), graph_comms_auth::MetadataError>(())
/// ```
#[derive(Clone, Default)]
pub struct KeySet {
    entries: Vec<KeyEntry>,
}

#[derive(Clone)]
struct KeyEntry {
    kid: String,
    key: Result<DecodingKey, &'static str>,
}

/// What a key set lookup found for a `kid`.
pub(crate) enum Lookup<'a> {
    /// No key has this `kid`.
    Unknown,
    /// Keys have it, but none is usable.
    Unusable,
    /// The usable keys with this `kid`.
    Usable(Vec<&'a DecodingKey>),
}

impl KeySet {
    /// An empty key set: every token is refused with
    /// [`UnknownKeyId`](crate::AuthErrorKind::UnknownKeyId).
    pub fn new() -> Self {
        KeySet::default()
    }

    /// Reads a JWK set (`{"keys": [...]}`, RFC 7517 §5), the document at the
    /// OpenID configuration's `jwks_uri`.
    ///
    /// A key that cannot be read or used does not fail the set: it is kept as
    /// unusable (see [`KeySet`]).
    ///
    /// # Errors
    ///
    /// A [`MetadataError`] when the bytes are not JSON or not an object with a
    /// `keys` array.
    pub fn from_jwks_json(json: &[u8]) -> Result<Self, MetadataError> {
        #[derive(Deserialize)]
        struct RawSet {
            keys: Vec<serde_json::Value>,
        }
        let raw: RawSet = serde_json::from_slice(json).map_err(|err| {
            MetadataError::from_json(&err, "a JWK set is a JSON object with a `keys` array")
        })?;
        let mut set = KeySet::new();
        for value in raw.keys {
            let Some(kid) = value.get("kid").and_then(serde_json::Value::as_str) else {
                continue;
            };
            let kid = kid.to_owned();
            let key = match serde_json::from_value::<Jwk>(value) {
                Ok(jwk) => usable_key(&jwk),
                Err(_) => Err("the key is not a JWK that jsonwebtoken can read"),
            };
            set.entries.push(KeyEntry { kid, key });
        }
        Ok(set)
    }

    /// Takes the keys of a [`JwkSet`] already read with `jsonwebtoken`.
    pub fn from_jwk_set(set: &JwkSet) -> Self {
        let mut keys = KeySet::new();
        for jwk in &set.keys {
            keys.insert_jwk(jwk);
        }
        keys
    }

    /// Adds one key. A key without a `kid` is left out (it could never be
    /// chosen); one that is not a usable RS256 key is kept as unusable.
    pub fn insert_jwk(&mut self, jwk: &Jwk) {
        if let Some(kid) = &jwk.common.key_id {
            self.entries.push(KeyEntry {
                kid: kid.clone(),
                key: usable_key(jwk),
            });
        }
    }

    /// Adds the keys of another set, to trust both (during a rotation, or
    /// where a cloud's callbacks are signed by keys from two documents; see
    /// [`NationalCloud`](crate::NationalCloud)).
    pub fn extend(&mut self, other: KeySet) {
        self.entries.extend(other.entries);
    }

    /// The number of usable keys.
    pub fn len(&self) -> usize {
        self.entries.iter().filter(|e| e.key.is_ok()).count()
    }

    /// Whether there is no usable key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a usable key has this `kid`.
    pub fn contains(&self, kid: &str) -> bool {
        self.entries.iter().any(|e| e.kid == kid && e.key.is_ok())
    }

    /// The `kid`s of the usable keys, in the set's order.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|e| e.key.is_ok())
            .map(|e| e.kid.as_str())
    }

    /// The `kid`s of the keys kept as unusable, with why, in the set's order.
    pub fn unusable_keys(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.entries
            .iter()
            .filter_map(|e| e.key.as_ref().err().map(|why| (e.kid.as_str(), *why)))
    }

    /// The `kid`s of the keys kept as unusable, in the set's order.
    pub fn unusable_key_ids(&self) -> impl Iterator<Item = &str> {
        self.unusable_keys().map(|(kid, _)| kid)
    }

    pub(crate) fn lookup(&self, kid: &str) -> Lookup<'_> {
        let mut found = false;
        let mut usable = Vec::new();
        for entry in self.entries.iter().filter(|e| e.kid == kid) {
            found = true;
            if let Ok(key) = &entry.key {
                usable.push(key);
            }
        }
        match (found, usable.is_empty()) {
            (false, _) => Lookup::Unknown,
            (true, true) => Lookup::Unusable,
            (true, false) => Lookup::Usable(usable),
        }
    }
}

/// Two key sets are equal when they hold the same `kid`s, in the same order,
/// with the same key material (RSA modulus and exponent, or the same reason
/// to be unusable). A fetch that brings the same set again changes nothing,
/// so a validator keeps its verified-token cache.
impl PartialEq for KeySet {
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self.entries.iter().zip(&other.entries).all(|(a, b)| {
                a.kid == b.kid
                    && match (&a.key, &b.key) {
                        (Ok(x), Ok(y)) => same_key(x, y),
                        (Err(x), Err(y)) => x == y,
                        _ => false,
                    }
            })
    }
}

impl Eq for KeySet {}

fn same_key(a: &DecodingKey, b: &DecodingKey) -> bool {
    use jsonwebtoken::DecodingKeyKind as Kind;
    a.family() == b.family()
        && match (a.kind(), b.kind()) {
            (Kind::SecretOrDer(x), Kind::SecretOrDer(y)) => x == y,
            (Kind::RsaModulusExponent { n, e }, Kind::RsaModulusExponent { n: n2, e: e2 }) => {
                n == n2 && e == e2
            }
            _ => false,
        }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySet")
            .field("usable", &self.key_ids().collect::<Vec<_>>())
            .field("unusable", &self.unusable_keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The key a JWK gives for RS256 verification, or why it cannot give one.
fn usable_key(jwk: &Jwk) -> Result<DecodingKey, &'static str> {
    match &jwk.common.public_key_use {
        None | Some(PublicKeyUse::Signature) => {}
        Some(_) => return Err("the key's `use` is not `sig`"),
    }
    if let Some(ops) = &jwk.common.key_operations
        && !ops.contains(&KeyOperations::Verify)
    {
        return Err("the key's `key_ops` do not include `verify`");
    }
    match jwk.common.key_algorithm {
        None | Some(KeyAlgorithm::RS256) => {}
        Some(_) => return Err("the key's `alg` is not RS256"),
    }
    let AlgorithmParameters::RSA(rsa) = &jwk.algorithm else {
        return Err("the key is not an RSA key");
    };
    let key = DecodingKey::from_rsa_components(&rsa.n, &rsa.e)
        .map_err(|_| "the key's `n` or `e` is not base64url")?;
    if let jsonwebtoken::DecodingKeyKind::RsaModulusExponent { n, e } = key.kind() {
        let bits = significant_bits(n);
        if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
            return Err("the key's modulus is not between 2048 and 4096 bits");
        }
        let exponent = (significant_bits(e) <= 64)
            .then(|| e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)));
        if !matches!(exponent, Some(x) if (3..=MAX_RSA_EXPONENT).contains(&x)) {
            return Err("the key's public exponent is out of range");
        }
    }
    Ok(key)
}

/// The number of significant bits of a big-endian unsigned integer.
fn significant_bits(be: &[u8]) -> usize {
    match be.iter().position(|&b| b != 0) {
        None => 0,
        Some(i) => (be.len() - i - 1) * 8 + (8 - be[i].leading_zeros() as usize),
    }
}

/// The members of an OpenID configuration document that matter here.
///
/// ```
/// use graph_comms_auth::OpenIdConfiguration;
///
/// let config = OpenIdConfiguration::from_slice(br#"{
///     "issuer": "https://api.botframework.com",
///     "jwks_uri": "https://example.invalid/v1/keys",
///     "id_token_signing_alg_values_supported": ["RS256"]
/// }"#)?;
/// assert_eq!(config.jwks_uri, "https://example.invalid/v1/keys");
/// # Ok::<(), graph_comms_auth::MetadataError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OpenIdConfiguration {
    /// Where the JWK set is: GET it and pass the bytes to
    /// [`KeySet::from_jwks_json`].
    pub jwks_uri: String,
    /// The document's `issuer`. Informative only: it need not equal the
    /// tokens' `iss`, nor the URL the document came from, and checking
    /// either is what makes strict OpenID Connect libraries refuse these
    /// tokens (MicrosoftDocs/bot-docs#2064). Allow issuers from
    /// [`NationalCloud::callback_issuers`](crate::NationalCloud::callback_issuers) instead.
    pub issuer: Option<String>,
    /// `id_token_signing_alg_values_supported`, when present.
    pub signing_algorithms: Vec<String>,
}

impl OpenIdConfiguration {
    /// Reads an OpenID configuration document. Only `jwks_uri` is required.
    ///
    /// # Errors
    ///
    /// A [`MetadataError`] when the bytes are not JSON, or have no
    /// `jwks_uri` string.
    pub fn from_slice(json: &[u8]) -> Result<Self, MetadataError> {
        #[derive(Deserialize)]
        struct Raw {
            jwks_uri: Option<String>,
            issuer: Option<String>,
            id_token_signing_alg_values_supported: Option<Vec<String>>,
        }
        let raw: Raw = serde_json::from_slice(json).map_err(|err| {
            MetadataError::from_json(
                &err,
                "an OpenID configuration is a JSON object with a `jwks_uri` string",
            )
        })?;
        let jwks_uri = raw
            .jwks_uri
            .ok_or_else(|| MetadataError::shape("the OpenID configuration has no `jwks_uri`"))?;
        Ok(OpenIdConfiguration {
            jwks_uri,
            issuer: raw.issuer,
            signing_algorithms: raw
                .id_token_signing_alg_values_supported
                .unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits() {
        assert_eq!(significant_bits(&[]), 0);
        assert_eq!(significant_bits(&[0, 0]), 0);
        assert_eq!(significant_bits(&[1]), 1);
        assert_eq!(significant_bits(&[0, 0x80, 0]), 16);
        assert_eq!(significant_bits(&[0x01, 0, 1]), 17);
    }
}
