//! Every check of the validator: a genuine token is accepted, and each kind
//! of bad token is refused with its own error kind.

use crate::common;

use common::*;
use graph_comms_auth::{
    AuthError, AuthErrorKind, BearerToken, CallbackValidator, GRAPH_ISSUER, KeySet, NationalCloud,
    TENANT_ID_CLAIM_URI, testing,
};
use jsonwebtoken::{self, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::{Duration, UNIX_EPOCH};

fn check(token: &str) -> Result<graph_comms_auth::CallbackClaims, AuthError> {
    validator().validate(BearerToken::new(token), now())
}

fn refused(token: &str) -> AuthErrorKind {
    let err = check(token).expect_err("the token must be refused");
    assert_no_leak(&err, token);
    err.kind()
}

/// Neither the error's Display nor its Debug may show the token, a part of
/// it, or a value from it.
fn assert_no_leak(err: &AuthError, token: &str) {
    let texts = [err.to_string(), format!("{err:?}")];
    for text in &texts {
        if !token.is_empty() {
            assert!(
                !text.contains(token),
                "error text contains the token: {text}"
            );
        }
        for part in token.split('.').filter(|p| p.len() >= 8) {
            assert!(
                !text.contains(part),
                "error text contains a token part: {text}"
            );
        }
        for value in [testing::TENANT_ID, testing::APP_ID, testing::KEY_ID] {
            assert!(
                !text.contains(value),
                "error text contains a claim value: {text}"
            );
        }
    }
}

#[test]
fn a_genuine_token_is_accepted() {
    let claims = check(&genuine(&claims())).expect("genuine");
    assert_eq!(claims.tenant_id, testing::TENANT_ID);
    assert_eq!(claims.issuer, "https://api.botframework.com");
    assert_eq!(claims.app_id, testing::APP_ID);
    assert_eq!(claims.key_id, testing::KEY_ID);
    assert_eq!(claims.expires_at, now() + Duration::from_secs(3600));
    assert_eq!(claims.not_before, Some(now()));
    assert_eq!(claims.issued_at, Some(now()));
}

#[test]
fn the_graph_issuer_is_accepted_too() {
    let token = genuine(&claims_with("iss", json!(GRAPH_ISSUER)));
    assert_eq!(check(&token).expect("genuine").issuer, GRAPH_ISSUER);
}

#[test]
fn the_tenant_is_read_from_either_claim() {
    let only_uri = {
        let mut c = claims_with("tid", Value::Null);
        c[TENANT_ID_CLAIM_URI] = json!(testing::TENANT_ID);
        c
    };
    assert_eq!(
        check(&genuine(&only_uri)).expect("uri claim").tenant_id,
        testing::TENANT_ID
    );

    let both_agree = {
        let mut c = claims();
        c[TENANT_ID_CLAIM_URI] = json!(testing::TENANT_ID.to_ascii_uppercase());
        c
    };
    assert_eq!(
        check(&genuine(&both_agree))
            .expect("agreeing claims")
            .tenant_id,
        testing::TENANT_ID
    );
}

#[test]
fn an_audience_array_must_contain_the_app_id() {
    let with = genuine(&claims_with("aud", json!(["other-app", testing::APP_ID])));
    assert!(check(&with).is_ok());
    let without = genuine(&claims_with("aud", json!(["other-app"])));
    assert_eq!(refused(&without), AuthErrorKind::WrongAudience);
    let not_strings = genuine(&claims_with("aud", json!([testing::APP_ID, 7])));
    assert_eq!(refused(&not_strings), AuthErrorKind::MalformedClaims);
}

// --- signature -------------------------------------------------------------

#[test]
fn a_token_signed_with_another_key_is_refused() {
    // The attacker names the service's kid but signs with their own key.
    let forged = signed(
        &rs256_header(Some(testing::KEY_ID)),
        &claims(),
        &attacker_key(),
    );
    assert_eq!(refused(&forged), AuthErrorKind::InvalidSignature);
}

#[test]
fn an_altered_payload_is_refused() {
    let token = genuine(&claims());
    let parts: Vec<&str> = token.split('.').collect();
    let other = claims_with("tid", json!("11111111-1111-4111-8111-111111111111"));
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(other.to_string().as_bytes()),
        parts[2]
    );
    assert_eq!(refused(&tampered), AuthErrorKind::InvalidSignature);
}

