//! The bot's server: axum on the callback path, each callback verified,
//! read, applied to the calls' state through the store, acknowledged, and
//! its Graph requests made after (those in [`actions`]).

use crate::flow::{self, Action, CallFlow, FlowConfig, FlowEvent};
use crate::graph::{self, Keys, Tokens};

use crate::store::FlowStore;
use crate::{BotEvent, Clock, Sink};
use actions::perform_one;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use graph_comms_auth::{AppCredentials, CallbackValidator, KeyRotation, RotationPolicy};
use graph_comms_dtmf::Timestamp;
use graph_comms_http::{ApiVersion, CallbackReader, Endpoint, RETRY_STATUS};
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

mod actions;

/// What the bot needs besides its store: checked settings, as the flags give
/// them (see `Args` in the binary).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct BotSettings {
    /// The URL Graph posts the calls' notifications to (the `callbackUri` of
    /// each answer); its path is the path the bot serves. `None`: the bound
    /// address's `http://ADDR/api/calls`, for local runs on port 0.
    pub callback_url: Option<String>,
    /// Where Graph is, and which version.
    pub endpoint: Endpoint,
    /// The token endpoint, instead of the cloud's login authority.
    pub token_url: Option<http::Uri>,
    /// Where the callback keys are published.
    pub openid_configuration_url: String,
    /// The app (its id is the callbacks' audience) and its secret.
    pub credentials: AppCredentials,
    /// The PIN's collection.
    pub flow: FlowConfig,
    /// Print the digits in the completion line.
    pub show_digits: bool,
    /// Where the prompts' WAV files are (see [`PromptKind::uri`](crate::flow::PromptKind::uri)); default
    /// [`DEFAULT_PROMPT_BASE_URL`](crate::DEFAULT_PROMPT_BASE_URL), a
    /// placeholder.
    pub prompt_base_url: String,
}

impl BotSettings {
    /// Settings with Graph v1.0 at `graph_root`.
    pub fn new(
        credentials: AppCredentials,
        graph_root: graph_comms_http::GraphRoot,
        openid_configuration_url: impl Into<String>,
        flow: FlowConfig,
    ) -> Self {
        BotSettings {
            callback_url: None,
            endpoint: Endpoint::new(graph_root, ApiVersion::V1_0),
            token_url: None,
            openid_configuration_url: openid_configuration_url.into(),
            credentials,
            flow,
            show_digits: false,
            prompt_base_url: crate::DEFAULT_PROMPT_BASE_URL.to_owned(),
        }
    }
}

/// The counters of `GET /stats`.
#[derive(Debug, Default)]
struct Stats {
    callbacks: AtomicU64,
    tones: AtomicU64,
    completions: AtomicU64,
    store_errors: AtomicU64,
}

struct Inner<S> {
    store: S,
    flow: FlowConfig,
    show_digits: bool,
    prompt_base_url: String,
    callback_url: String,
    endpoint: Endpoint,
    validator: CallbackValidator,
    reader: CallbackReader,
    keys: Keys,
    tokens: Tokens,
    http: reqwest::Client,
    clock: Clock,
    sink: Arc<dyn Sink>,
    stats: Stats,
    /// The timer of each call this worker updated last (shared with the
    /// [`Bot`], whose drop aborts them).
    timers: Arc<Timers>,
}

type Timers = Mutex<HashMap<String, tokio::task::AbortHandle>>;

/// A running bot. Dropping it stops its server, its key refresh and its
/// calls' timers.
#[derive(Debug)]
pub struct Bot {
    addr: SocketAddr,
    callback_url: String,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    timers: Arc<Timers>,
}

impl Drop for Bot {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        let mut timers = self
            .timers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (_, timer) in timers.drain() {
            timer.abort();
        }
    }
}

impl Bot {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The callback URL (the one given, or `http://ADDR/api/calls`).
    pub fn callback_url(&self) -> &str {
        &self.callback_url
    }

