//! Errors: options that cannot work, stored state that breaks an invariant,
//! and a call id the router cannot key by.
//!
//! Each is an opaque struct with a `kind()`, as across the workspace; the
//! message says what is wrong and what to do, and never contains a tone or a
//! digit.

use graph_comms_core::IdError;
use std::fmt;

/// Options that cannot work, found by `validate()` or a constructor.
///
/// The message names the option and the limit, never a tone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsError {
    kind: OptionsErrorKind,
    value: u16,
    limit: u16,
}

/// What is wrong with the options: see [`OptionsError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OptionsErrorKind {
    /// The sequencer window is 0 or above [`crate::SequencerOptions::MAX_WINDOW`].
    Window,
    /// The maximum number of digits is 0 or above [`crate::CollectorOptions::DIGIT_LIMIT`].
    MaxDigits,
    /// The minimum number of digits is above the maximum (or above
    /// [`crate::CollectorOptions::DIGIT_LIMIT`] when there is no maximum).
    MinAboveMax,
    /// The clear tone is also a stop tone, so it could never clear.
    ClearToneIsStopTone,
    /// The per-call map may track no call at all.
    MaxCalls,
    /// The type-ahead limit is above [`crate::CollectorOptions::DIGIT_LIMIT`].
    TypeAhead,
}

impl OptionsError {
    fn new(kind: OptionsErrorKind, value: u16, limit: u16) -> Self {
        OptionsError { kind, value, limit }
    }

    pub(crate) fn window(window: u16) -> Self {
        Self::new(
            OptionsErrorKind::Window,
            window,
            crate::SequencerOptions::MAX_WINDOW,
        )
    }

    pub(crate) fn max_digits(max_digits: u16) -> Self {
        Self::new(
            OptionsErrorKind::MaxDigits,
            max_digits,
            crate::CollectorOptions::DIGIT_LIMIT,
        )
    }

    pub(crate) fn min_above_max(min_digits: u16, max_digits: u16) -> Self {
        Self::new(OptionsErrorKind::MinAboveMax, min_digits, max_digits)
    }

    pub(crate) fn clear_tone_is_stop_tone() -> Self {
        Self::new(OptionsErrorKind::ClearToneIsStopTone, 0, 0)
    }

    pub(crate) fn type_ahead(type_ahead: u16) -> Self {
        Self::new(
            OptionsErrorKind::TypeAhead,
            type_ahead,
            crate::CollectorOptions::DIGIT_LIMIT,
        )
    }

    pub(crate) fn max_calls() -> Self {
        Self::new(OptionsErrorKind::MaxCalls, 0, 1)
    }

    /// What is wrong.
    pub fn kind(&self) -> OptionsErrorKind {
        self.kind
    }

    /// The value asked for: the window, `max_digits`, `min_digits` or
    /// `type_ahead` (0 for the kinds without a number).
    pub fn value(&self) -> u16 {
        self.value
    }

    /// The limit it breaks: the largest window or `max_digits`, or the
    /// maximum `min_digits` is above.
    pub fn limit(&self) -> u16 {
        self.limit
    }
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (value, limit) = (self.value, self.limit);
        match self.kind {
            OptionsErrorKind::Window => write!(
                f,
                "sequencer window {value} is out of range: it must be 1 to {limit}"
            ),
            OptionsErrorKind::MaxDigits => write!(
                f,
                "max_digits {value} is out of range: it must be 1 to {limit}"
            ),
            OptionsErrorKind::MinAboveMax => write!(
                f,
                "min_digits {value} is above the maximum of {limit} digits"
            ),
            OptionsErrorKind::ClearToneIsStopTone => {
                f.write_str("the clear tone is also one of the stop tones")
            }
            OptionsErrorKind::MaxCalls => f.write_str("max_calls must be at least 1"),
            OptionsErrorKind::TypeAhead => write!(
                f,
                "type_ahead {value} is out of range: it must be 0 to {limit}"
            ),
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
pub struct StateError {
    kind: StateErrorKind,
    at: &'static str,
    problem: &'static str,
    options: Option<OptionsError>,
}

/// What is wrong with a stored state: see [`StateError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StateErrorKind {
    /// The options in the state are invalid ([`StateError::options_error`]
    /// says how).
    Options,
    /// A part of the state breaks an invariant.
    Invalid,
}

impl StateError {
    pub(crate) fn invalid(at: &'static str, problem: &'static str) -> Self {
        StateError {
            kind: StateErrorKind::Invalid,
            at,
            problem,
            options: None,
        }
    }

    pub(crate) fn options(error: OptionsError) -> Self {
        StateError {
            kind: StateErrorKind::Options,
            at: "options",
            problem: "",
            options: Some(error),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> StateErrorKind {
        self.kind
    }

    /// Which part of the state (e.g. `sequencer.held`, or `options`).
    pub fn at(&self) -> &'static str {
        self.at
    }

    /// The options error of a [`StateErrorKind::Options`].
    pub fn options_error(&self) -> Option<&OptionsError> {
        self.options.as_ref()
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.options {
            Some(error) => write!(f, "invalid state: options: {error}"),
            None => write!(f, "invalid state: {}: {}", self.at, self.problem),
        }
    }
}

impl std::error::Error for StateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.options
            .as_ref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// A tone event or call the per-call map cannot take: its call id is not a
/// valid [`CallId`](graph_comms_core::CallId) (empty, a dot segment, over
/// [`ID_MAX_LEN`](graph_comms_core::ID_MAX_LEN) bytes, or with a character
/// that cannot be in one path segment), so it is not kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteError {
    kind: RouteErrorKind,
    id: IdError,
}

/// What the router refused: see [`RouteError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RouteErrorKind {
    /// The call id is not a valid call id.
    InvalidCallId,
}

impl RouteError {
    pub(crate) fn invalid_call_id(id: IdError) -> Self {
        RouteError {
            kind: RouteErrorKind::InvalidCallId,
            id,
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> RouteErrorKind {
        self.kind
    }

    /// Why the call id was refused.
    pub fn id_error(&self) -> &IdError {
        &self.id
    }
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the event was not routed: {}", self.id)
    }
}

impl std::error::Error for RouteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.id)
    }
}
