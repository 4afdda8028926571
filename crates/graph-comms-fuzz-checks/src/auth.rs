//! The auth parsers: a callback's `Authorization` header and token (JOSE
//! header and claims), the JWK set, the OpenID configuration, and the token
//! endpoint's answer to an app's token request.
//!
//! Besides "no panic", every check asserts that no error's `Display` or
//! `Debug` repeats the input: no run of [`ECHO_WINDOW`] characters of the
//! token, of its decoded header or claims, or of a fetched document or token
//! response appears in the error text.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use graph_comms_auth::{
    AppTokenErrorKind, AuthError, CallbackValidator, KeySet, MetadataError, OpenIdConfiguration,
    TokenResponse, testing,
};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The length of the shortest run of input characters that an error text
/// must not contain. Shorter runs occur by chance in the fixed messages
/// (`the token`, `claim`); a token, a claim value or a key id worth hiding
/// is longer.
pub const ECHO_WINDOW: usize = 16;

/// The issuers the validators of these checks allow (the Bot Framework's and
/// Graph's).
const ISSUERS: [&str; 2] = [
    "https://api.botframework.com",
    "https://graph.microsoft.com",
];

/// The fixed time of every check, so that a corpus input gives the same
/// result on every run: 2023-11-14T22:13:20Z.
pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// A validator for the TEST-ONLY app, trusting `keys`; when `tenants` is set,
/// only the test tenant is allowed.
fn validator(keys: KeySet, tenants: bool) -> CallbackValidator {
    let validator = CallbackValidator::new(testing::APP_ID, ISSUERS, keys);
    if tenants {
        validator.with_allowed_tenants([testing::TENANT_ID])
    } else {
        validator
    }
}

/// Signs `header.claims` (both given as raw JSON bytes, any bytes at all)
/// with the TEST-ONLY key, RS256: the compact token a service holding the key
/// would send.
pub fn sign_raw(header: &[u8], claims: &[u8]) -> String {
    static KEY: OnceLock<jsonwebtoken::EncodingKey> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        jsonwebtoken::EncodingKey::from_rsa_pem(testing::PRIVATE_KEY_PEM.as_bytes())
            .expect("the TEST-ONLY key is a valid RSA PEM")
    });
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), key, jsonwebtoken::Algorithm::RS256)
            .expect("RS256 signing with the TEST-ONLY key succeeds");
    format!("{message}.{signature}")
}

/// Panics when `text` contains a run of [`ECHO_WINDOW`] characters of any of
/// `inputs`. The kind's `Debug` name (`UnsupportedCriticalHeader`, …) is
/// taken out of `text` first: it is fixed text, not input.
fn assert_no_echo(what: &str, text: &str, kind: &str, inputs: &[&str]) {
    let text = text.replace(kind, "");
    for input in inputs {
        let chars: Vec<(usize, char)> = input.char_indices().collect();
        for (i, &(start, _)) in chars.iter().enumerate() {
            let Some(&(end, last)) = chars.get(i + ECHO_WINDOW - 1) else {
                break;
            };
            let window = &input[start..end + last.len_utf8()];
            assert!(!text.contains(window), "{what} repeats the input");
        }
    }
}

/// Checks an [`AuthError`]: its text repeats none of `inputs`, and it answers
/// 401 or 403.
fn check_auth_error(err: &AuthError, inputs: &[&str]) {
    let kind = format!("{:?}", err.kind());
    assert_no_echo("an AuthError's Display", &err.to_string(), &kind, inputs);
    assert_no_echo("an AuthError's Debug", &format!("{err:?}"), &kind, inputs);
    let status = err.status().as_u16();
    assert!(
        status == 401 || status == 403,
        "a refusal that is not 401 or 403"
    );
}

/// Checks a [`MetadataError`]: its text repeats none of `input`.
fn check_metadata_error(err: &MetadataError, input: &str) {
    let kind = format!("{:?}", err.kind());
    assert_no_echo(
        "a MetadataError's Display",
        &err.to_string(),
        &kind,
        &[input],
    );
    assert_no_echo(
        "a MetadataError's Debug",
        &format!("{err:?}"),
        &kind,
        &[input],
    );
}

/// The callback token. The first byte chooses:
///
/// - bit 0 clear: the rest is the value of the `Authorization` header, read
///   and checked as the validator reads a request's headers;
/// - bit 0 set: the rest is a JOSE header and claims as raw JSON, separated
///   by the first NUL, which are signed with the TEST-ONLY key, so that the
///   header and claims checks behind the signature are reached.
///
/// Bit 1 adds a tenant allow-list. Nothing panics; an error repeats no input
/// and answers 401 or 403; an accepted token is for the app, from an allowed
/// issuer and (with the allow-list) the allowed tenant; a `BearerToken`'s
/// `Debug` never shows the token.
pub fn token(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let validator = validator(testing::key_set(), selector & 2 != 0);
    let (result, token, header, claims);
    if selector & 1 == 0 {
        let Ok(value) = graph_comms_auth::http::HeaderValue::from_bytes(rest) else {
            return;
        };
        let mut headers = graph_comms_auth::http::HeaderMap::new();
        headers.insert(graph_comms_auth::http::header::AUTHORIZATION, value);
        result = validator.validate_headers(&headers, now());
        token = String::from_utf8_lossy(rest).into_owned();
        header = String::new();
        claims = String::new();
    } else {
        let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        let (raw_header, raw_claims) = (&rest[..split], rest.get(split + 1..).unwrap_or(&[]));
        token = sign_raw(raw_header, raw_claims);
        let bearer = graph_comms_auth::BearerToken::new(&token);
        assert!(
            !format!("{bearer:?}").contains(&token),
            "a BearerToken's Debug shows the token"
        );
        result = validator.validate(bearer, now());
        header = String::from_utf8_lossy(raw_header).into_owned();
        claims = String::from_utf8_lossy(raw_claims).into_owned();
    }
    match result {
        Err(err) => check_auth_error(&err, &[&token, &header, &claims]),
        Ok(accepted) => {
            assert!(
                accepted.app_id == testing::APP_ID,
                "accepted for another app"
            );
            assert!(
                ISSUERS.contains(&accepted.issuer.as_str()),
                "accepted from an issuer that is not allowed"
            );
            assert!(!accepted.tenant_id.is_empty(), "accepted without a tenant");
            if selector & 2 != 0 {
                assert!(
                    accepted.tenant_id.eq_ignore_ascii_case(testing::TENANT_ID),
                    "accepted for a tenant that is not allowed"
                );
            }
            assert!(
                accepted
                    .expires_at
                    .checked_add(validator.clock_skew())
                    .is_none_or(|limit| limit > now()),
                "accepted an expired token"
            );
        }
    }
}

