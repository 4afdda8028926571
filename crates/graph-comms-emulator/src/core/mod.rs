//! The sans-IO core: emulated calls, their operations, the scripted callers
//! and the notifications to post. No sockets and no clock: every method takes
//! `now`, the time since the emulator started, and the driver asks
//! [`Core::next_deadline`] when to call [`Core::handle_timeout`] (the style
//! of quinn-proto).
//!
//! The runtime ([`crate::Emulator`]) drives a `Core` with real sockets; a test
//! can drive one directly:
//!
//! ```
//! use graph_comms_emulator::core::{Core, CoreConfig};
//! use std::time::Duration;
//!
//! let mut core = Core::new(CoreConfig::new("app-id", "tenant-id", "http://127.0.0.1:1"));
//! let call_id = core.start_incoming_call(Duration::ZERO, None, Some("+15550100"));
//! let delivery = core.poll_delivery(Duration::ZERO).expect("the `created` notification");
//! assert_eq!(delivery.body["value"][0]["changeType"], "created");
//! // Nobody answers: 15 s later the call ends (408/1106).
//! assert_eq!(core.next_deadline(), Some(Duration::from_secs(15)));
//! core.handle_timeout(Duration::from_secs(15));
//! assert_eq!(core.call_view(&call_id).unwrap().state, "terminated");
//! ```

mod actions;
mod call;
mod errors;
mod faults;
mod graph;
mod media;
mod notify;
mod script;
mod tokens;
mod transcript;

pub use call::{CallView, RequestRecord};

use crate::scenario::{CallbackAnswer, Expectations, Faults, ScriptedCall};
use call::EmulatedCall;
use faults::Outbox;
pub use graph::{GraphRequest, GraphResponse};
use graph_comms_auth::ClientSecret;
use serde_json::{Value, json};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};
use std::fmt;
use std::time::Duration;
use tokens::TokenStore;
use transcript::Transcript;

/// The configuration of a [`Core`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CoreConfig {
    /// The bot's app id: the callbacks' `aud`, the only `client_id` the token
    /// endpoint accepts.
    pub app_id: String,
    /// The tenant id: the callbacks' `tid`, the calls' `tenantId`.
    pub tenant_id: String,
    /// Where the emulator serves (`http://127.0.0.1:PORT`): the base of
    /// `Location` headers and of `recordingLocation`.
    pub base_url: String,
    /// The client secret the token endpoint requires; `None` accepts any.
    /// Redacted in `Debug`.
    pub app_secret: Option<ClientSecret>,
    /// Whether tones and digits appear in the transcript (they are a PIN).
    pub show_tones: bool,
    /// How long each prompt plays, by its `mediaInfo.uri`.
    pub prompt_durations: HashMap<String, Duration>,
    /// How long a prompt not in `prompt_durations` plays (2 s).
    pub default_prompt_duration: Duration,
    /// The faults applied to the notifications.
    pub faults: Faults,
    /// The most entries the transcript keeps
    /// ([`CoreConfig::DEFAULT_TRANSCRIPT_LIMIT`] unless set): beyond it the
    /// oldest are dropped and counted ([`Core::transcript_dropped`]).
    pub transcript_limit: usize,
}

impl CoreConfig {
    /// A configuration with no faults, 2-second prompts, any client secret
    /// accepted, tones hidden and the default transcript limit.
    pub fn new(
        app_id: impl Into<String>,
        tenant_id: impl Into<String>,
        base_url: impl Into<String>,
    ) -> CoreConfig {
        CoreConfig {
            app_id: app_id.into(),
            tenant_id: tenant_id.into(),
            base_url: base_url.into(),
            app_secret: None,
            show_tones: false,
            prompt_durations: HashMap::new(),
            default_prompt_duration: ScriptedCall::DEFAULT_PROMPT_DURATION,
            faults: Faults::default(),
            transcript_limit: CoreConfig::DEFAULT_TRANSCRIPT_LIMIT,
        }
    }

    /// How many transcript entries are kept when not set: 10,000, about 430
    /// calls of the PIN scenario (23 entries, 3.1 kB of JSON text each,
    /// measured), so about 1.4 MB of JSON text; the entries are kept as
    /// `serde_json::Value`s, which take several times that in memory (not
    /// measured).
    pub const DEFAULT_TRANSCRIPT_LIMIT: usize = 10_000;
}

