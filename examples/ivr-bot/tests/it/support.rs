//! An in-process bot against an in-process emulator, on 127.0.0.1.

use graph_comms_auth::{AppCredentials, ClientSecret, NationalCloud};
use graph_comms_dtmf::{CallLimits, MemoryStore};
use graph_comms_emulator::{Clock, Emulator};
use graph_comms_http::GraphRoot;
use ivr_bot::{Bot, BotEvent, BotSettings, FlowConfig, FlowStore, Sink};
use std::sync::{Arc, Mutex};

pub const APP_ID: &str = "3b0c4f47-5c44-4b63-9b0e-7d3c1f0e0a11";
pub const TENANT_ID: &str = "00000000-0000-4000-8000-0000000000e1";

/// What the bot printed.
#[derive(Default)]
pub struct Captured {
    pub lines: Mutex<Vec<String>>,
    pub events: Mutex<Vec<String>>,
}

impl Sink for Captured {
    fn completion(&self, line: &str) {
        self.lines.lock().unwrap().push(line.to_owned());
    }
    fn event(&self, event: &BotEvent) {
        self.events.lock().unwrap().push(event.to_string());
    }
}

impl Captured {
    pub fn lines(&self) -> Vec<serde_json::Value> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// An emulator for [`APP_ID`] under the virtual clock.
pub async fn emulator() -> Emulator {
    Emulator::builder()
        .app_id(APP_ID)
        .tenant_id(TENANT_ID)
        .clock(Clock::virtual_clock())
        .start()
        .await
        .unwrap()
}

/// The bot, on the emulator's clock, with the in-memory store.
pub async fn bot(emulator: &Emulator, show_digits: bool) -> (Bot, Arc<Captured>) {
    let store = MemoryStore::new(CallLimits::default()).unwrap();
    start(emulator, show_digits, store).await
}

/// The bot, on the emulator's clock, with `store`.
pub async fn bot_with_store<S: FlowStore>(emulator: &Emulator, store: S) -> (Bot, Arc<Captured>) {
    start(emulator, false, store).await
}

/// The bot on `listener`, on the emulator's clock, with `store`, showing digits.
pub async fn bot_on<S: FlowStore>(
    listener: tokio::net::TcpListener,
    emulator: &Emulator,
    store: S,
) -> (Bot, Arc<Captured>) {
    start_on(listener, emulator, true, store).await
}

async fn start<S: FlowStore>(
    emulator: &Emulator,
    show_digits: bool,
    store: S,
) -> (Bot, Arc<Captured>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    start_on(listener, emulator, show_digits, store).await
}

async fn start_on<S: FlowStore>(
    listener: tokio::net::TcpListener,
    emulator: &Emulator,
    show_digits: bool,
    store: S,
) -> (Bot, Arc<Captured>) {
    let urls = emulator.urls();
    let credentials = AppCredentials::with_secret(
        NationalCloud::Global,
        TENANT_ID,
        APP_ID,
        ClientSecret::new("any"),
    )
    .unwrap();
    let mut settings = BotSettings::new(
        credentials,
        GraphRoot::custom(&urls.graph_url).unwrap(),
        urls.open_id_configuration_url.clone(),
        FlowConfig::new(4).unwrap(),
    );
    settings.token_url = Some(urls.token_url.parse().unwrap());
    settings.show_digits = show_digits;
    let captured = Arc::new(Captured::default());
    let clock = emulator.clock().clone();
    let bot = Bot::start(
        listener,
        settings,
        store,
        Arc::new(move || clock.system_time()),
        captured.clone(),
    )
    .await
    .unwrap();
    (bot, captured)
}

/// `GET /stats` of the bot at `addr` (`IP:PORT`).
pub async fn stats(addr: &str) -> serde_json::Value {
    let body = reqwest::get(format!("http://{addr}/stats"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice(&body).unwrap()
}
