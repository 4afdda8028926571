//! [`CollectorOptions`]: what a digit collection waits for.

use crate::SequencerOptions;
use crate::error::OptionsError;
use crate::time::millis_ceil;
use graph_comms_models::Tone;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::Duration;

/// What a [`crate::DigitCollector`] does with a tone that is not allowed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum InvalidTone {
    /// End the collection with [`crate::CompletionReason::InvalidInput`] (the default).
    #[default]
    Complete,
    /// Drop the tone and go on collecting (it does not restart the
    /// inter-digit timeout).
    Ignore,
}

/// The options of a digit collection: how many digits, which keys end it,
/// which keys count, and how long to wait.
///
/// The defaults mirror common IVRs: `#` ends the input and is not kept, no
/// minimum, no maximum (up to [`CollectorOptions::DIGIT_LIMIT`]), every key
/// `0`–`9`, `*`, `#`, `A`–`D` allowed, no clear key, 5 s for the first key, 5 s
/// between keys (Twilio's default; ACS uses 2 s), no overall limit.
///
/// | option | Twilio `<Gather>` | ACS `recognize` (DTMF) | Amazon Lex `DTMFSpecification` |
/// |---|---|---|---|
/// | [`with_max_digits`](Self::with_max_digits) | `numDigits` | `maxTonesToCollect` | `maxLength` |
/// | [`with_min_digits`](Self::with_min_digits) | — | — | — |
/// | [`with_stop_tones`](Self::with_stop_tones) | `finishOnKey` (one key; `''` = none) | `stopTones` | `endCharacter` (one key) |
/// | [`with_keep_stop_tone`](Self::with_keep_stop_tone) | — (never kept) | — (never kept) | — (never kept) |
/// | [`with_allowed_tones`](Self::with_allowed_tones) | — (`0-9`, `*`, `#`) | — | — |
/// | [`with_clear_tone`](Self::with_clear_tone) | — | — | `deletionCharacter` |
/// | [`with_initial_timeout`](Self::with_initial_timeout) | `timeout` (also the wait for the first key) | `initialSilenceTimeout` (default 5 s) | `startTimeoutMs` |
/// | [`with_inter_digit_timeout`](Self::with_inter_digit_timeout) | `timeout` (default 5 s) | `interToneTimeout` (default 2 s) | `endTimeoutMs` |
/// | [`with_overall_timeout`](Self::with_overall_timeout) | — | — | — (Telnyx `timeoutMillis`) |
/// | [`with_type_ahead`](Self::with_type_ahead) | — | — | — (Amazon Connect's touchtone buffer) |
///
/// The [`crate::CompletionReason`]s map the same way: Twilio posts `Digits`
/// to its `action` after `finishOnKey`, `numDigits` or `timeout`; ACS sends
/// `RecognizeCompleted` (or `RecognizeFailed` on an initial silence timeout).
///
/// ```
/// use graph_comms_dtmf::CollectorOptions;
/// use graph_comms_models::Tone;
/// use std::time::Duration;
///
/// // A 4-digit PIN, ended by `#` or `*`, with ACS's 2 s between keys.
/// let options = CollectorOptions::new()
///     .with_max_digits(4)
///     .with_stop_tones([Tone::Pound, Tone::Star])
///     .with_inter_digit_timeout(Duration::from_secs(2));
/// assert_eq!(options.max_digits(), Some(4));
/// assert!(options.validate().is_ok());
/// assert!(CollectorOptions::new().with_max_digits(0).validate().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CollectorOptions {
    min_digits: u16,
    max_digits: Option<u16>,
    stop_tones: BTreeSet<Tone>,
    keep_stop_tone: bool,
    allowed_tones: Option<BTreeSet<Tone>>,
    on_invalid_tone: InvalidTone,
    clear_tone: Option<Tone>,
    initial_timeout_ms: Option<u64>,
    inter_digit_timeout_ms: Option<u64>,
    overall_timeout_ms: Option<u64>,
    sequencer: SequencerOptions,
    /// Added after 0.1: absent in a 0.1 state, and not written while 0, so
    /// that a state without type-ahead keeps 0.1's form.
    #[serde(default, skip_serializing_if = "is_zero")]
    type_ahead: u16,
}

fn is_zero(value: &u16) -> bool {
    *value == 0
}

impl Default for CollectorOptions {
    fn default() -> Self {
        CollectorOptions {
            min_digits: 0,
            max_digits: None,
            stop_tones: BTreeSet::from([Tone::Pound]),
            keep_stop_tone: false,
            allowed_tones: None,
            on_invalid_tone: InvalidTone::Complete,
            clear_tone: None,
            initial_timeout_ms: Some(5_000),
            inter_digit_timeout_ms: Some(5_000),
            overall_timeout_ms: None,
            sequencer: SequencerOptions::default(),
            type_ahead: 0,
        }
    }
}

