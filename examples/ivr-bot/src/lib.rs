//! `ivr-bot`: a complete PIN-entry calling bot on the graph-comms crates.
//!
//! It answers incoming calls with service-hosted media, subscribes to tones,
//! plays a greeting, cancels it on the first key (barge-in), collects a PIN
//! (keys typed during the greeting count), plays a confirmation and hangs
//! up. Every callback is verified first (graph-comms-auth), read with
//! graph-comms-http's `CallbackReader` and graph-comms-models, and
//! acknowledged with `202` once its events are recorded; the Graph requests
//! (graph-comms-http's builders) are made after.
//!
//! - [`flow`]: the sans-IO core: [`CallFlow`], a call's state, and
//!   [`flow::step`], a pure function from (state, event, time) to actions.
//! - [`Bot`]: the axum server around it, generic over where the states
//!   live ([`FlowStore`]): in memory, or in Redis for a fleet of workers.
//! - [`demo`]: the bot against the in-process emulator, as a person sees it.
//!
//! # The flow, without a network
//!
//! ```
//! use graph_comms_dtmf::{CompletionReason, Timestamp};
//! use graph_comms_models::Tone;
//! use ivr_bot::FlowConfig;
//! use ivr_bot::flow::{self, Action, FlowEvent, PromptKind};
//!
//! let config = FlowConfig::new(4)?; // a 4-digit PIN, `#` ends it early
//! let t = Timestamp::from_millis;
//! let mut state = None; // what the store holds for the call
//! let mut apply = |event: FlowEvent, ms: u64| flow::step(&mut state, &event, t(ms), &config);
//!
//! assert_eq!(apply(FlowEvent::Incoming, 0), [Action::Answer]);
//! assert_eq!(
//!     apply(FlowEvent::Established, 300),
//!     [Action::SubscribeToTone, Action::PlayPrompt(PromptKind::Greeting)]
//! );
//! // The caller types during the greeting: cancel it (barge-in).
//! let key = |sequence_id, tone| FlowEvent::Tone { sequence_id, tone };
//! assert_eq!(apply(key(1, Tone::Tone4), 1_500), [Action::CancelMedia]);
//! // The greeting's operation ends: the key typed ahead counts.
//! let ended = FlowEvent::OperationEnded {
//!     operation_id: "0fe0623f-d628-42ed-b4bd-8ac290072cc5".into(),
//!     client_context: Some(PromptKind::Greeting.client_context().into()),
//! };
//! assert!(apply(ended, 1_600).is_empty());
//! let done = apply(key(2, Tone::Pound), 2_000);
//! let Action::Report { digits, reason } = &done[0] else { panic!("a report") };
//! assert_eq!((digits.expose(), *reason), ("4", CompletionReason::StopTone));
//! assert_eq!(done[1], Action::PlayPrompt(PromptKind::Confirmation));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Output: one JSON line on stdout per finished collection (the digits
//! redacted unless asked), human logs on stderr (no tone, digit, token or
//! secret; call ids escaped for the terminal). See the README's "An IVR
//! bot" section for the flags.
#![forbid(unsafe_code)]

mod bot;
pub mod demo;
pub mod flow;
mod graph;
mod store;

pub use bot::{Bot, BotSettings};
pub use flow::{CallFlow, FlowConfig};
pub use store::FlowStore;

/// Where the prompts' WAV files are unless `--prompt-base-url` says:
/// a placeholder (contoso's, as in the Graph docs' examples) that serves
/// nothing, so that a real deployment gives its own.
pub const DEFAULT_PROMPT_BASE_URL: &str = "https://cdn.contoso.com/ivr-bot/";

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// Installs the TLS provider every reqwest client of the process needs with
/// the `tls` feature (ring); does nothing without it. [`Bot::start`] and
/// the demo call it before they build a client.
pub(crate) fn install_tls() {
    #[cfg(feature = "tls")]
    {
        // An error means a provider is installed already: as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Where the bot's time comes from: the system clock in production, the
/// emulator's virtual clock in tests. Call states use Unix milliseconds, so
/// that the workers of a fleet agree.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(SystemTime::now)
}

/// Where the bot's output goes.
pub trait Sink: Send + Sync + 'static {
    /// A completion line (JSON, one line).
    fn completion(&self, line: &str);
    /// Something for the human log.
    fn event(&self, event: &BotEvent);
}