#[test]
fn an_empty_or_truncated_signature_is_refused() {
    let token = genuine(&claims());
    let (message, signature) = token.rsplit_once('.').expect("three parts");
    assert_eq!(
        refused(&format!("{message}.")),
        AuthErrorKind::InvalidSignature
    );
    // Still base64url (a multiple of four characters), one byte short.
    let truncated = &signature[..signature.len() / 4 * 4];
    assert_eq!(
        refused(&format!("{message}.{truncated}")),
        AuthErrorKind::InvalidSignature
    );
    // Not base64url at all (a single character is no whole byte).
    assert_eq!(
        refused(&format!("{message}.A")),
        AuthErrorKind::MalformedToken
    );
}

// --- claims ------------------------------------------------------------------

#[test]
fn a_wrong_audience_is_refused() {
    let token = genuine(&claims_with(
        "aud",
        json!("11111111-1111-4111-8111-111111111111"),
    ));
    assert_eq!(refused(&token), AuthErrorKind::WrongAudience);
    // Exact comparison: the same id in upper case is another audience.
    let upper = genuine(&claims_with(
        "aud",
        json!(testing::APP_ID.to_ascii_uppercase()),
    ));
    assert_eq!(refused(&upper), AuthErrorKind::WrongAudience);
}

#[test]
fn a_wrong_issuer_is_refused() {
    for iss in [
        "https://evil.example",
        "https://api.botframework.com/", // issuers compare exactly
        "https://login.microsoftonline.com/common/v2.0",
    ] {
        let token = genuine(&claims_with("iss", json!(iss)));
        assert_eq!(refused(&token), AuthErrorKind::WrongIssuer, "{iss}");
    }
}

#[test]
fn an_issuer_of_another_cloud_is_refused() {
    let validator = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::China21Vianet.callback_issuers(),
        testing::key_set(),
    );
    let err = validator
        .validate(BearerToken::new(&genuine(&claims())), now())
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::WrongIssuer);
}

#[test]
fn a_missing_claim_is_refused() {
    for name in ["iss", "aud", "exp"] {
        let token = genuine(&claims_with(name, Value::Null));
        let err = check(&token).unwrap_err();
        assert_eq!(err.kind(), AuthErrorKind::MissingClaim, "{name}");
        assert!(
            err.detail().contains(&format!("`{name}`")),
            "{}",
            err.detail()
        );
    }
}

#[test]
fn a_claim_of_the_wrong_type_is_refused() {
    for (name, value) in [
        ("iss", json!(1)),
        ("aud", json!({"id": testing::APP_ID})),
        ("exp", json!("tomorrow")),
        ("exp", json!(-1)),
        ("nbf", json!(true)),
        ("iat", json!([1])),
        ("tid", json!(42)),
    ] {
        let token = genuine(&claims_with(name, value));
        assert_eq!(refused(&token), AuthErrorKind::MalformedClaims, "{name}");
    }
}

#[test]
fn claims_that_are_not_a_json_object_are_refused() {
    let header = format!(r#"{{"alg":"RS256","kid":"{}"}}"#, testing::KEY_ID);
    for payload in [&b"not json"[..], b"[1,2]", b"\"text\""] {
        let token = signed_raw(&header, payload, testing::PRIVATE_KEY_PEM);
        assert_eq!(refused(&token), AuthErrorKind::MalformedClaims);
    }
}

#[test]
fn fractional_times_are_read() {
    let exp = 1_700_000_000.5 + 60.0;
    let token = genuine(&claims_with("exp", json!(exp)));
    let claims = check(&token).expect("genuine");
    assert_eq!(claims.expires_at, UNIX_EPOCH + Duration::from_secs_f64(exp));
}

// --- time --------------------------------------------------------------------

const SKEW: Duration = Duration::from_secs(300);

#[test]
fn an_expired_token_is_refused() {
    let exp = now() - Duration::from_secs(3600);
    let token = genuine(&claims_with("exp", json!(secs(exp))));
    assert_eq!(refused(&token), AuthErrorKind::Expired);
}

#[test]
fn expiry_allows_the_clock_skew_and_not_a_second_more() {
    assert_eq!(validator().clock_skew(), SKEW); // the default: five minutes
    let exp = now();
    let mut claims = claims_with("exp", json!(secs(exp)));
    claims.as_object_mut().expect("object").remove("nbf");
    let token = genuine(&claims);
    let v = validator();
    // Valid while now < exp + skew.
    assert!(
        v.validate(
            BearerToken::new(&token),
            exp + SKEW - Duration::from_secs(1)
        )
        .is_ok()
    );
    assert!(
        v.validate(
            BearerToken::new(&token),
            exp + SKEW - Duration::from_millis(1)
        )
        .is_ok()
    );
    let err = v
        .validate(BearerToken::new(&token), exp + SKEW)
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::Expired);

    // With no skew, the token expires at exp itself (RFC 7519 §4.1.4).
    let strict = validator().with_clock_skew(Duration::ZERO);
    assert!(
        strict
            .validate(BearerToken::new(&token), exp - Duration::from_millis(1))
            .is_ok()
    );
    let err = strict.validate(BearerToken::new(&token), exp).unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::Expired);
}

