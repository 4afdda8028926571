//! The runtime: the core behind real sockets, on tokio.

mod deliver;
mod run;
mod server;

pub use run::ScenarioReport;

use crate::clock::Clock;
use crate::core::{CallView, ControlError, Core, CoreConfig};
use crate::scenario::Faults;
use graph_comms_auth::ClientSecret;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Where a running emulator serves: the first line `graph-comms emulate`
/// prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmulatorUrls {
    /// The Graph root, without a version (`http://127.0.0.1:41234`): the bot
    /// sends `{graphUrl}/v1.0/communications/calls/…`.
    pub graph_url: String,
    /// The OpenID configuration of the callback tokens.
    pub open_id_configuration_url: String,
    /// The JWK set that verifies the callback tokens.
    pub jwks_url: String,
    /// The token endpoint (client credentials) for the tenant.
    pub token_url: String,
    /// The control API (JSON): start calls, press keys, hang up, inspect.
    pub control_url: String,
}

/// What is wrong with a bot URL, if anything (the text never quotes it).
pub(crate) fn bot_url_problem(url: &str) -> Option<&'static str> {
    match reqwest::Url::parse(url) {
        Err(_) => Some("is not an absolute URL"),
        Ok(url) if !matches!(url.scheme(), "http" | "https") => Some("is not http or https"),
        Ok(url) if url.host_str().is_none_or(str::is_empty) => Some("has no host"),
        Ok(_) => None,
    }
}

/// `Ok` when `url` (the `index`-th bot URL, from 0) is an absolute http(s)
/// URL with a host; else an `InvalidInput` error naming it by its position.
fn check_bot_url(index: usize, url: &str) -> std::io::Result<()> {
    match bot_url_problem(url) {
        None => Ok(()),
        Some(problem) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "bot URL {} {problem}: give the bot's callback URL, such as \
                 http://127.0.0.1:3978/api/calls",
                index + 1
            ),
        )),
    }
}

/// How to start an [`Emulator`]: the bot, the tenant, the clock, the faults.
#[derive(Clone, Debug)]
#[must_use]
pub struct EmulatorBuilder {
    app_id: String,
    tenant_id: String,
    bot_urls: Vec<String>,
    app_secret: Option<ClientSecret>,
    show_tones: bool,
    transcript_limit: usize,
    faults: Faults,
    prompt_durations: HashMap<String, Duration>,
    default_prompt_duration: Duration,
    port: u16,
    clock: Clock,
    settle: Duration,
}

impl EmulatorBuilder {
    /// The bot's app id (the callbacks' `aud`; the token endpoint's
    /// `client_id`).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = app_id.into();
        self
    }

    /// The tenant id (the callbacks' `tid`; the token endpoint's path).
    pub fn tenant_id(mut self, tenant_id: impl Into<String>) -> Self {
        self.tenant_id = tenant_id.into();
        self
    }

    /// A bot URL for incoming calls. Given more than once, the emulator is
    /// the load balancer in front of them: every callback of every call goes
    /// round-robin to the listed URLs, whatever `callbackUri` a bot gave.
    pub fn bot_url(mut self, url: impl Into<String>) -> Self {
        self.bot_urls.push(url.into());
        self
    }

    /// The only client secret the token endpoint accepts (default: any).
    pub fn app_secret(mut self, secret: impl Into<String>) -> Self {
        self.app_secret = Some(ClientSecret::new(secret));
        self
    }

    /// Write tones and digits in the transcript (off: they are a PIN).
    pub fn show_tones(mut self, show: bool) -> Self {
        self.show_tones = show;
        self
    }

    /// The most transcript entries kept (default
    /// [`CoreConfig::DEFAULT_TRANSCRIPT_LIMIT`], 10,000): beyond it the
    /// oldest are dropped and counted ([`Emulator::transcript_dropped`],
    /// the `X-Transcript-Dropped` header of `GET {control}/transcript`), so a
    /// long run holds a bounded transcript. The expectations of a scenario
    /// never read the transcript, so the limit cannot change a result.
    pub fn transcript_limit(mut self, limit: usize) -> Self {
        self.transcript_limit = limit;
        self
    }

    /// The faults applied to notifications.
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// How long the prompt at `uri` plays (default 2 s).
    pub fn prompt_duration(mut self, uri: impl Into<String>, duration: Duration) -> Self {
        self.prompt_durations.insert(uri.into(), duration);
        self
    }

    /// How long a prompt plays when its URI has no duration of its own.
    pub fn default_prompt_duration(mut self, duration: Duration) -> Self {
        self.default_prompt_duration = duration;
        self
    }

    /// The port on 127.0.0.1 (default 0: the OS picks).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The clock: [`Clock::real`] (default) or [`Clock::virtual_clock`].
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Under a virtual clock: how long (real time) nothing must happen
    /// before time jumps to the next event (default 25 ms). Longer if the
    /// bot does slow work after acknowledging a notification.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// Binds 127.0.0.1 and starts serving and driving the calls. Must be
    /// called inside a tokio runtime.
    ///
    /// # Errors
    ///
    /// A bot URL is not an absolute `http`/`https` URL with a host, or the
    /// tenant id is not a GUID or a domain name (kind `InvalidInput`; the
    /// message names a URL by its position, never quoting it), or the port
    /// cannot be bound.
    pub async fn start(self) -> std::io::Result<Emulator> {
        // The tenant is a segment of the token URL: a GUID or a domain name,
        // as the token endpoint takes (anything else would make a URL that
        // does not route).
        let tenant_ok = !self.tenant_id.is_empty()
            && self
                .tenant_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !tenant_ok {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the tenant id is not a GUID or a domain name: give the bot's tenant, such as \
                 72f988bf-86f1-41af-91ab-2d7cd011db47 or contoso.onmicrosoft.com",
            ));
        }
        for (i, url) in self.bot_urls.iter().enumerate() {
            check_bot_url(i, url)?;
        }
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], self.port))).await?;
        let base = format!("http://{}", listener.local_addr()?);
        let urls = EmulatorUrls {
            graph_url: base.clone(),
            open_id_configuration_url: format!("{base}/v1/.well-known/OpenIdConfiguration"),
            jwks_url: format!("{base}/v1/keys"),
            token_url: format!("{base}/{}/oauth2/v2.0/token", self.tenant_id),
            control_url: format!("{base}/control"),
        };
        let mut config = CoreConfig::new(self.app_id, self.tenant_id, base);
        config.app_secret = self.app_secret;
        config.show_tones = self.show_tones;
        config.transcript_limit = self.transcript_limit;
        config.faults = self.faults;
        config.prompt_durations = self.prompt_durations;
        config.default_prompt_duration = self.default_prompt_duration;
        let key = crate::keys::signing_key();
        let shared = Arc::new(Shared {
            core: Mutex::new(Core::new(config)),
            clock: self.clock,
            wake: Notify::new(),
            busy: AtomicUsize::new(0),
            bot_urls: Mutex::new(self.bot_urls),
            next_bot: AtomicUsize::new(0),
            http: reqwest::Client::new(),
            urls: urls.clone(),
            key,
        });
        let server = tokio::spawn(server::serve(listener, shared.clone()));
        let driver = tokio::spawn(drive(shared.clone(), self.settle));
        Ok(Emulator {
            urls,
            shared,
            tasks: vec![server, driver],
        })
    }
}

