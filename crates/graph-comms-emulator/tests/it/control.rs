//! The control API and the recordings over HTTP.

use crate::bot::eventually;
use graph_comms_emulator::{Clock, Emulator};
use serde_json::{Value, json};
use std::time::Duration;

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_control_api_starts_presses_inspects_and_hangs_up() {
    tokio::time::timeout(Duration::from_secs(20), async {
        let emulator = Emulator::builder()
            .clock(Clock::virtual_clock())
            .start()
            .await
            .unwrap();
        let control = emulator.urls().control_url.clone();
        let http = reqwest::Client::new();
        let bot = crate::bot::acknowledger().await;
        let (status, body) = send(
            http.post(format!("{control}/calls"))
                .body(json!({"botUrl": bot, "from": {"phone": "+15550100"}}).to_string()),
        )
        .await;
        assert_eq!(status, 201);
        let id = body["callId"].as_str().unwrap().to_owned();
        let (status, _) = send(
            http.post(format!("{control}/calls/{id}/press"))
                .body(r#"{"tones": "12", "intervalMs": 100}"#),
        )
        .await;
        assert_eq!(status, 204);
        let (status, body) = send(
            http.post(format!("{control}/calls/{id}/press"))
                .body(r#"{"tones": "9x9Secret"}"#),
        )
        .await;
        assert_eq!(status, 400);
        assert!(!body.to_string().contains("Secret"), "no value echoed");
        // The limits of a scenario step: 64 keys, 60 s apart at most. Past
        // them, a clear 400 (the schedule's clock would overflow otherwise).
        for press in [
            json!({"tones": "1".repeat(1001), "intervalMs": u64::MAX}),
            json!({"tones": "1".repeat(65)}),
            json!({"tones": "1", "intervalMs": 60_001}),
        ] {
            let (status, body) = send(
                http.post(format!("{control}/calls/{id}/press"))
                    .body(press.to_string()),
            )
            .await;
            assert_eq!(status, 400, "{body}");
            assert!(body.to_string().contains("at most 64 keys"), "{body}");
        }
        let (status, _) = send(
            http.post(format!("{control}/calls/nope/press"))
                .body(r#"{"tones": "1"}"#),
        )
        .await;
        assert_eq!(status, 404);
        let view = eventually(|| emulator.call(&id).filter(|v| v.lost_tones == 2)).await;
        assert_eq!(view.state, "incoming", "not answered: both keys lost");
        eventually(|| emulator.call(&id).filter(|v| !v.callbacks.is_empty())).await;
        let (status, _) = send(http.post(format!("{control}/calls/{id}/hangup"))).await;
        assert_eq!(status, 204);
        let (status, body) = send(http.get(format!("{control}/calls/{id}"))).await;
        // Each callback as an object, not a tuple, for tests in any language.
        let first = &body["callbacks"][0];
        assert!(first["latencyMs"].is_u64(), "{body}");
        assert_eq!(first["tones"], 0, "the created notification: {body}");
        assert!(first.get("status").is_some(), "{body}");
        assert_eq!(status, 200);
        assert_eq!(body["state"], "terminated");
        assert_eq!(body["subscribedToTone"], false);
        assert_eq!(body["lostTones"], 2);
        assert!(body["requests"].as_array().unwrap().is_empty());
    })
    .await
    .expect("bounded");
}

#[tokio::test]
async fn a_recording_is_served_behind_its_access_token_only() {
    tokio::time::timeout(Duration::from_secs(20), async {
        let emulator = Emulator::builder()
            .clock(Clock::virtual_clock())
            .start()
            .await
            .unwrap();
        let urls = emulator.urls().clone();
        let http = reqwest::Client::new();
        let form = "client_id=00000000-0000-4000-8000-0000000000a1&client_secret=s\
            &scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&grant_type=client_credentials";
        let (_, token) = send(http.post(&urls.token_url).body(form)).await;
        let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
        let calls = format!("{}/v1.0/communications/calls", urls.graph_url);
        let create = r##"{"callbackUri": "http://127.0.0.1:9/cb",
            "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}"##;
        let (status, call) = send(
            http.post(&calls)
                .header("Authorization", &bearer)
                .body(create),
        )
        .await;
        assert_eq!(status, 201);
        let id = call["id"].as_str().unwrap().to_owned();
        eventually(|| emulator.call(&id).filter(|v| v.state == "established")).await;
        let record = r##"{"stopTones": ["#"], "clientContext": "r1"}"##;
        let (status, op) = send(
            http.post(format!("{calls}/{id}/recordResponse"))
                .header("Authorization", &bearer)
                .body(record),
        )
        .await;
        assert_eq!(status, 200);
        emulator.press(&id, "#", Duration::ZERO).unwrap();
        let op_url = format!("{calls}/{id}/operations/{}", op["id"].as_str().unwrap());
        let done = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                let (_, op) = send(http.get(&op_url).header("Authorization", &bearer)).await;
                if op["status"] == "completed" {
                    return op;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await
        .unwrap();
        assert_eq!(done["completionReason"], "stopToneDetected");
        let location = done["recordingLocation"].as_str().unwrap();
        let token = done["recordingAccessToken"].as_str().unwrap();
        let wav = http
            .get(location)
            .header("Authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(wav.status(), 200);
        assert_eq!(&wav.bytes().await.unwrap()[..4], b"RIFF");
        let refused = http
            .get(location)
            .header("Authorization", &bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(
            refused.status(),
            401,
            "the app token is not the recording's token"
        );
    })
    .await
    .expect("bounded");
}

#[tokio::test]
async fn a_bot_url_that_is_not_an_http_url_is_refused_without_being_quoted() {
    tokio::time::timeout(Duration::from_secs(20), async {
        for bad in ["x-secret-ish", "ftp://bot.example/cb", "file:///tmp/bot-cb"] {
            let err = Emulator::builder()
                .bot_url("http://127.0.0.1:3978/api/calls")
                .bot_url(bad)
                .start()
                .await
                .expect_err(bad);
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{bad}");
            let text = err.to_string();
            assert!(text.starts_with("bot URL 2 "), "{text}");
            assert!(!text.contains(bad), "{text}");
        }
        let emulator = Emulator::builder().start().await.unwrap();
        let cases = [
            (
                json!({"botUrl": "not a url"}),
                "botUrl is not an absolute URL",
                "not a url",
            ),
            (
                json!({"from": {"phone": "5550199"}}),
                "from.phone is not an E.164 number",
                "5550199",
            ),
        ];
        for (start, says, value) in cases {
            let (status, body) = send(
                reqwest::Client::new()
                    .post(format!("{}/calls", emulator.urls().control_url))
                    .body(start.to_string()),
            )
            .await;
            assert_eq!(status, 400, "{start}");
            let error = body["error"].as_str().unwrap();
            assert!(error.starts_with(says), "{error}");
            assert!(!error.contains(value), "{error}");
        }
    })
    .await
    .expect("bounded");
}
