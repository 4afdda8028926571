//! Reading the documents the caller fetches: the JWK set and the OpenID
//! configuration; and the per-cloud table.

use crate::common;

use common::*;
use graph_comms_auth::{
    AuthErrorKind, BearerToken, CallbackValidator, KeySet, MetadataErrorKind, NationalCloud,
    OpenIdConfiguration, testing,
};
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use serde_json::{Value, json};

/// The test key as the service publishes a key: with `x5t`, `x5c` and
/// members jsonwebtoken does not know (`endorsements`, `issuer`).
/// A validator with `keys` accepts a genuine token signed with the test key.
fn assert_genuine_token_accepted(keys: KeySet) {
    let validator = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        keys,
    );
    assert!(
        validator
            .validate(BearerToken::new(&genuine(&claims())), now())
            .is_ok()
    );
}

fn service_like_jwk(kid: &str) -> Value {
    let mut jwk = serde_json::to_value(testing::jwk()).expect("jwk");
    jwk["kid"] = json!(kid);
    jwk["x5t"] = json!(kid);
    jwk["x5c"] = json!(["TUlJQ2VydGlmaWNhdGU="]);
    jwk["endorsements"] = json!(["msteams", "skype"]);
    jwk["issuer"] = json!("https://api.botframework.com");
    jwk
}

fn rsa_n_e() -> (String, String) {
    let AlgorithmParameters::RSA(rsa) = testing::jwk().algorithm else {
        panic!("the test key is RSA");
    };
    (rsa.n, rsa.e)
}

#[test]
fn a_service_like_key_set_is_read() {
    let jwks = json!({"keys": [service_like_jwk(testing::KEY_ID)]}).to_string();
    let keys = KeySet::from_jwks_json(jwks.as_bytes()).expect("jwks");
    assert_eq!(keys.len(), 1);
    assert!(keys.contains(testing::KEY_ID));
    assert_genuine_token_accepted(keys);
}

#[test]
fn the_testing_jwks_text_is_a_key_set() {
    let keys = KeySet::from_jwks_json(testing::jwks_json().as_bytes()).expect("jwks");
    assert_eq!(keys.key_ids().collect::<Vec<_>>(), [testing::KEY_ID]);
}

#[test]
fn keys_that_cannot_verify_rs256_are_kept_as_unusable() {
    let (n, e) = rsa_n_e();
    let short_n = b64(&[0xc5; 128]); // 1024 bits
    let long_n = b64(&[0xc5; 513]); // 4104 bits
    let jwks = json!({"keys": [
        {"kty": "oct", "kid": "oct", "k": "c2VjcmV0"},
        {"kty": "EC", "kid": "ec", "crv": "P-256",
         "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uE9AIbmI",
         "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
        {"kty": "RSA", "kid": "enc", "use": "enc", "n": n, "e": e},
        {"kty": "RSA", "kid": "rs512", "alg": "RS512", "n": n, "e": e},
        {"kty": "RSA", "kid": "sign-only", "key_ops": ["sign"], "n": n, "e": e},
        {"kty": "RSA", "kid": "short", "n": short_n, "e": e},
        {"kty": "RSA", "kid": "long", "n": long_n, "e": e},
        {"kty": "RSA", "kid": "exponent-1", "n": n, "e": "AQ"},
        {"kty": "RSA", "kid": "not-base64", "n": "***", "e": e},
        {"kty": "RSA", "kid": "no-n", "e": e},
        {"kty": "RSA", "n": n, "e": e},
        {"kty": "RSA", "kid": "good", "use": "sig", "alg": "RS256", "key_ops": ["verify"], "n": n, "e": e},
    ]})
    .to_string();
    let keys = KeySet::from_jwks_json(jwks.as_bytes()).expect("jwks");
    assert_eq!(keys.key_ids().collect::<Vec<_>>(), ["good"]);
    let unusable: Vec<(&str, &str)> = keys.unusable_keys().collect();
    let kids: Vec<&str> = unusable.iter().map(|(kid, _)| *kid).collect();
    assert_eq!(
        kids,
        [
            "oct",
            "ec",
            "enc",
            "rs512",
            "sign-only",
            "short",
            "long",
            "exponent-1",
            "not-base64",
            "no-n"
        ]
    );
    let why = |kid: &str| {
        unusable
            .iter()
            .find(|(k, _)| *k == kid)
            .map(|(_, why)| *why)
            .expect("kid")
    };
    assert!(why("oct").contains("not an RSA key"));
    assert!(why("enc").contains("`use`"));
    assert!(why("rs512").contains("`alg`"));
    assert!(why("sign-only").contains("`key_ops`"));
    assert!(why("short").contains("2048"));
    assert!(why("long").contains("4096"));
    assert!(why("exponent-1").contains("exponent"));

    // A token naming an unusable key is refused as such, not as unknown.
    let token = signed(&rs256_header(Some("short")), &claims(), &attacker_key());
    let validator = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        keys,
    );
    let err = validator
        .validate(BearerToken::new(&token), now())
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::UnusableKey);
}