/// What the server, the driver and the deliveries share.
pub(crate) struct Shared {
    core: Mutex<Core>,
    pub(crate) clock: Clock,
    /// Something changed: the driver looks again.
    wake: Notify,
    /// Requests being handled and callbacks in flight.
    busy: AtomicUsize,
    /// The bot URLs: the builder's, then those added while running.
    bot_urls: Mutex<Vec<String>>,
    next_bot: AtomicUsize,
    http: reqwest::Client,
    pub(crate) urls: EmulatorUrls,
    key: &'static crate::keys::SigningKey,
}

impl Shared {
    pub(crate) fn core(&self) -> MutexGuard<'_, Core> {
        // A panic while holding the lock would be a bug; the state is still
        // usable, so keep serving rather than poison every later request.
        self.core
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The bot URLs now (a copy: the list may grow while a POST is sent).
    pub(crate) fn bot_urls(&self) -> Vec<String> {
        self.bot_urls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Marks work in progress until the guard drops (then wakes the driver).
    pub(crate) fn busy(self: &Arc<Self>) -> BusyGuard {
        self.busy.fetch_add(1, Ordering::SeqCst);
        BusyGuard(self.clone())
    }
}

pub(crate) struct BusyGuard(Arc<Shared>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
        self.0.wake.notify_one();
    }
}

/// Runs the core's timers and sends its deliveries, forever.
async fn drive(shared: Arc<Shared>, settle: Duration) {
    loop {
        let now = shared.clock.now();
        let deadline = {
            let mut core = shared.core();
            core.handle_timeout(now);
            while let Some(delivery) = core.poll_delivery(now) {
                deliver::spawn(&shared, delivery);
            }
            core.next_deadline()
        };
        if shared.clock.is_virtual() {
            // Quiescent: nothing in flight and nothing new for `settle`.
            if tokio::time::timeout(settle, shared.wake.notified())
                .await
                .is_ok()
            {
                continue;
            }
            if shared.busy.load(Ordering::SeqCst) > 0 {
                continue;
            }
            match deadline {
                Some(at) => shared.clock.advance_to(at),
                None => shared.wake.notified().await,
            }
        } else {
            let wait = deadline.map(|at| at.saturating_sub(now));
            match wait {
                Some(wait) => {
                    let _ = tokio::time::timeout(wait, shared.wake.notified()).await;
                }
                None => shared.wake.notified().await,
            }
        }
    }
}

