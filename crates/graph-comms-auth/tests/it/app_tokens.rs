//! Outbound: the token request per national cloud, byte for byte; the
//! client assertion; the token response; and no credential in any text.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use graph_comms_auth::{
    AppCredentials, AppTokenErrorKind, AssertionAlgorithm, ClientCertificate, ClientSecret,
    NationalCloud, TokenResponse, testing,
};
use jsonwebtoken::{self, Algorithm, DecodingKey, Validation};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const TENANT: &str = "00000000-0000-4000-8000-0000000071d0";
const CLIENT: &str = testing::APP_ID;
const SECRET: &str = "s3cr3t~with+and/and=";
/// The certificate's thumbprints, computed by openssl rather than this crate
/// (`openssl x509 -outform DER | openssl dgst -sha1 -binary`, and
/// `-sha256`), then base64url.
const X5T: &str = "y9PUTYieccvD_0gCSeXsXvrrY1Q";
const X5T_S256: &str = "pNIzF4vHca89tfGknoH8r09q5b3xv18g5E4Bxuhk948";

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// Each cloud with its token host and scope, written out here rather than
/// read from `NationalCloud`, so that the test is the documentation's table.
const CLOUDS: [(NationalCloud, &str, &str); 4] = [
    (
        NationalCloud::Global,
        "https://login.microsoftonline.com",
        "https%3A%2F%2Fgraph.microsoft.com%2F.default",
    ),
    (
        NationalCloud::UsGovL4,
        "https://login.microsoftonline.us",
        "https%3A%2F%2Fgraph.microsoft.us%2F.default",
    ),
    (
        NationalCloud::UsGovL5Dod,
        "https://login.microsoftonline.us",
        "https%3A%2F%2Fdod-graph.microsoft.us%2F.default",
    ),
    (
        NationalCloud::China21Vianet,
        "https://login.chinacloudapi.cn",
        "https%3A%2F%2Fmicrosoftgraph.chinacloudapi.cn%2F.default",
    ),
];

fn certificate(algorithm: AssertionAlgorithm) -> ClientCertificate {
    ClientCertificate::from_pem(
        testing::APP_PRIVATE_KEY_PEM.as_bytes(),
        testing::APP_CERTIFICATE_PEM.as_bytes(),
    )
    .expect("test certificate")
    .with_algorithm(algorithm)
}

fn headers(request: &http::Request<graph_comms_auth::TokenRequestBody>) -> Vec<(String, String)> {
    request
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn a_secret_request_per_cloud_byte_for_byte() {
    for (cloud, host, scope) in CLOUDS {
        let app =
            AppCredentials::with_secret(cloud, TENANT, CLIENT, ClientSecret::new(SECRET)).unwrap();
        let request = app.token_request(now()).unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri().to_string(),
            format!("{host}/{TENANT}/oauth2/v2.0/token"),
            "{cloud:?}"
        );
        assert_eq!(
            headers(&request),
            [
                (
                    "content-type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned()
                ),
                ("accept".to_owned(), "application/json".to_owned()),
            ]
        );
        let body = String::from_utf8(request.into_body().into_bytes()).unwrap();
        assert_eq!(
            body,
            format!(
                "client_id={CLIENT}&scope={scope}&client_secret=s3cr3t%7Ewith%2Band%2Fand%3D\
                 &grant_type=client_credentials"
            ),
            "{cloud:?}"
        );
    }
}

