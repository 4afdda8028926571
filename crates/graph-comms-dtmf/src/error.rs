//! Errors: options that cannot work, and stored state that breaks an invariant.

use std::fmt;

/// Options that cannot work, found by `validate()` or a constructor.
///
/// The message names the option and the limit, never a tone.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionsError {
    /// The sequencer window is 0 or above [`crate::SequencerOptions::MAX_WINDOW`].
    Window {
        /// The window asked for.
        window: u16,
    },
    /// The maximum number of digits is 0 or above [`crate::CollectorOptions::DIGIT_LIMIT`].
    MaxDigits {
        /// The maximum asked for.
        max_digits: u16,
    },
    /// The minimum number of digits is above the maximum (or above
    /// [`crate::CollectorOptions::DIGIT_LIMIT`] when there is no maximum).
    MinAboveMax {
        /// The minimum asked for.
        min_digits: u16,
        /// The maximum in force.
        max_digits: u16,
    },
    /// The clear tone is also a stop tone, so it could never clear.
    ClearToneIsStopTone,
    /// The per-call map may track no call at all.
    MaxCalls,
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionsError::Window { window } => write!(
                f,
                "sequencer window {window} is out of range: it must be 1 to {}",
                crate::SequencerOptions::MAX_WINDOW
            ),
            OptionsError::MaxDigits { max_digits } => write!(
                f,
                "max_digits {max_digits} is out of range: it must be 1 to {}",
                crate::CollectorOptions::DIGIT_LIMIT
            ),
            OptionsError::MinAboveMax {
                min_digits,
                max_digits,
            } => write!(
                f,
                "min_digits {min_digits} is above the maximum of {max_digits} digits"
            ),
            OptionsError::ClearToneIsStopTone => {
                f.write_str("the clear tone is also one of the stop tones")
            }
            OptionsError::MaxCalls => f.write_str("max_calls must be at least 1"),
        }
    }
}

impl std::error::Error for OptionsError {}

/// A stored state that cannot be continued from: it was not written by this
/// crate, or was changed. Reading a state (`Deserialize`) checks its
/// invariants so that a bad copy in a store is an error, not a panic or an
/// unbounded buffer later.
///
/// The message names the part of the state and the broken rule, never a tone
/// or digit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// The options in the state are invalid.
    Options(OptionsError),
    /// A part of the state breaks an invariant.
    Invalid {
        /// Which part (e.g. `sequencer.held`).
        at: &'static str,
        /// Which rule.
        problem: &'static str,
    },
}

impl StateError {
    pub(crate) fn invalid(at: &'static str, problem: &'static str) -> Self {
        StateError::Invalid { at, problem }
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Options(error) => write!(f, "invalid state: options: {error}"),
            StateError::Invalid { at, problem } => write!(f, "invalid state: {at}: {problem}"),
        }
    }
}

impl std::error::Error for StateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StateError::Options(error) => Some(error),
            StateError::Invalid { .. } => None,
        }
    }
}

/// A tone event the per-call map cannot take.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouteError {
    /// The call id is longer than [`crate::CallLimits::MAX_CALL_ID_LEN`] bytes
    /// (Graph call ids are 36-character GUIDs), so it is not kept.
    CallIdTooLong {
        /// Its length in bytes.
        len: usize,
    },
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::CallIdTooLong { len } => write!(
                f,
                "call id of {len} bytes is longer than the limit of {} bytes",
                crate::CallLimits::MAX_CALL_ID_LEN
            ),
        }
    }
}

impl std::error::Error for RouteError {}
