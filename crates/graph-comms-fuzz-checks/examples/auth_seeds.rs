//! Writes the seed inputs of the auth fuzz targets (`auth_token`,
//! `auth_jwks`, `auth_openid`, `auth_token_response`) into `fuzz/corpus/<target>/`, named by their
//! content's hash as cargo-fuzz names inputs. Run it when a check's input
//! format changes, then fuzz and minimise (see the README's fuzzing section):
//!
//! ```sh
//! cargo run -p graph-comms-fuzz-checks --features auth --example auth_seeds
//! ```

use graph_comms_auth::testing;
use graph_comms_fuzz_checks::{now, sign_raw};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let mut written = 0;
    for (target, inputs) in [
        ("auth_token", token_seeds()),
        ("auth_jwks", jwks_seeds()),
        ("auth_openid", openid_seeds()),
        ("auth_token_response", token_response_seeds()),
    ] {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir)?;
        for input in inputs {
            let mut hasher = DefaultHasher::new();
            input.hash(&mut hasher);
            std::fs::write(dir.join(format!("seed-{:016x}", hasher.finish())), &input)?;
            written += 1;
        }
    }
    println!("{written} seeds written under {}", root.display());
    Ok(())
}

/// A header and claims for the "signed" mode (first byte odd).
fn signed(selector: u8, header: &str, claims: &str) -> Vec<u8> {
    let mut input = vec![selector];
    input.extend_from_slice(header.as_bytes());
    input.push(0);
    input.extend_from_slice(claims.as_bytes());
    input
}

/// An `Authorization` header value (first byte even).
fn authorization(selector: u8, value: &str) -> Vec<u8> {
    let mut input = vec![selector];
    input.extend_from_slice(value.as_bytes());
    input
}

