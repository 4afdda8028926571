//! A small IVR bot written with our crates, on axum on 127.0.0.1: it
//! verifies callbacks with graph-comms-auth, reads them with
//! graph-comms-models, collects digits with graph-comms-dtmf and builds its
//! requests with graph-comms-http. On an incoming call it answers; once
//! established it plays a prompt and subscribes to tones; on the first key it
//! cancels the prompt (barge-in); on `#` it hangs up.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use graph_comms_auth::{CallbackValidator, KeySet, NationalCloud, OpenIdConfiguration};
use graph_comms_dtmf::{CollectorOptions, DigitCollector, Timestamp};
use graph_comms_emulator::{Clock, Emulator};
use graph_comms_http::{
    Answer, ApiVersion, CancelMediaProcessing, Endpoint, GraphRoot, HangUp, PlayPrompt,
    SubscribeToTone,
};
use graph_comms_models::{
    AnswerRequest, CallEventKind, CallState, CancelMediaProcessingRequest, CommsNotifications,
    MediaConfig, Modality, PlayPromptRequest, Prompt,
};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the bot saw and did.
#[derive(Debug, Default, Clone)]
pub struct BotLog {
    pub accepted: usize,
    pub refused: usize,
    /// The digits of each finished entry, in order.
    pub digits: Vec<String>,
    pub ended: usize,
    pub operations_finished: usize,
}

struct Bot {
    validator: CallbackValidator,
    endpoint: Endpoint,
    token: String,
    url: String,
    clock: Clock,
    http: reqwest::Client,
    /// Per call: the collector, and whether the prompt was cancelled.
    calls: Mutex<HashMap<String, (DigitCollector, bool)>>,
    answered: Mutex<HashSet<String>>,
    established: Mutex<HashSet<String>>,
    log: Mutex<BotLog>,
}

/// A running test bot.
pub struct TestBot {
    pub url: String,
    bot: Arc<Bot>,
}

impl TestBot {
    pub fn log(&self) -> BotLog {
        self.bot.log.lock().unwrap().clone()
    }
}