#[test]
fn a_token_not_yet_valid_is_refused() {
    let nbf = now() + Duration::from_secs(3600);
    let token = genuine(&claims_with("nbf", json!(secs(nbf))));
    assert_eq!(refused(&token), AuthErrorKind::NotYetValid);
}

#[test]
fn not_before_allows_the_clock_skew_and_not_a_second_more() {
    let nbf = now();
    let token = genuine(&claims_with("nbf", json!(secs(nbf))));
    let v = validator();
    // Valid once now + skew >= nbf.
    assert!(v.validate(BearerToken::new(&token), nbf - SKEW).is_ok());
    let err = v
        .validate(
            BearerToken::new(&token),
            nbf - SKEW - Duration::from_secs(1),
        )
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::NotYetValid);

    // A configured skew replaces the default.
    let wide = validator().with_clock_skew(Duration::from_secs(600));
    assert!(
        wide.validate(BearerToken::new(&token), nbf - Duration::from_secs(600))
            .is_ok()
    );
    let err = wide
        .validate(BearerToken::new(&token), nbf - Duration::from_secs(601))
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::NotYetValid);
}

#[test]
fn a_token_without_nbf_is_accepted() {
    assert!(check(&genuine(&claims_with("nbf", Value::Null))).is_ok());
}

#[test]
fn the_time_comes_from_the_caller() {
    // The same token, two given times: only the time decides.
    let token = genuine(&claims());
    let v = validator();
    assert!(v.validate(BearerToken::new(&token), now()).is_ok());
    let err = v
        .validate(
            BearerToken::new(&token),
            now() + Duration::from_secs(10 * 3600),
        )
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::Expired);
}

fn secs(t: std::time::SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .expect("after the epoch")
        .as_secs()
}

// --- tenant ------------------------------------------------------------------

#[test]
fn a_token_without_a_tenant_is_refused() {
    let token = genuine(&claims_with("tid", Value::Null));
    assert_eq!(refused(&token), AuthErrorKind::MissingTenant);
    let empty = genuine(&claims_with("tid", json!("")));
    assert_eq!(refused(&empty), AuthErrorKind::MissingTenant);
}

#[test]
fn two_different_tenants_are_refused() {
    let mut c = claims();
    c[TENANT_ID_CLAIM_URI] = json!("11111111-1111-4111-8111-111111111111");
    assert_eq!(refused(&genuine(&c)), AuthErrorKind::ConflictingTenant);
}

#[test]
fn the_tenant_allow_list() {
    let token = genuine(&claims());
    let allowed = validator().with_allowed_tenants([testing::TENANT_ID.to_ascii_uppercase()]);
    assert!(allowed.validate(BearerToken::new(&token), now()).is_ok());

    let other = validator().with_allowed_tenants(["11111111-1111-4111-8111-111111111111"]);
    let err = other.validate(BearerToken::new(&token), now()).unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::TenantNotAllowed);
    assert_eq!(err.status(), http::StatusCode::FORBIDDEN);
    assert_no_leak(&err, &token);

    let none: [&str; 0] = [];
    let err = validator()
        .with_allowed_tenants(none)
        .validate(BearerToken::new(&token), now())
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::TenantNotAllowed);
}

// --- header: algorithms and keys --------------------------------------------