/// One POST to make to the bot: the notifications of one call, after faults.
///
/// Its `Debug` leaves out the body, which may hold tones and a recording
/// access token.
#[derive(Clone)]
#[non_exhaustive]
pub struct Delivery {
    /// The delivery's id, to report the bot's answer with
    /// [`Core::callback_answered`].
    pub id: u64,
    /// The call the notifications are about.
    pub call_id: String,
    /// The bot URL the call started with (incoming calls), if one was given
    /// for this call.
    pub bot_url: Option<String>,
    /// The call's `callbackUri`, once the bot gave one.
    pub callback_uri: Option<String>,
    /// The call's chain id (the `X-Microsoft-Skype-Chain-ID` header).
    pub chain_id: Option<String>,
    /// The body: a `commsNotifications` object.
    pub body: Value,
    /// How many notifications the body holds.
    pub notifications: usize,
    /// How many of them are tones (`toneInfo`).
    pub tones: u32,
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("id", &self.id)
            .field("call_id", &self.call_id)
            .field("notifications", &self.notifications)
            .field("tones", &self.tones)
            .finish_non_exhaustive()
    }
}

/// What the bot answered to a [`Delivery`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackOutcome {
    /// The bot answered with this status, after this latency.
    Answered {
        /// The HTTP status.
        status: u16,
        /// The time from sending to the answer.
        latency: Duration,
    },
    /// No answer: the connection failed, or the budget ran out.
    NoAnswer {
        /// The time until the attempt was given up.
        latency: Duration,
    },
}

/// An error of the control operations ([`Core::press`], [`Core::hangup`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlError {
    kind: ControlErrorKind,
}

/// What kind of [`ControlError`] happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ControlErrorKind {
    /// No call has this id.
    UnknownCall,
    /// The call has ended.
    CallEnded,
    /// The tones hold a character that is not a DTMF key (0-9, *, #, A-D).
    InvalidTone,
    /// More keys in one press than a scenario step allows
    /// ([`CallerStep::MAX_KEYS`](crate::scenario::CallerStep::MAX_KEYS)),
    /// or an interval longer than
    /// [`Press::MAX_INTERVAL`](crate::scenario::Press::MAX_INTERVAL).
    PressTooLong,
}

impl ControlError {
    pub(crate) fn new(kind: ControlErrorKind) -> ControlError {
        ControlError { kind }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ControlErrorKind {
        self.kind
    }
}

impl fmt::Display for ControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            ControlErrorKind::UnknownCall => {
                "no emulated call has this id: use the callId that POST /calls returned"
            }
            ControlErrorKind::CallEnded => "the call has ended: start another with POST /calls",
            ControlErrorKind::InvalidTone => {
                "the tones hold a character that is not a DTMF key: use 0-9, *, #, A-D"
            }
            ControlErrorKind::PressTooLong => {
                "a press holds at most 64 keys, at most 60 s (60000 ms) apart: \
                 split the keys over several presses"
            }
        })
    }
}

impl std::error::Error for ControlError {}

/// Something scheduled.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Event {
    /// The incoming call was not answered in time.
    AnswerDeadline(String),
    /// The call moves to `established`.
    Established(String),
    /// The caller presses a key.
    Key(String, char),
    /// The caller hangs up.
    Hangup(String),
    /// The running media operation's timer (valid while its generation is
    /// the call's current one).
    Media(String, u64),
    /// A sendDtmfTones operation has sent its tones.
    DtmfSent(String, String),
    /// A scripted call rings.
    Ring(String),
    /// Nothing: a deadline for the driver (a scenario's end).
    Wake,
}

/// A delivery sent and not yet answered.
struct InFlight {
    call_id: String,
    /// Whether the call ends when the answer is late (the incoming call's
    /// `created`).
    ends_call: bool,
    /// How many tone notifications it carries.
    tones: u32,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    at: Duration,
    seq: u64,
    event: Event,
}