    /// Starts the bot on `listener`: fetches the callback keys once (a
    /// failure is logged and retried; callbacks are refused meanwhile), then
    /// serves. Must be called inside a tokio runtime.
    pub async fn start<S: FlowStore>(
        listener: tokio::net::TcpListener,
        settings: BotSettings,
        store: S,
        clock: Clock,
        sink: Arc<dyn Sink>,
    ) -> std::io::Result<Bot> {
        let addr = listener.local_addr()?;
        let callback_url = settings
            .callback_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}/api/calls"));
        let path = callback_path(&callback_url);
        crate::install_tls();
        let http = reqwest::Client::builder()
            .timeout(graph::REQUEST_TIMEOUT)
            .build()
            .map_err(std::io::Error::other)?;
        let validator = CallbackValidator::new(
            settings.credentials.client_id(),
            settings.credentials.cloud().callback_issuers(),
            graph_comms_auth::KeySet::new(),
        );
        let inner = Arc::new(Inner {
            store,
            flow: settings.flow,
            show_digits: settings.show_digits,
            prompt_base_url: settings.prompt_base_url,
            callback_url: callback_url.clone(),
            endpoint: settings.endpoint,
            validator,
            reader: CallbackReader::new(),
            keys: Keys {
                openid_configuration_url: settings.openid_configuration_url,
                rotation: Mutex::new(KeyRotation::new(RotationPolicy::default())),
                wake: tokio::sync::Notify::new(),
            },
            tokens: Tokens::new(settings.credentials, settings.token_url),
            http,
            clock,
            sink,
            stats: Stats::default(),
            timers: Arc::new(Mutex::new(HashMap::new())),
        });
        let timers = inner.timers.clone();
        // The first fetch before serving, so that the first callback finds
        // the keys.
        let first = inner.key_step().await;
        let key_task = tokio::spawn(key_task(inner.clone(), first));
        let app = Router::new()
            .route(&path, post(callback::<S>))
            .route("/healthz", get(|| async { "ok\n" }))
            .route("/stats", get(stats::<S>))
            .with_state(inner);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Bot {
            addr,
            callback_url,
            tasks: vec![key_task, server],
            timers,
        })
    }
}

/// The path part of the callback URL (`/api/calls` when it has none).
fn callback_path(url: &str) -> String {
    match url.parse::<http::Uri>() {
        Ok(uri) if uri.path().len() > 1 => uri.path().to_owned(),
        _ => "/api/calls".to_owned(),
    }
}

impl<S: FlowStore> Inner<S> {
    fn now(&self) -> Timestamp {
        let since = (self.clock)()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp::from_duration(since)
    }

    fn log(&self, event: BotEvent) {
        self.sink.event(&event);
    }

    async fn key_step(self: &Arc<Self>) -> std::time::SystemTime {
        let sink = self.sink.clone();
        let log = move |message: String| sink.event(&BotEvent::Keys { message });
        self.keys
            .step(&self.http, &self.clock, &self.validator, &log)
            .await
    }
}

async fn key_task<S: FlowStore>(inner: Arc<Inner<S>>, mut next: std::time::SystemTime) {
    loop {
        let wait = next
            .duration_since((inner.clock)())
            .unwrap_or_default()
            .min(Duration::from_secs(60));
        let _ = tokio::time::timeout(wait, inner.keys.wake.notified()).await;
        next = inner.key_step().await;
    }
}