/// The binary's output: completion lines on stdout, the log on stderr.
#[derive(Clone, Copy, Debug, Default)]
pub struct StdSink;

impl Sink for StdSink {
    fn completion(&self, line: &str) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }

    fn event(&self, event: &BotEvent) {
        eprintln!("ivr-bot: {event}");
    }
}

/// What the bot did or saw, for the human log. Its `Display` holds no tone,
/// digit, token or secret, and escapes the control characters of the call
/// ids (they come from callbacks).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BotEvent {
    /// The call was answered (Graph said 202).
    Answered {
        /// The call.
        call: String,
    },
    /// The bot subscribed to the call's tones.
    Subscribed {
        /// The call.
        call: String,
    },
    /// A prompt started.
    Prompt {
        /// The call.
        call: String,
        /// Which.
        prompt: flow::PromptKind,
    },
    /// The caller started typing: the greeting was cancelled.
    BargeIn {
        /// The call.
        call: String,
    },
    /// A collection finished (the completion line was printed).
    Collected {
        /// The call.
        call: String,
        /// How many digits.
        digits: usize,
        /// Why it ended, as in the completion line.
        reason: String,
    },
    /// The bot hung up.
    HungUp {
        /// The call.
        call: String,
    },
    /// A Graph request failed.
    GraphFailed {
        /// The call.
        call: String,
        /// Which request.
        action: &'static str,
        /// Why (no token, no secret).
        why: String,
    },
    /// A callback was refused.
    Refused {
        /// The status answered.
        status: u16,
        /// Why.
        why: String,
    },
    /// Notifications of a callback that could not be read.
    Unreadable {
        /// How many.
        count: usize,
    },
    /// The store failed an update.
    Store {
        /// Why.
        why: String,
    },
    /// The callback keys.
    Keys {
        /// What happened.
        message: String,
    },
}

use graph_comms_core::terminal_safe;

impl fmt::Display for BotEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BotEvent::Answered { call } => write!(f, "call {}: answered", terminal_safe(call)),
            BotEvent::Subscribed { call } => {
                write!(f, "call {}: subscribed to tones", terminal_safe(call))
            }
            BotEvent::Prompt { call, prompt } => {
                let what = match prompt {
                    flow::PromptKind::Greeting => "the greeting plays (enter your PIN)",
                    flow::PromptKind::Confirmation => "the confirmation plays",
                    _ => "the no-PIN prompt plays",
                };
                write!(f, "call {}: {what}", terminal_safe(call))
            }
            BotEvent::BargeIn { call } => write!(
                f,
                "call {}: the caller started typing: greeting cancelled",
                terminal_safe(call)
            ),
            BotEvent::Collected {
                call,
                digits,
                reason,
            } => write!(
                f,
                "call {}: PIN collected ({digits} digits, {reason})",
                terminal_safe(call)
            ),
            BotEvent::HungUp { call } => write!(f, "call {}: hung up", terminal_safe(call)),
            BotEvent::GraphFailed { call, action, why } => write!(
                f,
                "call {}: {action} failed: {}",
                terminal_safe(call),
                terminal_safe(why)
            ),
            BotEvent::Refused { status, why } => {
                write!(f, "refused a callback ({status}): {}", terminal_safe(why))
            }
            BotEvent::Unreadable { count } => write!(
                f,
                "a callback had {count} notification(s) that could not be read; the rest was taken"
            ),
            BotEvent::Store { why } => write!(f, "call state store: {}", terminal_safe(why)),
            BotEvent::Keys { message } => f.write_str(&terminal_safe(message)),
        }
    }
}