/// A token signed with the TEST-ONLY key for the test app and tenant, valid
/// at [`now`]: what a fuzzed key set is asked to verify.
fn good_token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN
        .get_or_init(|| testing::sign(&testing::claims(testing::APP_ID, testing::TENANT_ID, now())))
}

/// The JWK set document (`KeySet::from_jwks_json`). Nothing panics; an error
/// repeats no input; the usable keys are counted and found by their `kid`;
/// a validator trusting the set checks a genuine token without panicking,
/// accepts it only if the set has a usable key with its `kid`, and refuses it
/// without repeating the document.
pub fn jwks(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let keys = match KeySet::from_jwks_json(data) {
        Ok(keys) => keys,
        Err(err) => {
            check_metadata_error(&err, &input);
            return;
        }
    };
    let ids: Vec<&str> = keys.key_ids().collect();
    assert!(
        ids.len() == keys.len(),
        "len() is not the number of usable keys"
    );
    assert!(
        ids.iter().all(|id| keys.contains(id)),
        "a usable key is not found by its kid"
    );
    let trusted = keys.contains(testing::KEY_ID);
    let validator = validator(keys, false);
    match validator.validate(graph_comms_auth::BearerToken::new(good_token()), now()) {
        Ok(_) => assert!(trusted, "a token verified with a key the set does not have"),
        Err(err) => check_auth_error(&err, &[&input, good_token()]),
    }
}

/// The OpenID configuration document (`OpenIdConfiguration::from_slice`).
/// Nothing panics; an error repeats no input; what reads has its `jwks_uri`
/// from the document.
pub fn openid_configuration(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    match OpenIdConfiguration::from_slice(data) {
        Ok(config) => {
            // `Value` refuses some numbers the reader skips (`1e400`).
            if let Ok(document) = serde_json::from_slice::<serde_json::Value>(data) {
                assert!(
                    document.get("jwks_uri").and_then(serde_json::Value::as_str)
                        == Some(config.jwks_uri.as_str()),
                    "jwks_uri is not the document's"
                );
            }
        }
        Err(err) => {
            check_metadata_error(&err, &input);
        }
    }
}

/// The token endpoint's answer (`TokenResponse::from_json`). Nothing panics;
/// an error repeats no input, in its `Display` or its `Debug`, and only a
/// refusal carries the endpoint's OAuth `error` (and its description and
/// codes); a token that reads is the document's `access_token` and
/// `token_type` is `Bearer`, is redacted in every `Debug`, makes a sensitive
/// `Authorization: Bearer <token>` header, and expires `expires_in` after the
/// time it was asked at.
pub fn token_response(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let response = match TokenResponse::from_json(data) {
        Ok(response) => response,
        Err(err) => {
            let kind = format!("{:?}", err.kind());
            assert_no_echo(
                "an AppTokenError's Display",
                &err.to_string(),
                &kind,
                &[&input],
            );
            assert_no_echo(
                "an AppTokenError's Debug",
                &format!("{err:?}"),
                &kind,
                &[&input],
            );
            let refused = err.kind() == AppTokenErrorKind::Refused;
            assert!(
                refused == err.oauth_error().is_some(),
                "an OAuth error code without a refusal, or a refusal without one"
            );
            if !refused {
                assert!(
                    err.error_description().is_none() && err.error_codes().is_empty(),
                    "a refusal's description or codes on another kind of error"
                );
            }
            return;
        }
    };
    let access_token = response.access_token.clone();
    let token = access_token.expose();
    assert!(!token.is_empty(), "an empty access token was read");
    // `Value` refuses some numbers the reader skips (`1e400`).
    if let Ok(document) = serde_json::from_slice::<serde_json::Value>(data) {
        assert!(
            document
                .get("access_token")
                .and_then(serde_json::Value::as_str)
                == Some(token),
            "the access token is not the document's"
        );
        assert!(
            document
                .get("token_type")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("bearer")),
            "a token read from an answer whose token_type is not Bearer"
        );
    }
    assert_no_echo(
        "a TokenResponse's Debug",
        &format!("{response:?}"),
        "TokenResponse",
        &[token],
    );
    let header = response.access_token.authorization();
    assert!(
        header.as_bytes() == format!("Bearer {token}").as_bytes(),
        "the Authorization header is not `Bearer <token>`"
    );
    assert!(
        header.is_sensitive(),
        "the Authorization header is not marked sensitive"
    );
    let expires_in = response.expires_in;
    let app_token = response.into_token(now());
    assert!(
        app_token.expires_at() == now() + expires_in,
        "the token does not expire expires_in after it was asked at"
    );
    assert_no_echo(
        "an AppToken's Debug",
        &format!("{app_token:?}"),
        "AppToken",
        &[token],
    );
}