impl CollectorOptions {
    /// The most digits a collection ever keeps (Amazon Lex's `maxLength`
    /// limit). Without a maximum, a collection ends with
    /// [`crate::CompletionReason::MaxDigits`] here.
    pub const DIGIT_LIMIT: u16 = 1024;

    /// The defaults (see the type docs).
    pub fn new() -> Self {
        Self::default()
    }

    /// At least this many digits before a stop tone (default 0). A stop tone
    /// that comes earlier ends the collection with
    /// [`crate::CompletionReason::InvalidInput`]. Timeouts end it whatever
    /// the count: check [`crate::Digits::len`].
    pub fn with_min_digits(mut self, min_digits: u16) -> Self {
        self.min_digits = min_digits;
        self
    }

    /// End with [`crate::CompletionReason::MaxDigits`] once this many digits
    /// are collected (1 ..= [`Self::DIGIT_LIMIT`]); `None` (the default): no
    /// maximum below the limit.
    pub fn with_max_digits(mut self, max_digits: impl Into<Option<u16>>) -> Self {
        self.max_digits = max_digits.into();
        self
    }

    /// The keys that end the input (default `#`; none: only the count and
    /// timeouts end it). A stop tone need not be an allowed tone.
    pub fn with_stop_tones(mut self, stop_tones: impl IntoIterator<Item = Tone>) -> Self {
        self.stop_tones = stop_tones.into_iter().collect();
        self
    }

    /// Whether the stop tone that ended the input is appended to the digits
    /// (default `false`). Which stop tone it was is in
    /// [`crate::Completion::stop_tone`] either way.
    pub fn with_keep_stop_tone(mut self, keep: bool) -> Self {
        self.keep_stop_tone = keep;
        self
    }

    /// Only these keys count as digits; any other tone (including a hook
    /// flash or a tone this version does not know) is invalid (see
    /// [`Self::with_on_invalid_tone`]). By default every tone with a key
    /// character is allowed: `0`–`9`, `*`, `#`, `A`–`D`.
    pub fn with_allowed_tones(mut self, allowed: impl IntoIterator<Item = Tone>) -> Self {
        self.allowed_tones = Some(allowed.into_iter().collect());
        self
    }

    /// Back to the default: every tone with a key character is allowed.
    pub fn with_any_key_allowed(mut self) -> Self {
        self.allowed_tones = None;
        self
    }

    /// What to do with a tone that is not allowed (default: complete with
    /// [`crate::CompletionReason::InvalidInput`]).
    pub fn with_on_invalid_tone(mut self, policy: InvalidTone) -> Self {
        self.on_invalid_tone = policy;
        self
    }

    /// A key that clears the digits collected so far (Lex's
    /// `deletionCharacter`); default none. It must not be a stop tone.
    pub fn with_clear_tone(mut self, clear: impl Into<Option<Tone>>) -> Self {
        self.clear_tone = clear.into();
        self
    }

