//! From Graph tone notifications to the digits a caller typed: a tone
//! sequencer and a digit collector, sans-IO and deterministic.
//!
//! A tone notification is one key press, delivered at least once and not
//! always in order. This crate turns a stream of them into what Twilio
//! `<Gather>` or ACS `recognize` give their users: the digits, and why the
//! input ended.
//!
//! - [`ToneSequencer`]: one call's tone events, once each, in sequence order;
//!   gaps reported, never blocking for ever; memory bounded by its window.
//! - [`DigitCollector`]: the digits, with the options users know (maximum and
//!   minimum digits, stop tones, allowed tones, clear key, initial,
//!   inter-digit and overall timeouts; see [`CollectorOptions`] for how they
//!   map to Twilio, ACS and Amazon Lex), ending with a [`CompletionReason`].
//! - [`CallCollectors`]: one collector per call, for a stream of many calls,
//!   with a bound on the calls tracked.
//! - A prompt-and-collect step: `poll_first_key()` says when the caller
//!   started typing, so that the bot cancels its prompt (barge-in); keys
//!   typed before the collection starts are kept for it
//!   ([`CollectorOptions::with_type_ahead`], [`CallCollectors::track`]); a
//!   call's end from `call_events()` ends its collection
//!   ([`CallCollectors::handle_call_event`]). The root README shows the
//!   whole step, from answer to hang-up.
//! - [`CallStore`]: where a bot keeps each call's state between
//!   notifications, behind one interface: [`MemoryStore`] in one process,
//!   `graph-comms-dtmf-redis` for a fleet of workers.
//!
//! It does no I/O, reads no clock and starts no timer: every input takes
//! `now` (a [`Timestamp`]), `next_deadline()` says when to come back, and
//! `handle_timeout(now)` / `poll_*()` drive it, in the style of quinn-proto.
//! It needs no async runtime.
//!
//! # Collecting digits
//!
//! The documented notification (sequenceId 1, `tone1`) delivered three times,
//! and a second one (sequenceId 2, `pound`) that arrives first:
//!
//! ```
//! use graph_comms_dtmf::{CollectorOptions, CompletionReason, DigitCollector, Timestamp};
//! use graph_comms_models::Tone;
//!
//! let options = CollectorOptions::new().with_max_digits(6); // `#` ends, 5 s timeouts
//! let mut collector = DigitCollector::new(options, Timestamp::from_millis(0))?;
//! for (ms, sequence_id, tone) in [
//!     (100, 2, Tone::Pound),
//!     (120, 1, Tone::Tone1),
//!     (130, 1, Tone::Tone1),
//!     (140, 1, Tone::Tone1),
//! ] {
//!     collector.handle_tone(Timestamp::from_millis(ms), sequence_id, tone);
//! }
//! let completion = collector.poll_completion().expect("the stop tone ends the input");
//! assert_eq!(completion.reason, CompletionReason::StopTone);
//! assert_eq!(completion.digits.expose(), "1");
//! # Ok::<(), graph_comms_dtmf::OptionsError>(())
//! ```
//!
//! # Timeouts
//!
//! Ask [`DigitCollector::next_deadline`] when to come back, and call
//! [`DigitCollector::handle_timeout`] then (from a timer, a delayed queue
//! message, or the next request: every input applies the timeouts due at its
//! `now` first, so a late call gives the same result).
//!
//! ```
//! use graph_comms_dtmf::{CollectorOptions, CompletionReason, DigitCollector, Timestamp};
//! use graph_comms_models::Tone;
//! use std::time::Duration;
//!
//! let options = CollectorOptions::new().with_inter_digit_timeout(Duration::from_secs(2));
//! let mut collector = DigitCollector::new(options, Timestamp::from_millis(0))?;
//! collector.handle_tone(Timestamp::from_millis(1_000), 1, Tone::Tone9);
//! assert_eq!(collector.next_deadline(), Some(Timestamp::from_millis(3_000)));
//!
//! collector.handle_timeout(Timestamp::from_millis(3_000));
//! let completion = collector.poll_completion().expect("2 s of silence");
//! assert_eq!(completion.reason, CompletionReason::InterDigitTimeout);
//! assert_eq!(completion.digits.expose(), "9");
//! # Ok::<(), graph_comms_dtmf::OptionsError>(())
//! ```
//!
//! # Stateless workers
//!
//! The state of a sequencer, a collector and a [`CallCollectors`] is
//! `Serialize`/`Deserialize`, and continuing from a copy gives exactly the
//! result the original would have given. Reading a copy checks its invariants
//! ([`StateError`]), so a damaged copy is an error, not a panic later.
//!
//! ```
//! use graph_comms_dtmf::{CollectorOptions, DigitCollector, Timestamp};
//! use graph_comms_models::Tone;
//!
//! let mut collector = DigitCollector::new(CollectorOptions::new(), Timestamp::from_millis(0))?;
//! collector.handle_tone(Timestamp::from_millis(500), 1, Tone::Tone3);
//! let stored = serde_json::to_string(&collector)?;
//!
//! // Another worker, the next notification:
//! let mut collector: DigitCollector = serde_json::from_str(&stored)?;
//! collector.handle_tone(Timestamp::from_millis(900), 2, Tone::Pound);
//! assert_eq!(collector.poll_completion().unwrap().digits.expose(), "3");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Privacy
//!
//! "Any tone data provided may not be persisted" (Graph, `subscribeToTone`),
//! and logs are persistence. [`Digits`] and every type holding tones have a
//! `Debug` that shows counts, never keys; reading digits is
//! [`Digits::expose`]. No error message quotes a tone or digit. With the
//! `zeroize` feature the digit buffers are overwritten when dropped or
//! cleared. A serialised state does hold tones and digits: storing it is the
//! caller's explicit choice, for the life of the call, in a store fit for
//! PINs.
//!
//! # Features
//!
//! - `zeroize`: overwrite digit buffers on drop and clear.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod collection;
mod collector;
mod completion;
mod digits;
mod error;
mod options;
mod router;
mod sequencer;
mod store;
mod time;

pub use collector::{CollectorStats, DigitCollector};
pub use completion::{Completion, CompletionReason};
pub use digits::Digits;
pub use error::{
    OptionsError, OptionsErrorKind, RouteError, RouteErrorKind, StateError, StateErrorKind,
};
pub use options::{CollectorOptions, InvalidTone};
pub use router::{CallCollectors, CallCompletion, CallFirstKey, CallLimits, CallStats};
pub use sequencer::{
    Admission, Gap, SequencedTone, SequencerEvent, SequencerOptions, SequencerStats, ToneSequencer,
};
pub use store::{CallStore, MemoryStore, StoreError, StoreErrorKind};
pub use time::Timestamp;

/// The README shown on crates.io: its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