#[test]
fn alg_none_is_refused() {
    let payload = b64(claims().to_string().as_bytes());
    for alg in ["none", "None", "NONE"] {
        let header = b64(format!(
            r#"{{"alg":"{alg}","typ":"JWT","kid":"{}"}}"#,
            testing::KEY_ID
        )
        .as_bytes());
        assert_eq!(
            refused(&format!("{header}.{payload}.")),
            AuthErrorKind::UnsignedToken,
            "{alg}"
        );
        // A signature part does not make it signed.
        let signature = genuine(&claims())
            .rsplit_once('.')
            .expect("parts")
            .1
            .to_owned();
        assert_eq!(
            refused(&format!("{header}.{payload}.{signature}")),
            AuthErrorKind::UnsignedToken
        );
    }
}

#[test]
fn algorithm_confusion_is_refused() {
    // The classic attack: HS256 with the service's *public* key as the secret.
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(testing::KEY_ID.to_owned());
    let forged = signed(
        &header,
        &claims(),
        &EncodingKey::from_secret(SERVICE_PUBLIC_PEM.as_bytes()),
    );

    // The forgery is real: a verifier that lets the token pick the algorithm
    // and feeds it the public key it has would accept it.
    let mut naive = Validation::new(Algorithm::HS256);
    naive.set_audience(&[testing::APP_ID]);
    naive.validate_exp = false;
    let naive_key = DecodingKey::from_secret(SERVICE_PUBLIC_PEM.as_bytes());
    assert!(jsonwebtoken::decode::<Value>(&forged, &naive_key, &naive).is_ok());

    assert_eq!(refused(&forged), AuthErrorKind::SymmetricAlgorithm);

    // Every HMAC variant, whatever the secret.
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let mut header = Header::new(alg);
        header.kid = Some(testing::KEY_ID.to_owned());
        let token = signed(&header, &claims(), &EncodingKey::from_secret(b"any secret"));
        assert_eq!(
            refused(&token),
            AuthErrorKind::SymmetricAlgorithm,
            "{alg:?}"
        );
    }
}

#[test]
fn other_algorithms_are_refused() {
    // Signed with the service's own key, but not with RS256.
    let key = EncodingKey::from_rsa_pem(testing::PRIVATE_KEY_PEM.as_bytes()).expect("key");
    for alg in [Algorithm::RS384, Algorithm::RS512, Algorithm::PS256] {
        let mut header = Header::new(alg);
        header.kid = Some(testing::KEY_ID.to_owned());
        assert_eq!(
            refused(&signed(&header, &claims(), &key)),
            AuthErrorKind::UnsupportedAlgorithm
        );
    }
    for alg in ["ES256", "EdDSA", "rs256", "RS256 "] {
        let header = format!(r#"{{"alg":"{alg}","kid":"{}"}}"#, testing::KEY_ID);
        let token = signed_raw(
            &header,
            claims().to_string().as_bytes(),
            testing::PRIVATE_KEY_PEM,
        );
        assert_eq!(
            refused(&token),
            AuthErrorKind::UnsupportedAlgorithm,
            "{alg}"
        );
    }
}

#[test]
fn critical_header_extensions_are_refused() {
    let header = format!(
        r#"{{"alg":"RS256","kid":"{}","crit":["exp"],"exp":1}}"#,
        testing::KEY_ID
    );
    let token = signed_raw(
        &header,
        claims().to_string().as_bytes(),
        testing::PRIVATE_KEY_PEM,
    );
    assert_eq!(refused(&token), AuthErrorKind::UnsupportedCriticalHeader);
}

#[test]
fn a_missing_kid_is_refused() {
    let token = signed(
        &rs256_header(None),
        &claims(),
        &EncodingKey::from_rsa_pem(testing::PRIVATE_KEY_PEM.as_bytes()).expect("key"),
    );
    assert_eq!(refused(&token), AuthErrorKind::MissingKeyId);
    let empty = signed_raw(
        r#"{"alg":"RS256","kid":""}"#,
        claims().to_string().as_bytes(),
        testing::PRIVATE_KEY_PEM,
    );
    assert_eq!(refused(&empty), AuthErrorKind::MissingKeyId);
    let null = signed_raw(
        r#"{"alg":"RS256","kid":null}"#,
        claims().to_string().as_bytes(),
        testing::PRIVATE_KEY_PEM,
    );
    assert_eq!(refused(&null), AuthErrorKind::MissingKeyId);
}

#[test]
fn an_unknown_kid_is_refused_and_asks_for_new_keys() {
    // The service rotated to a key the validator has not fetched yet.
    let rotated = signed(
        &rs256_header(Some("rotated-key")),
        &claims(),
        &attacker_key(),
    );
    let err = check(&rotated).unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::UnknownKeyId);
    assert!(err.should_refresh_keys());
    assert!(err.to_string().contains("fetch the keys again"), "{err}");
    assert_eq!(err.status(), http::StatusCode::UNAUTHORIZED);

    // After the refresh, the same token is accepted.
    let v = validator();
    let mut keys = testing::key_set();
    keys.insert_jwk(&attacker_jwk("rotated-key"));
    v.set_keys(keys);
    assert!(v.validate(BearerToken::new(&rotated), now()).is_ok());

    // No other refusal asks for a refresh.
    let forged = signed(
        &rs256_header(Some(testing::KEY_ID)),
        &claims(),
        &attacker_key(),
    );
    assert!(!check(&forged).unwrap_err().should_refresh_keys());
}