fn token_seeds() -> Vec<Vec<u8>> {
    let header = format!(
        r#"{{"alg":"RS256","typ":"JWT","kid":"{}"}}"#,
        testing::KEY_ID
    );
    let good = testing::claims(testing::APP_ID, testing::TENANT_ID, now());
    let with = |key: &str, value: serde_json::Value| {
        let mut claims = good.clone();
        claims[key] = value;
        claims.to_string()
    };
    let without = |key: &str| {
        let mut claims = good.clone();
        claims
            .as_object_mut()
            .expect("claims are an object")
            .remove(key);
        claims.to_string()
    };
    let token = testing::sign(&good);
    let mut seeds = vec![
        authorization(0, &format!("Bearer {token}")),
        authorization(2, &format!("bearer   {token}")),
        authorization(0, &format!("Bearer {}x", &token[..token.len() - 1])),
        authorization(0, "Basic dXNlcjpwYXNz"),
        authorization(0, "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0."),
        authorization(0, "Bearer eyJhbGciOiJIUzI1NiIsImtpZCI6IngifQ.e30.c2ln"),
        authorization(0, "Bearer a.b"),
        authorization(0, "Bearer"),
        authorization(
            0,
            &format!(
                "Bearer {}",
                sign_raw(br#"{"alg":"RS256","kid":"rotated"}"#, b"{}")
            ),
        ),
        signed(1, &header, &good.to_string()),
        signed(3, &header, &good.to_string()),
        signed(
            3,
            &header,
            &with("tid", "00000000-0000-4000-8000-0000000000ff".into()),
        ),
        signed(1, &header, &with("exp", 1_600_000_000.into())),
        signed(1, &header, &with("exp", serde_json::json!(1.7e9))),
        signed(1, &header, &with("exp", serde_json::json!(1e300))),
        signed(1, &header, &with("exp", (-1).into())),
        signed(1, &header, &with("nbf", 1_800_000_000.into())),
        signed(
            1,
            &header,
            &with("iss", "https://sts.windows.net/x/".into()),
        ),
        signed(1, &header, &with("iss", 7.into())),
        signed(
            1,
            &header,
            &with("aud", serde_json::json!(["other", testing::APP_ID])),
        ),
        signed(1, &header, &with("aud", serde_json::json!([1]))),
        signed(1, &header, &with("tid", serde_json::Value::Null)),
        signed(1, &header, &with("tid", 5.into())),
        signed(
            1,
            &header,
            &with(
                "http://schemas.microsoft.com/identity/claims/tenantid",
                "00000000-0000-4000-8000-0000000000ff".into(),
            ),
        ),
        signed(1, &header, &without("iss")),
        signed(1, &header, &without("aud")),
        signed(1, &header, &without("exp")),
        signed(1, &header, "[]"),
        signed(1, &header, "not json"),
        signed(1, &header, ""),
        signed(1, r#"{"alg":"RS256"}"#, &good.to_string()),
        signed(1, r#"{"alg":"RS256","kid":""}"#, &good.to_string()),
        signed(1, r#"{"alg":"RS256","kid":7}"#, &good.to_string()),
        signed(
            1,
            r#"{"alg":"RS256","kid":"TEST-ONLY-NOT-A-SECRET","crit":["b64"]}"#,
            "{}",
        ),
        signed(1, r#"{"alg":"none","kid":"TEST-ONLY-NOT-A-SECRET"}"#, "{}"),
        signed(1, r#"{"alg":"hs256","kid":"TEST-ONLY-NOT-A-SECRET"}"#, "{}"),
        signed(1, r#"{"alg":"PS256","kid":"TEST-ONLY-NOT-A-SECRET"}"#, "{}"),
        signed(1, "not json", "{}"),
    ];
    seeds.dedup();
    seeds
}

fn jwks_seeds() -> Vec<Vec<u8>> {
    let good: serde_json::Value =
        serde_json::from_str(&testing::jwks_json()).expect("the test JWK set is JSON");
    let key = good["keys"][0].clone();
    let with = |name: &str, value: serde_json::Value| {
        let mut changed = key.clone();
        changed[name] = value;
        changed
    };
    let set = |keys: Vec<serde_json::Value>| serde_json::json!({ "keys": keys }).to_string();
    let mut without_kid = key.clone();
    without_kid
        .as_object_mut()
        .expect("a JWK is an object")
        .remove("kid");
    vec![
        testing::jwks_json(),
        set(vec![key.clone(), key.clone()]),
        set(vec![with("use", "enc".into()), key.clone()]),
        set(vec![with("alg", "RS512".into())]),
        set(vec![with("key_ops", serde_json::json!(["sign"]))]),
        set(vec![with("n", "AQAB".into())]),
        set(vec![with("e", "AQAB_____w".into())]),
        set(vec![with("e", "AA".into())]),
        set(vec![with("n", "not base64!".into())]),
        set(vec![with("kty", "EC".into())]),
        set(vec![
            serde_json::json!({"kty": "oct", "kid": testing::KEY_ID, "k": "c2VjcmV0"}),
        ]),
        set(vec![without_kid]),
        set(vec![serde_json::json!(1), serde_json::json!({"kid": 2})]),
        "{}".to_owned(),
        r#"{"keys": 1}"#.to_owned(),
        "[]".to_owned(),
        "not json".to_owned(),
        format!("{}{}", "[".repeat(200), "]".repeat(200)),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect()
}

fn openid_seeds() -> Vec<Vec<u8>> {
    [
        r#"{"issuer":"https://api.botframework.com","authorization_endpoint":"https://invalid.botframework.com","jwks_uri":"https://login.botframework.com/v1/.well-known/keys","id_token_signing_alg_values_supported":["RS256"],"token_endpoint_auth_methods_supported":["private_key_jwt"]}"#,
        r#"{"jwks_uri":"https://example.invalid/keys"}"#,
        r#"{"jwks_uri":"https://example.invalid/a","jwks_uri":"https://example.invalid/b"}"#,
        r#"{"issuer":"https://api.botframework.com"}"#,
        r#"{"jwks_uri":7}"#,
        r#"{"jwks_uri":null}"#,
        r#"{"jwks_uri":"x","id_token_signing_alg_values_supported":"RS256"}"#,
        r#"{"jwks_uri":"x","n":1e400}"#,
        "null",
        "{}",
        "not json",
    ]
    .into_iter()
    .map(|text| text.as_bytes().to_vec())
    .collect()
}

/// Token endpoint answers: the documented success, the v1 endpoint's string
/// lifetimes, OAuth error answers (Microsoft's, with `AADSTS` codes), and
/// answers of the wrong shape.
fn token_response_seeds() -> Vec<Vec<u8>> {
    [
        r#"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2ln"}"#,
        r#"{"token_type":"bearer","expires_in":"3599","ext_expires_in":"3599","expires_on":"1700003599","resource":"https://graph.microsoft.com","access_token":"eyJ0eXAiOiJKV1QifQ.e30.c2ln"}"#,
        r#"{"token_type":"Bearer","expires_in":4294967295,"access_token":"a=="}"#,
        r#"{"token_type":"Bearer","expires_in":4294967296,"access_token":"a"}"#,
        r#"{"token_type":"Bearer","expires_in":3599.5,"access_token":"a"}"#,
        r#"{"token_type":"Bearer","expires_in":"","access_token":"a"}"#,
        r#"{"token_type":"Bearer","expires_in":3599,"access_token":"with space"}"#,
        r#"{"token_type":"Bearer","expires_in":3599,"access_token":""}"#,
        r#"{"token_type":"pop","expires_in":3599,"access_token":"a"}"#,
        r#"{"expires_in":3599,"access_token":"a"}"#,
        r#"{"token_type":"Bearer","access_token":"a"}"#,
        r#"{"token_type":"Bearer","expires_in":3599,"access_token":"a","access_token":"b"}"#,
        r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215],"timestamp":"2023-11-14 22:13:20Z","trace_id":"00000000-0000-0000-0000-000000000000","correlation_id":"00000000-0000-0000-0000-000000000000"}"#,
        r#"{"error":"unauthorized_client","error_description":"AADSTS700016: Application not found in the directory.","error_codes":[700016]}"#,
        r#"{"error":"invalid_scope"}"#,
        r#"{"error":"unsupported_grant_type","error_codes":[18446744073709551615]}"#,
        r#"{"error":7}"#,
        r#"{"error":null,"token_type":"Bearer","expires_in":1,"access_token":"a"}"#,
        "[]",
        "null",
        "",
        "not json",
    ]
    .into_iter()
    .map(|text| text.as_bytes().to_vec())
    .collect()
}