async fn stats<S: FlowStore>(State(inner): State<Arc<Inner<S>>>) -> Response {
    let body = serde_json::json!({
        "callbacks": inner.stats.callbacks.load(Ordering::Relaxed),
        "tones": inner.stats.tones.load(Ordering::Relaxed),
        "completions": inner.stats.completions.load(Ordering::Relaxed),
        "storeErrors": inner.stats.store_errors.load(Ordering::Relaxed),
        "storeConflictsRetried": inner.store.conflicts_retried(),
    });
    (
        [(http::header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn callback<S: FlowStore>(
    State(inner): State<Arc<Inner<S>>>,
    request: Request<Body>,
) -> Response {
    inner.stats.callbacks.fetch_add(1, Ordering::Relaxed);
    // 1. The token, before anything of the body is read.
    if let Err(err) = inner.validator.validate_request(&request, (inner.clock)()) {
        if err.should_refresh_keys() && inner.keys.unknown_key((inner.clock)()) {
            let inner = inner.clone();
            tokio::spawn(async move {
                let sink = inner.sink.clone();
                let log = move |message: String| sink.event(&BotEvent::Keys { message });
                inner
                    .keys
                    .fetch_now(&inner.http, &inner.clock, &inner.validator, &log)
                    .await;
            });
        }
        inner.log(BotEvent::Refused {
            status: err.status().as_u16(),
            why: err.to_string(),
        });
        return err.status().into_response();
    }
    // 2. The request and its body.
    if let Err(err) = inner.reader.check_head(&request) {
        inner.log(BotEvent::Refused {
            status: err.status().as_u16(),
            why: err.to_string(),
        });
        return err.to_response::<Body>();
    }
    let (parts, body) = request.into_parts();
    let body = match read_body(body, inner.reader.max_body_bytes()).await {
        Ok(body) => body,
        Err(status) => {
            // Never the body's content in the log.
            inner.log(BotEvent::Refused {
                status: status.as_u16(),
                why: if status == StatusCode::PAYLOAD_TOO_LARGE {
                    format!(
                        "the body is over {} bytes, more than a callback holds",
                        inner.reader.max_body_bytes()
                    )
                } else {
                    "the body could not be read (the connection failed mid-body)".to_owned()
                },
            });
            return status.into_response();
        }
    };
    let request = http::Request::from_parts(parts, body);
    let callback = match inner.reader.read(&request) {
        Ok(callback) => callback,
        Err(err) => {
            inner.log(BotEvent::Refused {
                status: err.status().as_u16(),
                why: err.to_string(),
            });
            return err.to_response::<Body>();
        }
    };
    let (calls, unreadable) = flow::events_by_call(callback.notifications());
    if unreadable > 0 {
        inner.log(BotEvent::Unreadable { count: unreadable });
    }
    // 3. Every event recorded in the store before the answer, within one
    // budget for the whole callback: no call's update starts past it. An
    // update once started is never cut short (it may commit, and cutting it
    // would lose its actions); each store bounds its own update.
    let now = inner.now();
    let budget = tokio::time::Instant::now() + CALLBACK_BUDGET;
    let mut status = StatusCode::ACCEPTED;
    let mut work = Vec::new();
    for (call, events) in calls {
        if tokio::time::Instant::now() >= budget {
            inner.stats.store_errors.fetch_add(1, Ordering::Relaxed);
            inner.log(BotEvent::Store {
                why: format!(
                    "the store updates of one callback took over {} s; answered {RETRY_STATUS}",
                    CALLBACK_BUDGET.as_secs()
                ),
            });
            status = RETRY_STATUS;
            break;
        }
        let tones = events
            .iter()
            .filter(|e| matches!(e, FlowEvent::Tone { .. }))
            .count();
        match apply_events(&inner, &call, &events, now).await {
            Ok((actions, deadline)) => {
                inner.stats.tones.fetch_add(tones as u64, Ordering::Relaxed);
                work.push((call, actions, deadline));
            }
            Err(err) => {
                inner.stats.store_errors.fetch_add(1, Ordering::Relaxed);
                inner.log(BotEvent::Store {
                    why: err.to_string(),
                });
                // Never 202 for an event that was not recorded. Whether
                // Graph sends a calling callback again after a 503 is not
                // documented: the bot does not rely on it (if it does, the
                // events recorded already are duplicates the flow ignores).
                // A transient error stops the callback at once (the next
                // calls would likely wait on the same store); a damaged
                // state will not read better later: 500.
                if err.is_transient() || err.kind() == graph_comms_dtmf::StoreErrorKind::Full {
                    status = RETRY_STATUS;
                    break;
                }
                status = StatusCode::INTERNAL_SERVER_ERROR;
            }
        }
    }
    // 4. The Graph requests after the answer (the committed updates' ones,
    // whatever the answer).
    for (call, actions, deadline) in work {
        let inner = inner.clone();
        tokio::spawn(perform(inner, call, actions, deadline));
    }
    status.into_response()
}

/// Applies `events` to `call`'s state in one store update: the actions the
/// flow calls for, and the call's next deadline. `f` is pure, as a store
/// may run it again after a conflict.
async fn apply_events<S: FlowStore>(
    inner: &Inner<S>,
    call: &str,
    events: &[FlowEvent],
    now: Timestamp,
) -> Result<(Vec<Action>, Option<Timestamp>), graph_comms_dtmf::StoreError> {
    let flow = &inner.flow;
    inner
        .store
        .update(call, now, |state| {
            let mut actions = Vec::new();
            for event in events {
                actions.extend(flow::step(state, event, now, flow));
            }
            (actions, state.as_ref().and_then(CallFlow::next_deadline))
        })
        .await
}

/// How long the store updates of one callback may take together: Graph
/// expects the acknowledgement within 5 s (a Microsoft engineer in
/// microsoft-graph-comms-samples#191), which leaves room for the rest.
const CALLBACK_BUDGET: Duration = Duration::from_secs(3);

/// The `clientContext` of the barge-in's cancelMediaProcessing.
const CANCEL_CONTEXT: &str = "ivr-bot-barge-in";

/// The request body, at most `limit` bytes: `413` past it, `400` when it
/// could not be read.
async fn read_body(mut body: Body, limit: usize) -> Result<Vec<u8>, StatusCode> {
    use axum::body::HttpBody;
    let mut out = Vec::new();
    loop {
        match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            None => return Ok(out),
            Some(Err(_)) => return Err(StatusCode::BAD_REQUEST),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    if out.len().saturating_add(data.len()) > limit {
                        return Err(StatusCode::PAYLOAD_TOO_LARGE);
                    }
                    out.extend_from_slice(&data);
                }
            }
        }
    }
}

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Sets the call's timer, then does what a committed update said, in order.
fn perform<S: FlowStore>(
    inner: Arc<Inner<S>>,
    call: String,
    actions: Vec<Action>,
    deadline: Option<Timestamp>,
) -> BoxFuture {
    Box::pin(async move {
        // The timer first: a slow Graph must not delay the call's timeout.
        set_timer(&inner, &call, deadline);
        for action in actions {
            perform_one(&inner, &call, action).await;
        }
    })
}

fn set_timer<S: FlowStore>(inner: &Arc<Inner<S>>, call: &str, deadline: Option<Timestamp>) {
    let mut timers = inner
        .timers
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(previous) = timers.remove(call) {
        previous.abort();
    }
    let Some(deadline) = deadline else {
        return;
    };
    let wait = deadline.saturating_duration_since(inner.now());
    let task = tokio::spawn({
        let inner = inner.clone();
        let call = call.to_owned();
        async move {
            tokio::time::sleep(wait).await;
            let now = inner.now();
            let flow = &inner.flow;
            let applied = inner
                .store
                .update(&call, now, |state| {
                    let actions = flow::step(state, &FlowEvent::Timeout, now, flow);
                    (actions, state.as_ref().and_then(CallFlow::next_deadline))
                })
                .await;
            match applied {
                Ok((actions, deadline)) => {
                    // This timer's own entry only: a newer timer of the
                    // call may have replaced it meanwhile.
                    if let Ok(mut timers) = inner.timers.lock()
                        && timers
                            .get(&call)
                            .is_some_and(|handle| handle.id() == tokio::task::id())
                    {
                        timers.remove(&call);
                    }
                    tokio::spawn(perform(inner.clone(), call, actions, deadline));
                }
                Err(err) => {
                    inner.stats.store_errors.fetch_add(1, Ordering::Relaxed);
                    inner.log(BotEvent::Store {
                        why: err.to_string(),
                    });
                    // A store that may come back: try again in a second (the
                    // timeout is still due). A state that cannot be read
                    // will not read better; the store's TTL ends it.
                    if err.is_transient() {
                        let again = Some(now.saturating_add(Duration::from_secs(1)));
                        tokio::spawn(perform(inner.clone(), call, Vec::new(), again));
                    }
                }
            }
        }
    });
    timers.insert(call.to_owned(), task.abort_handle());
}

#[cfg(test)]
mod tests {
    use super::callback_path;

    #[test]
    fn the_callback_path_comes_from_the_url() {
        assert_eq!(
            callback_path("https://bot.contoso.com/api/calls"),
            "/api/calls"
        );
        assert_eq!(callback_path("https://bot.contoso.com/x/y?z=1"), "/x/y");
        assert_eq!(callback_path("https://bot.contoso.com"), "/api/calls");
    }
}