#[test]
fn an_empty_key_set_knows_no_kid() {
    let v = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        KeySet::new(),
    );
    let err = v
        .validate(BearerToken::new(&genuine(&claims())), now())
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::UnknownKeyId);
}

#[test]
fn a_kid_naming_an_unusable_key_is_refused() {
    // The key set has the kid, but as a symmetric key (which must never be
    // used to verify, or HMAC forgeries would pass).
    let jwks = format!(
        r#"{{"keys":[{{"kty":"oct","kid":"{}","k":"c2VjcmV0"}}]}}"#,
        testing::KEY_ID
    );
    let keys = KeySet::from_jwks_json(jwks.as_bytes()).expect("jwks");
    let v = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        keys,
    );
    let err = v
        .validate(BearerToken::new(&genuine(&claims())), now())
        .unwrap_err();
    assert_eq!(err.kind(), AuthErrorKind::UnusableKey);
    assert!(!err.should_refresh_keys());
}

// --- structure -------------------------------------------------------------

#[test]
fn a_malformed_header_is_refused() {
    let payload = b64(claims().to_string().as_bytes());
    for header in [
        b64(b"not json"),
        b64(b"[\"RS256\"]"),
        b64(br#"{"kid":"TEST-ONLY-NOT-A-SECRET"}"#), // no alg
        b64(br#"{"alg":256,"kid":"TEST-ONLY-NOT-A-SECRET"}"#), // alg not a string
        b64(br#"{"alg":"RS256","kid":7}"#),          // kid not a string
        b64(&[0xff, 0xfe, 0x7b, 0x7d]),              // not UTF-8
        "A".to_owned(),                              // not base64 (1 char)
    ] {
        let token = format!("{header}.{payload}.c2lnbmF0dXJl");
        assert_eq!(refused(&token), AuthErrorKind::MalformedHeader, "{header}");
    }
}

#[test]
fn a_malformed_token_is_refused() {
    let genuine = genuine(&claims());
    let (h, rest) = genuine.split_once('.').expect("parts");
    for token in [
        String::new(),
        "not-a-jwt".to_owned(),
        format!("{h}.{rest}.extra"),
        h.to_owned() + "." + rest.split_once('.').expect("parts").0,
        format!(".{rest}"),
        format!("{h}=.{rest}"),  // padding is not base64url in a JWS
        format!("{h}+/.{rest}"), // base64, not base64url
        genuine.replacen('.', "..", 1),
    ] {
        assert_eq!(refused(&token), AuthErrorKind::MalformedToken, "{token}");
    }
}

// --- the Authorization header ---------------------------------------------------

fn headers(values: &[&[u8]]) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for value in values {
        map.append(
            http::header::AUTHORIZATION,
            http::HeaderValue::from_bytes(value).expect("header value"),
        );
    }
    map
}

fn refused_headers(map: &http::HeaderMap) -> AuthErrorKind {
    let err = validator().validate_headers(map, now()).unwrap_err();
    assert_eq!(err.status(), http::StatusCode::UNAUTHORIZED);
    err.kind()
}

#[test]
fn the_authorization_header() {
    let token = genuine(&claims());
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let value = format!("{scheme} {token}");
        assert!(
            validator()
                .validate_headers(&headers(&[value.as_bytes()]), now())
                .is_ok()
        );
    }
    let spaced = format!("Bearer   {token}  ");
    assert!(
        validator()
            .validate_headers(&headers(&[spaced.as_bytes()]), now())
            .is_ok()
    );

    let request = http::Request::post("/api/calls")
        .header("authorization", format!("Bearer {token}"))
        .body(())
        .expect("request");
    assert!(validator().validate_request(&request, now()).is_ok());
}

#[test]
fn a_missing_authorization_header_is_refused() {
    assert_eq!(
        refused_headers(&http::HeaderMap::new()),
        AuthErrorKind::MissingAuthorization
    );
    // The docs' misspelled header name does not count.
    let mut map = http::HeaderMap::new();
    let value = format!("Bearer {}", genuine(&claims()));
    map.insert("authentication", value.parse().expect("value"));
    assert_eq!(refused_headers(&map), AuthErrorKind::MissingAuthorization);
}

#[test]
fn another_scheme_is_refused() {
    let token = genuine(&claims());
    for value in [
        "Basic dXNlcjpwYXNzd29yZA==".to_owned(),
        token.clone(), // no scheme at all
        format!("Bearer{token}"),
        format!("MAC {token}"),
    ] {
        assert_eq!(
            refused_headers(&headers(&[value.as_bytes()])),
            AuthErrorKind::NotBearer,
            "{value}"
        );
    }
}

#[test]
fn an_ill_formed_authorization_header_is_refused() {
    let token = genuine(&claims());
    let two = format!("Bearer {token}");
    for map in [
        headers(&[b"Bearer"]),
        headers(&[b"Bearer "]),
        headers(&[b"Bearer a b"]),
        headers(&[b"Bearer a,b"]),
        headers(&[b"Bearer \"quoted\""]),
        headers(&[b"Bearer \xe2\x82\xac"]), // not visible ASCII
        headers(&[two.as_bytes(), two.as_bytes()]), // two Authorization headers
    ] {
        assert_eq!(
            refused_headers(&map),
            AuthErrorKind::MalformedAuthorization,
            "{map:?}"
        );
    }
}

#[test]
fn the_bearer_token_debug_is_redacted() {
    let token = genuine(&claims());
    let value = format!("Bearer {token}");
    let bearer = BearerToken::from_authorization(&value).expect("bearer");
    assert_eq!(format!("{bearer:?}"), "BearerToken(<redacted>)");
    assert_eq!(
        format!("{:?}", Some(bearer)),
        "Some(BearerToken(<redacted>))"
    );
    assert_eq!(bearer.expose(), token);
}

// --- every refusal its own kind ------------------------------------------------

#[test]
fn each_refusal_the_issue_lists_has_its_own_kind() {
    let key = EncodingKey::from_rsa_pem(testing::PRIVATE_KEY_PEM.as_bytes()).expect("key");
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some(testing::KEY_ID.to_owned());
    let payload = b64(claims().to_string().as_bytes());
    let none = b64(br#"{"alg":"none"}"#);
    let cases = [
        (
            "wrong signature",
            signed(
                &rs256_header(Some(testing::KEY_ID)),
                &claims(),
                &attacker_key(),
            ),
        ),
        (
            "wrong audience",
            genuine(&claims_with("aud", json!("someone-else"))),
        ),
        (
            "wrong issuer",
            genuine(&claims_with("iss", json!("https://evil.example"))),
        ),
        ("expired", genuine(&claims_with("exp", json!(1_000)))),
        (
            "not yet valid",
            genuine(&claims_with("nbf", json!(2_000_000_000))),
        ),
        (
            "unknown kid",
            signed(&rs256_header(Some("unknown")), &claims(), &key),
        ),
        ("missing kid", signed(&rs256_header(None), &claims(), &key)),
        ("alg none", format!("{none}.{payload}.")),
        (
            "algorithm confusion",
            signed(
                &hs,
                &claims(),
                &EncodingKey::from_secret(SERVICE_PUBLIC_PEM.as_bytes()),
            ),
        ),
        ("malformed header", format!("{}.{payload}.c2ln", b64(b"{"))),
    ];
    let kinds: Vec<AuthErrorKind> = cases.iter().map(|(_, token)| refused(token)).collect();
    let distinct: HashSet<_> = kinds.iter().collect();
    assert_eq!(distinct.len(), cases.len(), "{kinds:?}");

    let header_kinds = [
        refused_headers(&http::HeaderMap::new()),
        refused_headers(&headers(&[b"Bearer a b"])),
        refused_headers(&headers(&[b"Basic abc"])),
    ];
    let all: HashSet<_> = kinds.iter().chain(&header_kinds).collect();
    assert_eq!(all.len(), cases.len() + header_kinds.len());
}