async fn fetch(http: &reqwest::Client, url: &str) -> Vec<u8> {
    http.get(url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

/// Fetches the emulator's keys (as a bot fetches the service's), a token,
/// and starts the bot on 127.0.0.1.
pub async fn start(emulator: &Emulator, app_id: &str) -> TestBot {
    let http = reqwest::Client::new();
    let urls = emulator.urls();
    let config =
        OpenIdConfiguration::from_slice(&fetch(&http, &urls.open_id_configuration_url).await)
            .unwrap();
    let keys = KeySet::from_jwks_json(&fetch(&http, &config.jwks_uri).await).unwrap();
    let validator = CallbackValidator::new(app_id, NationalCloud::Global.callback_issuers(), keys);
    let form = format!(
        "client_id={app_id}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=any&grant_type=client_credentials"
    );
    let answer: serde_json::Value = serde_json::from_slice(
        &http
            .post(&urls.token_url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let token = answer["access_token"].as_str().unwrap().to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/calls", listener.local_addr().unwrap());
    let bot = Arc::new(Bot {
        validator,
        endpoint: Endpoint::new(
            GraphRoot::custom(&urls.graph_url).unwrap(),
            ApiVersion::V1_0,
        ),
        token,
        url: url.clone(),
        clock: emulator.clock().clone(),
        http,
        calls: Mutex::new(HashMap::new()),
        answered: Mutex::new(HashSet::new()),
        established: Mutex::new(HashSet::new()),
        log: Mutex::new(BotLog::default()),
    });
    let app = Router::new()
        .route("/api/calls", post(callback))
        .with_state(bot.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    TestBot { url, bot }
}

async fn callback(State(bot): State<Arc<Bot>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    if bot
        .validator
        .validate_headers(&headers, bot.clock.system_time())
        .is_err()
    {
        bot.log.lock().unwrap().refused += 1;
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(batch) = CommsNotifications::from_slice(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    bot.log.lock().unwrap().accepted += 1;
    // Acknowledge at once, work in the background, as the SDK samples do.
    tokio::spawn(handle(bot, batch));
    StatusCode::ACCEPTED
}

async fn send(bot: &Bot, request: http::Request<Vec<u8>>) -> u16 {
    let request = reqwest::Request::try_from(request).unwrap();
    bot.http.execute(request).await.unwrap().status().as_u16()
}

fn now_ms(bot: &Bot) -> Timestamp {
    Timestamp::from_millis(u64::try_from(bot.clock.now().as_millis()).unwrap())
}

async fn handle(bot: Arc<Bot>, batch: CommsNotifications) {
    for event in batch.call_events() {
        let call_id = event.call_id.to_owned();
        match (event.kind, event.state) {
            (CallEventKind::Incoming, _) => {
                // A duplicated notification is answered once.
                if !bot.answered.lock().unwrap().insert(call_id.clone()) {
                    continue;
                }
                let mut body = AnswerRequest::default();
                body.callback_uri = Some(bot.url.clone());
                body.accepted_modalities = Some(vec![Modality::Audio]);
                body.media_config = Some(MediaConfig::service_hosted());
                let answer = Answer::builder()
                    .endpoint(bot.endpoint.clone())
                    .call_id(call_id.as_str())
                    .access_token(bot.token.as_str())
                    .body(body)
                    .build()
                    .unwrap();
                assert_eq!(send(&bot, answer.to_request()).await, 202);
            }
            (CallEventKind::StateChanged, Some(CallState::Established)) => {
                if !bot.established.lock().unwrap().insert(call_id.clone()) {
                    continue;
                }
                let prompt = PlayPromptRequest::new([Prompt::media(
                    "https://cdn.contoso.com/enter-pin.wav",
                )]);
                let play = PlayPrompt::builder()
                    .endpoint(bot.endpoint.clone())
                    .call_id(call_id.as_str())
                    .access_token(bot.token.as_str())
                    .body(prompt)
                    .build()
                    .unwrap();
                assert_eq!(send(&bot, play.to_request()).await, 200);
                let options = CollectorOptions::new().with_max_digits(4);
                let collector = DigitCollector::new(options, now_ms(&bot)).unwrap();
                bot.calls
                    .lock()
                    .unwrap()
                    .insert(call_id.clone(), (collector, false));
                let subscribe = SubscribeToTone::builder()
                    .endpoint(bot.endpoint.clone())
                    .call_id(call_id.as_str())
                    .client_context("6a3cbb3e-0f5a-4b7e-9a0e-000000000001")
                    .access_token(bot.token.as_str())
                    .build()
                    .unwrap();
                assert_eq!(send(&bot, subscribe.to_request()).await, 200);
            }
            (CallEventKind::Terminated, _) => {
                // A partial entry of a call that ended is dropped.
                bot.calls.lock().unwrap().remove(&call_id);
                bot.log.lock().unwrap().ended += 1;
            }
            _ => {}
        }
    }
    for event in batch.operation_events().flatten() {
        let _ = event.operation_id;
        bot.log.lock().unwrap().operations_finished += 1;
    }
    for event in batch.tone_events().flatten() {
        let call_id = event.call_id.to_owned();
        let first = bot
            .calls
            .lock()
            .unwrap()
            .get_mut(&call_id)
            .is_some_and(|(_, cancelled)| !std::mem::replace(cancelled, true));
        if first {
            // Barge-in: the caller started typing, stop the prompt.
            let cancel = CancelMediaProcessing::builder()
                .endpoint(bot.endpoint.clone())
                .call_id(call_id.as_str())
                .access_token(bot.token.as_str())
                .body(CancelMediaProcessingRequest::new("barge-in"))
                .build()
                .unwrap();
            assert_eq!(send(&bot, cancel.to_request()).await, 200);
        }
        let completion = {
            let mut calls = bot.calls.lock().unwrap();
            let Some((collector, _)) = calls.get_mut(&call_id) else {
                continue;
            };
            collector.handle_tone(now_ms(&bot), event.sequence_id, event.tone.clone());
            let completion = collector.poll_completion();
            if completion.is_some() {
                calls.remove(&call_id);
            }
            completion
        };
        if let Some(completion) = completion {
            let digits = completion.digits.expose().to_owned();
            bot.log.lock().unwrap().digits.push(digits);
            let hang_up = HangUp::builder()
                .endpoint(bot.endpoint.clone())
                .call_id(call_id.as_str())
                .access_token(bot.token.as_str())
                .build()
                .unwrap();
            assert_eq!(send(&bot, hang_up.to_request()).await, 204);
        }
    }
}

/// Polls until `done` holds, at most 10 s of real time.
pub async fn eventually<T>(mut probe: impl FnMut() -> Option<T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(value) = probe() {
                return value;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the condition held within 10 s")
}

/// A receiver on 127.0.0.1 that acknowledges every callback with 202 and
/// does nothing else; returns its URL.
pub async fn acknowledger() -> String {
    let app = Router::new().route("/cb", post(|| async { StatusCode::ACCEPTED }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/cb", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}
