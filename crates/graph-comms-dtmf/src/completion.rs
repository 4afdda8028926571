//! [`CompletionReason`] and [`Completion`]: how a digit collection ended.

use crate::{Digits, Timestamp};
use graph_comms_models::Tone;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a digit collection ended.
///
/// Serialised, and [`CompletionReason::as_str`], as kebab-case strings:
/// `max-digits`, `stop-tone`, `inter-digit-timeout`, `initial-timeout`,
/// `overall-timeout`, `cancelled`, `call-ended`, `invalid-input`.
///
/// ```
/// use graph_comms_dtmf::CompletionReason;
///
/// assert_eq!(CompletionReason::StopTone.as_str(), "stop-tone");
/// assert_eq!(serde_json::to_string(&CompletionReason::MaxDigits).unwrap(), r#""max-digits""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CompletionReason {
    /// The maximum number of digits was reached (Twilio `numDigits`, ACS
    /// `maxTonesToCollect`).
    MaxDigits,
    /// A stop tone was pressed (Twilio `finishOnKey`, ACS `stopTones`).
    StopTone,
    /// No key came within the inter-digit timeout after the last one; the
    /// digits so far are the result.
    InterDigitTimeout,
    /// No key came within the initial timeout (ACS `initialSilenceTimeout`).
    InitialTimeout,
    /// The overall timeout passed.
    OverallTimeout,
    /// The caller cancelled the collection ([`crate::DigitCollector::cancel`]), or
    /// the per-call map evicted it.
    Cancelled,
    /// The call ended ([`crate::DigitCollector::call_ended`], [`crate::CallCollectors::handle_call_event`]).
    CallEnded,
    /// A tone that is not allowed was pressed, or a stop tone came before the
    /// minimum number of digits.
    InvalidInput,
}

impl CompletionReason {
    /// Every reason, in declaration order.
    pub const ALL: [CompletionReason; 8] = [
        CompletionReason::MaxDigits,
        CompletionReason::StopTone,
        CompletionReason::InterDigitTimeout,
        CompletionReason::InitialTimeout,
        CompletionReason::OverallTimeout,
        CompletionReason::Cancelled,
        CompletionReason::CallEnded,
        CompletionReason::InvalidInput,
    ];

    /// The kebab-case name, the same as the serialised form.
    pub fn as_str(&self) -> &'static str {
        match self {
            CompletionReason::MaxDigits => "max-digits",
            CompletionReason::StopTone => "stop-tone",
            CompletionReason::InterDigitTimeout => "inter-digit-timeout",
            CompletionReason::InitialTimeout => "initial-timeout",
            CompletionReason::OverallTimeout => "overall-timeout",
            CompletionReason::Cancelled => "cancelled",
            CompletionReason::CallEnded => "call-ended",
            CompletionReason::InvalidInput => "invalid-input",
        }
    }

    /// Whether one of the three timeouts ended the collection.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            CompletionReason::InterDigitTimeout
                | CompletionReason::InitialTimeout
                | CompletionReason::OverallTimeout
        )
    }
}

impl fmt::Display for CompletionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The end of a digit collection: why, and what was typed.
///
/// `Debug` shows the reason and counts, never a digit or tone.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Completion {
    /// Why it ended.
    pub reason: CompletionReason,
    /// The digits collected (redacted in `Debug`; read with `expose()`).
    pub digits: Digits,
    /// The stop tone that ended it, for [`CompletionReason::StopTone`] (and
    /// for [`CompletionReason::InvalidInput`] when it came too early).
    pub stop_tone: Option<Tone>,
    /// When it ended: the deadline for a timeout, when the deciding key was
    /// pressed at the latest for a key, the caller's `now` otherwise.
    pub at: Timestamp,
    /// How many sequence ids were reported missing during the collection:
    /// if not zero, keys may have been lost and the digits may be wrong.
    pub missed_tones: u64,
    /// How many keys pressed before the collection started were dropped
    /// because the type-ahead was full
    /// ([`CollectorOptions::with_type_ahead`](crate::CollectorOptions::with_type_ahead);
    /// all of them with a type-ahead of 0): if not zero, the digits lack keys
    /// the caller typed ahead. These tones are also counted in
    /// [`CollectorStats::ignored_tones`](crate::CollectorStats::ignored_tones).
    pub dropped_type_ahead: u64,
}