/// The form's fields, decoded, in order.
fn form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn decode_part(part: &str) -> String {
    String::from_utf8(URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

#[test]
fn a_certificate_request_per_cloud_byte_for_byte() {
    for (cloud, host, scope) in CLOUDS {
        let app = AppCredentials::with_certificate(
            cloud,
            TENANT,
            CLIENT,
            certificate(AssertionAlgorithm::Rs256),
        )
        .unwrap();
        let endpoint = format!("{host}/{TENANT}/oauth2/v2.0/token");
        let request = app
            .token_request_with_assertion_id(now(), "8d0f8d8c-1111-4222-8333-944444444444")
            .unwrap();
        assert_eq!(request.uri().to_string(), endpoint, "{cloud:?}");
        let body = String::from_utf8(request.into_body().into_bytes()).unwrap();
        let prefix = format!(
            "client_id={CLIENT}&scope={scope}\
             &client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
             &client_assertion="
        );
        assert!(body.starts_with(&prefix), "{cloud:?}: {body}");
        assert!(
            body.ends_with("&grant_type=client_credentials"),
            "{cloud:?}"
        );
        let assertion = &body[prefix.len()..body.len() - "&grant_type=client_credentials".len()];
        // A JWS is base64url and dots: nothing in it needs form encoding.
        let parts: Vec<&str> = assertion.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            decode_part(parts[0]),
            format!(r#"{{"typ":"JWT","alg":"RS256","x5t":"{X5T}"}}"#)
        );
        assert_eq!(
            decode_part(parts[1]),
            format!(
                r#"{{"aud":"{endpoint}","exp":1700000600,"iat":1700000000,"iss":"{CLIENT}","jti":"8d0f8d8c-1111-4222-8333-944444444444","nbf":1700000000,"sub":"{CLIENT}"}}"#
            )
        );
        // The signature is the app key's, and RS256 is deterministic.
        let again = app
            .token_request_with_assertion_id(now(), "8d0f8d8c-1111-4222-8333-944444444444")
            .unwrap();
        assert_eq!(again.into_body().into_bytes(), body.as_bytes());
        assert_verifies(assertion, Algorithm::RS256, &endpoint);
    }
}

/// Verifies an assertion with the public half of the app's key.
fn assert_verifies(assertion: &str, alg: Algorithm, audience: &str) {
    let encoding =
        jsonwebtoken::EncodingKey::from_rsa_pem(testing::APP_PRIVATE_KEY_PEM.as_bytes()).unwrap();
    let jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&encoding, alg).unwrap();
    let key = DecodingKey::from_jwk(&jwk).unwrap();
    let mut validation = Validation::new(alg);
    validation.set_audience(&[audience]);
    validation.set_issuer(&[CLIENT]);
    validation.validate_exp = false; // the fixed time of the test is past
    jsonwebtoken::decode::<serde_json::Value>(assertion, &key, &validation)
        .expect("the assertion verifies with the app's public key");
}

#[test]
fn a_ps256_assertion_carries_the_sha256_thumbprint() {
    let app = AppCredentials::with_certificate(
        NationalCloud::Global,
        TENANT,
        CLIENT,
        certificate(AssertionAlgorithm::Ps256),
    )
    .unwrap();
    let request = app.token_request(now()).unwrap();
    let fields = form(request.body().expose());
    let assertion = &fields
        .iter()
        .find(|(k, _)| k == "client_assertion")
        .unwrap()
        .1;
    let header = assertion.split('.').next().unwrap();
    assert_eq!(
        decode_part(header),
        format!(r#"{{"typ":"JWT","alg":"PS256","x5t#S256":"{X5T_S256}"}}"#)
    );
    assert_verifies(assertion, Algorithm::PS256, app.token_endpoint());
    // A random jti per request.
    let other = app.token_request(now()).unwrap();
    assert_ne!(other.body(), request.body());
}

#[test]
fn a_der_certificate_gives_the_same_thumbprints() {
    let pem = testing::APP_CERTIFICATE_PEM
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>();
    let der = base64::engine::general_purpose::STANDARD
        .decode(pem)
        .unwrap();
    let cert = ClientCertificate::from_pem(testing::APP_PRIVATE_KEY_PEM.as_bytes(), &der).unwrap();
    assert_eq!(cert.x5t(), X5T);
    assert_eq!(cert.x5t_s256(), X5T_S256);
}

#[test]
fn bad_credentials_are_refused_clearly() {
    let secret = || ClientSecret::new(SECRET);
    for tenant in ["", "contoso/../x", "a b", "tenant?x=1", "tënant"] {
        let err = AppCredentials::with_secret(NationalCloud::Global, tenant, CLIENT, secret())
            .unwrap_err();
        assert_eq!(err.kind(), AppTokenErrorKind::InvalidTenant, "{tenant:?}");
    }
    assert!(
        AppCredentials::with_secret(
            NationalCloud::Global,
            "contoso.onmicrosoft.com",
            CLIENT,
            secret()
        )
        .is_ok()
    );
    for client in ["", "a\nb"] {
        let err = AppCredentials::with_secret(NationalCloud::Global, TENANT, client, secret())
            .unwrap_err();
        assert_eq!(err.kind(), AppTokenErrorKind::InvalidClientId);
    }
    let err = ClientCertificate::from_pem(b"not a key", testing::APP_CERTIFICATE_PEM.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), AppTokenErrorKind::InvalidCertificate);
    let err =
        ClientCertificate::from_pem(testing::APP_PRIVATE_KEY_PEM.as_bytes(), b"").unwrap_err();
    assert_eq!(err.kind(), AppTokenErrorKind::InvalidCertificate);
    let err = ClientCertificate::from_pem(
        testing::APP_PRIVATE_KEY_PEM.as_bytes(),
        testing::APP_PRIVATE_KEY_PEM.as_bytes(), // PEM, but no CERTIFICATE
    )
    .unwrap_err();
    assert_eq!(err.kind(), AppTokenErrorKind::InvalidCertificate);
    assert!(!err.to_string().contains("MII"), "{err}");
}

#[test]
fn no_credential_in_any_debug() {
    let secret_app = AppCredentials::with_secret(
        NationalCloud::Global,
        TENANT,
        CLIENT,
        ClientSecret::new(SECRET),
    )
    .unwrap();
    let cert_app = AppCredentials::with_certificate(
        NationalCloud::Global,
        TENANT,
        CLIENT,
        certificate(AssertionAlgorithm::Rs256),
    )
    .unwrap();
    let request = cert_app.token_request(now()).unwrap();
    let assertion = form(request.body().expose())
        .into_iter()
        .find(|(k, _)| k == "client_assertion")
        .unwrap()
        .1;
    let texts = [
        format!("{secret_app:?}"),
        format!("{cert_app:?}"),
        format!("{:?}", secret_app.token_request(now()).unwrap()),
        format!("{request:?}"),
    ];
    let key_line = testing::APP_PRIVATE_KEY_PEM.lines().nth(1).unwrap();
    for text in texts {
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(!text.contains(&assertion[..40]), "{text}");
        assert!(!text.contains(&assertion[assertion.len() - 20..]), "{text}");
        assert!(!text.contains(key_line), "{text}");
        assert!(text.contains("redacted"), "{text}");
    }
}

#[test]
fn the_token_response_is_read_with_its_expiry() {
    let response = TokenResponse::from_json(
        br#"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"}"#,
    )
    .unwrap();
    assert_eq!(response.expires_in, Duration::from_secs(3599));
    assert_eq!(response.ext_expires_in, Some(Duration::from_secs(3599)));
    let token = response.clone().into_token(now());
    assert_eq!(token.expires_at(), now() + Duration::from_secs(3599));
    assert_eq!(
        token.access_token().expose(),
        "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"
    );
    let header = token.access_token().authorization();
    assert!(header.is_sensitive());
    assert_eq!(
        header.to_str().unwrap(),
        "Bearer eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"
    );
    for text in [format!("{response:?}"), format!("{token:?}")] {
        assert!(!text.contains("c2lnbmF0dXJl"), "{text}");
    }
    // The v1 endpoint's string lifetimes, and any case of "bearer".
    let v1 = TokenResponse::from_json(
        br#"{"token_type":"bearer","expires_in":"3600","access_token":"abc"}"#,
    )
    .unwrap();
    assert_eq!(v1.expires_in, Duration::from_secs(3600));
    assert_eq!(v1.ext_expires_in, None);
}

#[test]
fn a_bad_token_response_is_refused_without_quoting_it() {
    let cases: [(&[u8], AppTokenErrorKind); 10] = [
        (b"", AppTokenErrorKind::ResponseSyntax),
        (b"{\"access_token\": \"sekrit\"", AppTokenErrorKind::ResponseSyntax),
        (b"[]", AppTokenErrorKind::ResponseShape),
        (
            br#"{"token_type":"Bearer","expires_in":3599}"#,
            AppTokenErrorKind::ResponseShape,
        ),
        (
            br#"{"token_type":"Bearer","access_token":"sekrit"}"#,
            AppTokenErrorKind::ResponseShape,
        ),
        (
            br#"{"token_type":"Bearer","expires_in":-1,"access_token":"sekrit"}"#,
            AppTokenErrorKind::ResponseShape,
        ),
        (
            br#"{"token_type":"Bearer","expires_in":"soon","access_token":"sekrit"}"#,
            AppTokenErrorKind::ResponseShape,
        ),
        (
            br#"{"token_type":"Bearer","expires_in":3599,"access_token":"sek rit"}"#,
            AppTokenErrorKind::ResponseShape,
        ),
        (
            br#"{"token_type":"pop","expires_in":3599,"access_token":"sekrit"}"#,
            AppTokenErrorKind::NotBearer,
        ),
        (
            br#"{"error":"invalid_client","error_description":"AADSTS7000215: sekrit","error_codes":[7000215]}"#,
            AppTokenErrorKind::Refused,
        ),
    ];
    for (json, kind) in cases {
        let err = TokenResponse::from_json(json).unwrap_err();
        assert_eq!(err.kind(), kind, "{}", String::from_utf8_lossy(json));
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("sekrit"), "{text}");
            assert!(!text.contains("AADSTS"), "{text}");
        }
    }
    let refused = TokenResponse::from_json(cases[9].0).unwrap_err();
    assert_eq!(refused.oauth_error(), Some("invalid_client"));
    assert_eq!(refused.error_codes(), [7000215]);
    assert_eq!(refused.error_description(), Some("AADSTS7000215: sekrit"));
    // The text says what to do, and quotes nothing the endpoint sent, not
    // even the OAuth code (read it with oauth_error()).
    assert!(
        refused
            .to_string()
            .contains("check the client id and the secret or certificate"),
        "{refused}"
    );
    for text in [refused.to_string(), format!("{refused:?}")] {
        assert!(!text.contains("invalid_client"), "{text}");
        assert!(!text.contains("7000215"), "{text}");
    }
}