/// A running emulator: the Graph side, the token endpoint, the keys, the
/// control API, and the callbacks to the bot. Dropping it stops it.
#[derive(Debug)]
pub struct Emulator {
    urls: EmulatorUrls,
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("urls", &self.urls)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A builder: app id and tenant id are placeholders until set, the clock
    /// is real, the port 0.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            app_id: "00000000-0000-4000-8000-0000000000a1".into(),
            tenant_id: "00000000-0000-4000-8000-0000000000e1".into(),
            bot_urls: Vec::new(),
            app_secret: None,
            show_tones: false,
            transcript_limit: CoreConfig::DEFAULT_TRANSCRIPT_LIMIT,
            faults: Faults::default(),
            prompt_durations: HashMap::new(),
            default_prompt_duration: crate::scenario::ScriptedCall::DEFAULT_PROMPT_DURATION,
            port: 0,
            clock: Clock::real(),
            settle: Duration::from_millis(25),
        }
    }

    /// Where it serves.
    pub fn urls(&self) -> &EmulatorUrls {
        &self.urls
    }

    /// Its clock (under a virtual clock, a bot verifying callback tokens
    /// passes [`Clock::system_time`] as its `now`).
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    fn with_core<T>(&self, f: impl FnOnce(&mut Core, Duration) -> T) -> T {
        let _busy = self.shared.busy();
        let now = self.shared.clock.now();
        f(&mut self.shared.core(), now)
    }

    /// Adds a bot URL to those the callbacks go to, as
    /// [`EmulatorBuilder::bot_url`] does before the start: a worker joining
    /// the pool behind the balancer, or a bot that could only start once it
    /// knew the emulator's URLs (as a bot process given `--graph-url`
    /// does). With several, the callbacks of every call go round-robin to
    /// them from the next callback on.
    ///
    /// # Errors
    ///
    /// The URL is not an absolute `http`/`https` URL with a host (kind
    /// `InvalidInput`; the message names it by its position, never quoting
    /// it).
    pub fn add_bot_url(&self, url: impl Into<String>) -> std::io::Result<()> {
        let url = url.into();
        let mut urls = self
            .shared
            .bot_urls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        check_bot_url(urls.len(), &url)?;
        urls.push(url);
        Ok(())
    }

    /// Starts an incoming call (the `created` notification goes to
    /// `bot_url`, else to the configured bot URLs); `caller_phone` is the
    /// caller's number. Returns the call id.
    ///
    /// Neither is checked here (the control API's `POST {control}/calls`
    /// refuses a `botUrl` that is not http(s) and a phone that is not
    /// E.164); a bad URL shows as an unanswered callback and the call ends
    /// (408/1106).
    pub fn start_call(&self, bot_url: Option<String>, caller_phone: Option<&str>) -> String {
        self.with_core(|core, now| core.start_incoming_call(now, bot_url, caller_phone))
    }

    /// The caller presses `tones`, one every `interval`.
    ///
    /// # Errors
    ///
    /// An unknown or ended call, or a character that is not a DTMF key.
    pub fn press(
        &self,
        call_id: &str,
        tones: &str,
        interval: Duration,
    ) -> Result<(), ControlError> {
        self.with_core(|core, now| core.press(now, call_id, tones, interval))
    }

    /// The caller hangs up now.
    ///
    /// # Errors
    ///
    /// An unknown or ended call.
    pub fn hangup(&self, call_id: &str) -> Result<(), ControlError> {
        self.with_core(|core, now| core.hangup(now, call_id))
    }

    /// The caller hangs up `after` from now (a scripted step).
    pub fn hangup_after(&self, call_id: &str, after: Duration) {
        self.with_core(|core, now| core.schedule_hangup(now.saturating_add(after), call_id));
    }

    /// What the control API shows of a call.
    pub fn call(&self, call_id: &str) -> Option<CallView> {
        self.shared.core().call_view(call_id)
    }

    /// The transcript so far, one JSON object per exchange: the last
    /// [`EmulatorBuilder::transcript_limit`] entries.
    pub fn transcript(&self) -> Vec<Value> {
        self.shared.core().transcript().iter().cloned().collect()
    }

    /// How many of the oldest transcript entries were dropped to keep the
    /// transcript within its limit.
    pub fn transcript_dropped(&self) -> u64 {
        self.shared.core().transcript_dropped()
    }

    /// For a reader that follows the transcript: the entries after the first
    /// `seen` of the whole run (the dropped ones counted), and how many of
    /// those were dropped before they could be read (0 when the reader keeps
    /// up). The reader has then seen `seen + missed + entries.len()` (a
    /// `seen` past everything written so far gets nothing back). Once
    /// the limit is reached the transcript's length stops growing, so its
    /// length is not a position to follow it by.
    ///
    /// `transcript_since(0)` is the whole kept transcript and the count of
    /// dropped entries, read under one lock.
    pub fn transcript_since(&self, seen: u64) -> (Vec<Value>, u64) {
        let core = self.shared.core();
        let dropped = core.transcript_dropped();
        let missed = dropped.saturating_sub(seen);
        let skip = usize::try_from(seen.saturating_sub(dropped)).unwrap_or(usize::MAX);
        let entries = core.transcript().iter().skip(skip).cloned().collect();
        (entries, missed)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