    /// How long to wait for the first key, from the start of the collection
    /// (default 5 s; `None`: for ever, unless another timeout ends it).
    /// Millisecond resolution, rounded up.
    pub fn with_initial_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.initial_timeout_ms = timeout.into().map(millis_ceil);
        self
    }

    /// How long to wait for the next key after one (default 5 s, Twilio's;
    /// ACS's default is 2 s; `None`: for ever). The digits collected so far
    /// are the result. Millisecond resolution, rounded up.
    pub fn with_inter_digit_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.inter_digit_timeout_ms = timeout.into().map(millis_ceil);
        self
    }

    /// A limit on the whole collection, from its start (default none).
    /// Millisecond resolution, rounded up.
    pub fn with_overall_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.overall_timeout_ms = timeout.into().map(millis_ceil);
        self
    }

    /// Keep up to this many keys pressed while no collection is going (at
    /// most [`Self::DIGIT_LIMIT`]; default 0: they are dropped and counted in
    /// [`crate::CollectorStats::ignored_tones`]), and feed them, in sequence
    /// order, to the next collection when it starts, as if pressed at its
    /// start. Keys beyond the limit are dropped (the first ones are kept), and
    /// the next collection's [`Completion::dropped_type_ahead`](crate::Completion::dropped_type_ahead)
    /// says how many.
    ///
    /// "No collection is going" is before the first start
    /// ([`crate::DigitCollector::new_waiting`], [`crate::CallCollectors::track`])
    /// and between a completion and the next start (the next menu). Graph
    /// sends tone notifications only after `subscribeToTone`
    /// (<https://learn.microsoft.com/graph/api/call-subscribetotone>), and
    /// then for every key until the call ends, whatever the bot is doing: a
    /// bot usually subscribes once, when the call is established, and then
    /// plays prompts, so a caller who knows the menu types while a welcome
    /// prompt plays, or answers the next menu before its prompt starts. And
    /// callbacks arrive asynchronously: a key pressed just before a step
    /// starts may be delivered after the bot decided to start it. Type-ahead
    /// keeps those keys (Amazon Connect's "touchtone buffer" keeps 30);
    /// dropping them is the other documented choice (a caller who typed
    /// early types again).
    pub fn with_type_ahead(mut self, max_keys: u16) -> Self {
        self.type_ahead = max_keys;
        self
    }

    /// How tones are deduplicated and reordered before they are collected.
    pub fn with_sequencer(mut self, sequencer: SequencerOptions) -> Self {
        self.sequencer = sequencer;
        self
    }

    /// See [`Self::with_min_digits`].
    pub fn min_digits(&self) -> u16 {
        self.min_digits
    }

    /// See [`Self::with_max_digits`].
    pub fn max_digits(&self) -> Option<u16> {
        self.max_digits
    }

    /// See [`Self::with_stop_tones`].
    pub fn stop_tones(&self) -> &BTreeSet<Tone> {
        &self.stop_tones
    }

    /// See [`Self::with_keep_stop_tone`].
    pub fn keep_stop_tone(&self) -> bool {
        self.keep_stop_tone
    }

    /// See [`Self::with_allowed_tones`]; `None` when every key is allowed.
    pub fn allowed_tones(&self) -> Option<&BTreeSet<Tone>> {
        self.allowed_tones.as_ref()
    }

    /// See [`Self::with_on_invalid_tone`].
    pub fn on_invalid_tone(&self) -> InvalidTone {
        self.on_invalid_tone
    }

    /// See [`Self::with_clear_tone`].
    pub fn clear_tone(&self) -> Option<&Tone> {
        self.clear_tone.as_ref()
    }

    /// See [`Self::with_initial_timeout`].
    pub fn initial_timeout(&self) -> Option<Duration> {
        self.initial_timeout_ms.map(Duration::from_millis)
    }

    /// See [`Self::with_inter_digit_timeout`].
    pub fn inter_digit_timeout(&self) -> Option<Duration> {
        self.inter_digit_timeout_ms.map(Duration::from_millis)
    }

    /// See [`Self::with_overall_timeout`].
    pub fn overall_timeout(&self) -> Option<Duration> {
        self.overall_timeout_ms.map(Duration::from_millis)
    }

    /// See [`Self::with_sequencer`].
    pub fn sequencer(&self) -> &SequencerOptions {
        &self.sequencer
    }

    /// See [`Self::with_type_ahead`].
    pub fn type_ahead(&self) -> u16 {
        self.type_ahead
    }

    /// Checks that the options can work together.
    ///
    /// # Errors
    ///
    /// A maximum of 0 or above [`Self::DIGIT_LIMIT`], a minimum above the
    /// maximum, a clear tone that is also a stop tone, a type-ahead above
    /// [`Self::DIGIT_LIMIT`], or an invalid sequencer window.
    pub fn validate(&self) -> Result<(), OptionsError> {
        if let Some(max_digits) = self.max_digits
            && (max_digits == 0 || max_digits > Self::DIGIT_LIMIT)
        {
            return Err(OptionsError::max_digits(max_digits));
        }
        let max_digits = self.digit_capacity_u16();
        if self.min_digits > max_digits {
            return Err(OptionsError::min_above_max(self.min_digits, max_digits));
        }
        if let Some(clear) = &self.clear_tone
            && self.stop_tones.contains(clear)
        {
            return Err(OptionsError::clear_tone_is_stop_tone());
        }
        if self.type_ahead > Self::DIGIT_LIMIT {
            return Err(OptionsError::type_ahead(self.type_ahead));
        }
        self.sequencer.validate()
    }

    fn digit_capacity_u16(&self) -> u16 {
        self.max_digits.unwrap_or(Self::DIGIT_LIMIT)
    }

    /// The most digits a collection keeps.
    pub(crate) fn digit_capacity(&self) -> usize {
        usize::from(self.digit_capacity_u16())
    }

    pub(crate) fn is_allowed(&self, tone: &Tone) -> bool {
        tone.to_char().is_some()
            && self
                .allowed_tones
                .as_ref()
                .is_none_or(|allowed| allowed.contains(tone))
    }

    /// Whether a key counts for a collection (and so for its first-key
    /// signal): a stop tone, the clear tone, or an allowed key. Not a tone
    /// that is not allowed, nor one without a key character.
    pub(crate) fn counts(&self, tone: &Tone) -> bool {
        self.stop_tones.contains(tone)
            || self.clear_tone.as_ref() == Some(tone)
            || self.is_allowed(tone)
    }

    pub(crate) fn initial_timeout_ms(&self) -> Option<u64> {
        self.initial_timeout_ms
    }

    pub(crate) fn inter_digit_timeout_ms(&self) -> Option<u64> {
        self.inter_digit_timeout_ms
    }

    pub(crate) fn overall_timeout_ms(&self) -> Option<u64> {
        self.overall_timeout_ms
    }
}