#[test]
fn a_shared_kid_verifies_with_any_of_its_keys() {
    // The first key with the kid is not the one that signed.
    let mut keys = KeySet::new();
    keys.insert_jwk(&attacker_jwk(testing::KEY_ID));
    keys.extend(testing::key_set());
    assert_eq!(keys.len(), 2);
    assert_genuine_token_accepted(keys);
}

#[test]
fn a_jwk_set_from_jsonwebtoken_is_taken() {
    let set = JwkSet {
        keys: vec![testing::jwk(), attacker_jwk("second")],
    };
    let keys = KeySet::from_jwk_set(&set);
    assert_eq!(
        keys.key_ids().collect::<Vec<_>>(),
        [testing::KEY_ID, "second"]
    );
}

#[test]
fn the_key_set_debug_shows_kids_not_keys() {
    let (n, _) = rsa_n_e();
    let debug = format!("{:?}", testing::key_set());
    assert!(debug.contains(testing::KEY_ID), "{debug}");
    assert!(!debug.contains(&n[..16]), "{debug}");
}

#[test]
fn documents_that_are_not_key_sets_are_refused() {
    for (doc, kind) in [
        (&b"not json"[..], MetadataErrorKind::Syntax),
        (b"{\"keys\": [", MetadataErrorKind::Syntax),
        (b"[]", MetadataErrorKind::Shape),
        (b"{}", MetadataErrorKind::Shape),
        (b"{\"keys\": {}}", MetadataErrorKind::Shape),
    ] {
        let err = KeySet::from_jwks_json(doc).unwrap_err();
        assert_eq!(err.kind(), kind, "{}", String::from_utf8_lossy(doc));
        assert!(err.to_string().contains("`keys` array"), "{err}");
    }
    let err = KeySet::from_jwks_json(b"{\n  \"keys\": 5\n}").unwrap_err();
    assert_eq!((err.line(), err.column()), (Some(2), Some(11)));
}

#[test]
fn the_openid_configuration_gives_the_jwks_uri() {
    let doc = br#"{
        "issuer": "https://api.botframework.com",
        "authorization_endpoint": "https://example.invalid/authorize",
        "jwks_uri": "https://example.invalid/v1/keys",
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"]
    }"#;
    let config = OpenIdConfiguration::from_slice(doc).expect("config");
    assert_eq!(config.jwks_uri, "https://example.invalid/v1/keys");
    assert_eq!(
        config.issuer.as_deref(),
        Some("https://api.botframework.com")
    );
    assert_eq!(config.signing_algorithms, ["RS256"]);

    let minimal =
        OpenIdConfiguration::from_slice(br#"{"jwks_uri": "https://example.invalid/keys"}"#)
            .expect("minimal");
    assert_eq!(minimal.issuer, None);
    assert!(minimal.signing_algorithms.is_empty());

    let err = OpenIdConfiguration::from_slice(br#"{"issuer": "x"}"#).unwrap_err();
    assert_eq!(err.kind(), MetadataErrorKind::Shape);
    assert!(err.to_string().contains("jwks_uri"), "{err}");
    let err = OpenIdConfiguration::from_slice(b"<html>").unwrap_err();
    assert_eq!(err.kind(), MetadataErrorKind::Syntax);
}

#[test]
fn the_cloud_table() {
    assert_eq!(
        NationalCloud::Global.callback_issuers(),
        [
            "https://api.botframework.com",
            "https://graph.microsoft.com"
        ]
    );
    assert_eq!(
        NationalCloud::Global.callback_openid_configuration_url(),
        Some("https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration")
    );
    // Observed, not documented (issue #865).
    assert_eq!(
        NationalCloud::UsGovL4.callback_issuers(),
        ["https://api.botframework.com"]
    );
    // Unknown: nothing is guessed.
    for cloud in [NationalCloud::UsGovL5Dod, NationalCloud::China21Vianet] {
        assert!(cloud.callback_issuers().is_empty());
        assert_eq!(cloud.callback_openid_configuration_url(), None);
    }
    let roots: Vec<&str> = NationalCloud::ALL.iter().map(|c| c.graph_root()).collect();
    assert_eq!(
        roots,
        [
            "https://graph.microsoft.com",
            "https://graph.microsoft.us",
            "https://dod-graph.microsoft.us",
            "https://microsoftgraph.chinacloudapi.cn",
        ]
    );
    for cloud in NationalCloud::ALL {
        for url in cloud
            .callback_issuers()
            .iter()
            .copied()
            .chain(cloud.callback_openid_configuration_url())
        {
            assert!(url.starts_with("https://"), "{url}");
        }
    }
}
