//! A bot written without our crates: jsonwebtoken and reqwest only verify
//! the emulator's callback against its published JWK set.

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use graph_comms_emulator::{Clock, Emulator};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use std::time::Duration;
use tokio::sync::mpsc;

#[tokio::test]
async fn jsonwebtoken_and_reqwest_verify_a_callback_against_the_published_keys() {
    tokio::time::timeout(Duration::from_secs(20), async {
        let (tx, mut rx) = mpsc::unbounded_channel::<String>();
        let app = Router::new().route(
            "/cb",
            post(move |headers: HeaderMap| {
                let auth = headers["authorization"].to_str().unwrap().to_owned();
                tx.send(auth).unwrap();
                async { axum::http::StatusCode::ACCEPTED }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/cb", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

        let app_id = "8d9e0f10-2233-4455-8899-aabbccddeeff";
        let emulator = Emulator::builder()
            .app_id(app_id)
            .tenant_id("11111111-2222-4333-8444-555555555555")
            .bot_url(url)
            .clock(Clock::real())
            .start()
            .await
            .unwrap();
        emulator.start_call(None, None);
        let header = rx.recv().await.unwrap();
        let token = header.strip_prefix("Bearer ").unwrap();

        let http = reqwest::Client::new();
        let config: serde_json::Value =
            serde_json::from_slice(&get(&http, &emulator.urls().open_id_configuration_url).await)
                .unwrap();
        let jwks: JwkSet =
            serde_json::from_slice(&get(&http, config["jwks_uri"].as_str().unwrap()).await)
                .unwrap();
        let kid = jsonwebtoken::decode_header(token).unwrap().kid.unwrap();
        let jwk = jwks.find(&kid).expect("the token's kid is published");
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[app_id]);
        validation.set_issuer(&["https://api.botframework.com"]);
        let data = jsonwebtoken::decode::<serde_json::Value>(
            token,
            &DecodingKey::from_jwk(jwk).unwrap(),
            &validation,
        )
        .expect("the callback token verifies");
        assert_eq!(data.claims["tid"], "11111111-2222-4333-8444-555555555555");
        assert_eq!(data.claims["nbf"], data.claims["iat"]);
        assert_eq!(
            data.claims["exp"].as_u64().unwrap() - data.claims["iat"].as_u64().unwrap(),
            3900
        );
    })
    .await
    .expect("bounded");
}

async fn get(http: &reqwest::Client, url: &str) -> Vec<u8> {
    http.get(url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}