/// The emulated service: see the [module docs](self).
///
/// Its `Debug` shows counts only: the calls hold tones, recording access
/// tokens and the tokens the emulator issued.
pub struct Core {
    pub(crate) config: CoreConfig,
    pub(crate) calls: BTreeMap<String, EmulatedCall>,
    /// Scripted calls that have not rung yet.
    pending: HashMap<String, EmulatedCall>,
    timers: BinaryHeap<Reverse<Timer>>,
    seq: u64,
    pub(crate) outbox: Outbox,
    transcript: Transcript,
    pub(crate) tokens: TokenStore,
    /// Deliveries sent and not yet answered.
    in_flight: HashMap<u64, InFlight>,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("calls", &self.calls.len())
            .field("timers", &self.timers.len())
            .field("transcript", &self.transcript.entries().len())
            .field("transcript_dropped", &self.transcript.dropped())
            .finish_non_exhaustive()
    }
}

impl Core {
    /// A core with no calls.
    pub fn new(config: CoreConfig) -> Core {
        let outbox = Outbox::new(config.faults.clone());
        let transcript = Transcript::new(config.transcript_limit);
        Core {
            config,
            calls: BTreeMap::new(),
            pending: HashMap::new(),
            timers: BinaryHeap::new(),
            seq: 0,
            outbox,
            transcript,
            tokens: TokenStore::default(),
            in_flight: HashMap::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &CoreConfig {
        &self.config
    }

    pub(crate) fn schedule(&mut self, at: Duration, event: Event) {
        self.seq += 1;
        self.timers.push(Reverse(Timer {
            at,
            seq: self.seq,
            event,
        }));
    }

    /// When [`Core::handle_timeout`] must next be called, if anything is
    /// scheduled.
    pub fn next_deadline(&self) -> Option<Duration> {
        let timer = self.timers.peek().map(|Reverse(t)| t.at);
        match (timer, self.outbox.next_release()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs everything scheduled at or before `now`.
    pub fn handle_timeout(&mut self, now: Duration) {
        while let Some(Reverse(timer)) = self.timers.peek() {
            if timer.at > now {
                break;
            }
            let Some(Reverse(timer)) = self.timers.pop() else {
                break;
            };
            self.fire(timer.at, timer.event);
        }
    }

    fn fire(&mut self, at: Duration, event: Event) {
        match event {
            Event::AnswerDeadline(call_id) => {
                let unanswered = self
                    .calls
                    .get(&call_id)
                    .is_some_and(EmulatedCall::is_incoming);
                if unanswered {
                    self.note(
                        at,
                        json!({"event": "answer budget exceeded", "callId": call_id}),
                    );
                    self.terminate(at, &call_id, notify::ACK_TIMEOUT);
                }
            }
            Event::Established(call_id) => self.establish(at, &call_id),
            Event::Key(call_id, key) => self.key(at, &call_id, key),
            Event::Hangup(call_id) => {
                let _ = self.hangup(at, &call_id);
            }
            Event::Media(call_id, generation) => self.media_timer(at, &call_id, generation),
            Event::DtmfSent(call_id, op_id) => self.dtmf_sent(at, &call_id, &op_id),
            Event::Ring(call_id) => self.ring_pending(at, &call_id),
            Event::Wake => {}
        }
    }

    /// The next POST to make to the bot, if one is due at `now`.
    pub fn poll_delivery(&mut self, now: Duration) -> Option<Delivery> {
        let (call_id, items, ends_call) = self.outbox.poll(now)?;
        let call = self.calls.get(&call_id);
        let bot_url = call.and_then(|c| c.bot_url.clone());
        let callback_uri = call.and_then(|c| c.callback_uri.clone());
        let chain_id = call.map(|c| c.chain_id.clone());
        self.seq += 1;
        let id = self.seq;
        let notifications = items.len();
        let tones = items
            .iter()
            .filter(|item| item["resourceData"]["toneInfo"].is_object())
            .count();
        let tones = u32::try_from(tones).unwrap_or(u32::MAX);
        self.in_flight.insert(
            id,
            InFlight {
                call_id: call_id.clone(),
                ends_call,
                tones,
            },
        );
        let body = json!({
            "@odata.type": self.outbox.odata_type(&call_id, "#microsoft.graph.commsNotifications"),
            "value": items,
        });
        Some(Delivery {
            id,
            call_id,
            bot_url,
            callback_uri,
            chain_id,
            body,
            notifications,
            tones,
        })
    }

    /// Records the bot's answer to a delivery. A late or missing answer to
    /// an incoming call's `created` notification ends the call (408/1106).
    pub fn callback_answered(
        &mut self,
        now: Duration,
        delivery: u64,
        url: &str,
        outcome: CallbackOutcome,
    ) {
        let Some(InFlight {
            call_id,
            ends_call,
            tones,
        }) = self.in_flight.remove(&delivery)
        else {
            return;
        };
        let (status, latency) = match outcome {
            CallbackOutcome::Answered { status, latency } => (Some(status), latency),
            CallbackOutcome::NoAnswer { latency } => (None, latency),
        };
        let millis = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
        // Without its query: a callback URL may carry a secret there (an
        // Azure Functions `?code=`), as the bot's requests are logged.
        let url = url.split(['?', '#']).next().unwrap_or_default();
        self.note(
            now,
            json!({"event": "callback", "callId": call_id, "url": url, "status": status, "latencyMs": millis, "tones": tones}),
        );
        if let Some(call) = self.calls.get_mut(&call_id) {
            let answer = match status {
                Some(status) => CallbackAnswer::answered(status, latency),
                None => CallbackAnswer::unanswered(latency),
            };
            call.callbacks.push(answer.with_tones(tones));
        }
        // Whether the service retries a callback that got no answer (a
        // connection error, a timeout) is not documented; the emulator does
        // not retry, and counts it as a missed acknowledgement.
        let late = status.is_none() || latency > Expectations::CALLBACK_BUDGET;
        if late
            && ends_call
            && self
                .calls
                .get(&call_id)
                .is_some_and(EmulatedCall::is_incoming)
        {
            self.terminate(now, &call_id, notify::ACK_TIMEOUT);
        }
    }

    /// Queues a notification for the bot, through the call's faults; one the
    /// `drop` fault drops is recorded in the transcript instead.
    pub(crate) fn post(
        &mut self,
        now: Duration,
        call_id: &str,
        item: graph_comms_models::CommsNotification,
        ends_call: bool,
    ) {
        if let Some(kind) = self.outbox.push(now, call_id, item, ends_call) {
            self.note(
                now,
                json!({"event": "notification dropped", "callId": call_id, "kind": kind}),
            );
        }
    }

    /// Appends a transcript entry (dropping the oldest beyond the limit).
    pub(crate) fn note(&mut self, now: Duration, mut entry: Value) {
        if let Value::Object(map) = &mut entry {
            let millis = u64::try_from(now.as_millis()).unwrap_or(u64::MAX);
            map.insert("atMs".into(), json!(millis));
        }
        self.transcript.push(entry);
    }

    /// The transcript: one JSON object per exchange, in order, the last
    /// [`CoreConfig::transcript_limit`] of them. Tones and digits appear only
    /// when [`CoreConfig::show_tones`] is set.
    pub fn transcript(&self) -> &VecDeque<Value> {
        self.transcript.entries()
    }

    /// How many of the oldest transcript entries were dropped to keep it
    /// within [`CoreConfig::transcript_limit`]. The entry numbered `n` from
    /// 0 over the whole run is `transcript()[n - transcript_dropped()]`
    /// while kept, so a reader that follows the transcript counts
    /// `transcript_dropped() + transcript().len()` entries seen.
    pub fn transcript_dropped(&self) -> u64 {
        self.transcript.dropped()
    }

    /// What the control API shows of a call.
    pub fn call_view(&self, call_id: &str) -> Option<CallView> {
        self.calls.get(call_id).map(EmulatedCall::view)
    }

    /// Whether the call has rung and is over (a cheap check, without the
    /// copy a [`CallView`] makes).
    pub(crate) fn has_ended(&self, call_id: &str) -> bool {
        self.calls
            .get(call_id)
            .is_some_and(EmulatedCall::is_terminated)
    }

    /// The ids of all calls, oldest first.
    pub fn call_ids(&self) -> Vec<String> {
        let mut ids: Vec<_> = self
            .calls
            .values()
            .map(|c| (c.started, c.id.clone()))
            .collect();
        ids.sort();
        ids.into_iter().map(|(_, id)| id).collect()
    }

    /// Whether `token` is a recording access token this core issued for the
    /// recording `recording_id`.
    pub fn recording_authorized(&self, recording_id: &str, token: &str) -> bool {
        self.calls
            .values()
            .any(|c| c.recordings.get(recording_id).is_some_and(|t| t == token))
    }
}
