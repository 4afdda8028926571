//! [`DigitCollector`]: from the tones of one call to the digits typed.

use crate::error::{OptionsError, StateError};
use crate::sequencer::{Admission, SequencedTone, SequencerEvent, ToneSequencer};
use crate::{CollectorOptions, Digits, InvalidTone, Timestamp};
use graph_comms_models::{Tone, ToneEvent};
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
    /// The caller cancelled the collection ([`DigitCollector::cancel`]), or
    /// the per-call map evicted it.
    Cancelled,
    /// The call ended ([`DigitCollector::call_ended`]).
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
enum Status {
    Collecting,
    /// Ended; the digits wait in `digits` until polled.
    Completed {
        reason: CompletionReason,
        #[serde(rename = "stopTone")]
        stop_tone: Option<Tone>,
        at: Timestamp,
    },
    /// Ended and polled.
    Polled {
        reason: CompletionReason,
    },
}

/// Counters of a collector (not tone data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CollectorStats {
    /// Tones not collected: released after the collection ended, or not
    /// allowed and ignored.
    pub ignored_tones: u64,
}

/// Collects the digits a caller types in one call, from its tone events, and
/// ends with a [`Completion`].
///
/// Tones go through a [`ToneSequencer`] first (duplicates dropped, order
/// restored, gaps counted), then the [`CollectorOptions`] decide: a clear
/// tone empties the digits, a stop tone ends the input, an allowed key is
/// appended (ending it at the maximum), anything else is invalid. Timeouts run
/// from the start ([`DigitCollector::new`] or [`DigitCollector::restart`]) and
/// from the last key.
///
/// # Sans-IO, quinn-proto style
///
/// - inputs take `now`: [`handle_tone`](Self::handle_tone),
///   [`handle_event`](Self::handle_event), [`handle_timeout`](Self::handle_timeout),
///   [`cancel`](Self::cancel), [`call_ended`](Self::call_ended),
///   [`restart`](Self::restart);
/// - [`next_deadline`](Self::next_deadline) says when to call
///   `handle_timeout` next (`None`: only on the next input);
/// - [`poll_completion`](Self::poll_completion) gives the completion, once.
///
/// Every input first applies the timeouts due at its `now`, as if
/// `handle_timeout` had been called on time, so the result depends only on
/// the inputs and their times. A timeout does not fire while a tone received
/// before its deadline is still held by the sequencer (waiting for a missing
/// id): that key was pressed in time.
///
/// # State
///
/// `Serialize`/`Deserialize`, exactly: store it between notifications and
/// continue from the copy (see the crate docs for what that means for
/// privacy). Reading checks the invariants ([`StateError`]).
///
/// ```
/// use graph_comms_dtmf::{CollectorOptions, CompletionReason, DigitCollector, Timestamp};
/// use graph_comms_models::Tone;
///
/// let mut collector = DigitCollector::new(CollectorOptions::new(), Timestamp::from_millis(0))?;
/// collector.handle_tone(Timestamp::from_millis(900), 2, Tone::Tone2);
/// collector.handle_tone(Timestamp::from_millis(800), 1, Tone::Tone4); // late, reordered
/// collector.handle_tone(Timestamp::from_millis(1_700), 3, Tone::Pound);
///
/// let done = collector.poll_completion().expect("# ends the input");
/// assert_eq!(done.reason, CompletionReason::StopTone);
/// assert_eq!(done.digits.expose(), "42");
/// assert_eq!(format!("{:?}", done.digits), "Digits(<2 redacted>)");
/// # Ok::<(), graph_comms_dtmf::OptionsError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    try_from = "UncheckedCollector"
)]
pub struct DigitCollector {
    options: CollectorOptions,
    state: CollectorState,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UncheckedCollector {
    options: CollectorOptions,
    state: CollectorState,
}

impl TryFrom<UncheckedCollector> for DigitCollector {
    type Error = StateError;

    fn try_from(unchecked: UncheckedCollector) -> Result<Self, StateError> {
        unchecked.options.validate().map_err(StateError::options)?;
        let state = unchecked.state.checked(&unchecked.options)?;
        Ok(DigitCollector {
            options: unchecked.options,
            state,
        })
    }
}

/// A collection without its options: what [`crate::CallCollectors`] keeps
/// per call (the options are shared).
///
/// Its `Deserialize` does not check invariants: [`CollectorState::checked`]
/// does, against the options, and every owner calls it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CollectorState {
    sequencer: ToneSequencer,
    started_at: Timestamp,
    last_key_at: Option<Timestamp>,
    digits: Digits,
    missed_tones: u64,
    status: Status,
    stats: CollectorStats,
}

/// The digit buffer: with `zeroize`, allocated once at its full size so that
/// growing it leaves no copy behind.
fn buffer(options: &CollectorOptions) -> Digits {
    if cfg!(feature = "zeroize") {
        Digits::with_capacity(options.digit_capacity() + 1)
    } else {
        Digits::new()
    }
}

impl DigitCollector {
    /// Starts collecting at `now`.
    ///
    /// # Errors
    ///
    /// The options' [`CollectorOptions::validate`] error.
    pub fn new(options: CollectorOptions, now: Timestamp) -> Result<Self, OptionsError> {
        options.validate()?;
        Ok(DigitCollector {
            state: CollectorState::new(&options, now),
            options,
        })
    }

    /// The options.
    pub fn options(&self) -> &CollectorOptions {
        &self.options
    }

    /// The sequencer the tones go through.
    pub fn sequencer(&self) -> &ToneSequencer {
        &self.state.sequencer
    }

    /// Counters.
    pub fn stats(&self) -> CollectorStats {
        self.state.stats
    }

    /// Whether the collection is still going.
    pub fn is_collecting(&self) -> bool {
        self.state.is_collecting()
    }

    /// Why the collection ended, once it has (whether or not the completion
    /// was polled).
    pub fn reason(&self) -> Option<CompletionReason> {
        self.state.reason()
    }

    /// How many digits are collected so far (0 once the completion is polled).
    pub fn digit_count(&self) -> usize {
        self.state.digits.len()
    }

    /// How many entries the collector keeps besides its digits (the
    /// sequencer's held tones and waiting events; at most
    /// [`ToneSequencer::max_retained`]).
    pub fn retained(&self) -> usize {
        self.state.sequencer.retained()
    }

    /// Takes a tone event at `now`: sequenced first, then collected.
    pub fn handle_tone(&mut self, now: Timestamp, sequence_id: i64, tone: Tone) -> Admission {
        self.state
            .handle_tone(&self.options, now, sequence_id, tone)
    }

    /// Takes a tone event from a notification at `now` (its call id is not
    /// checked: one collector is one call; see [`crate::CallCollectors`] for
    /// many).
    pub fn handle_event(&mut self, now: Timestamp, event: &ToneEvent<'_>) -> Admission {
        self.handle_tone(now, event.sequence_id, event.tone.clone())
    }

    /// Applies the timeouts due at `now` (the sequencer's and the
    /// collection's).
    pub fn handle_timeout(&mut self, now: Timestamp) {
        self.state.handle_timeout(&self.options, now);
    }

    /// When to call [`DigitCollector::handle_timeout`] next; `None` when no
    /// timeout is pending (the collection ended, or no timeout is set).
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.state.next_deadline(&self.options)
    }

    /// The completion, once: `Some` the first time after the collection ends,
    /// then `None`. The digits move out of the collector.
    #[must_use]
    pub fn poll_completion(&mut self) -> Option<Completion> {
        self.state.poll_completion()
    }

    /// Ends the collection with [`CompletionReason::Cancelled`] at `now`,
    /// unless it already ended (timeouts due at `now` are applied first).
    /// Tones still held stay in the sequencer for a [`restart`](Self::restart).
    pub fn cancel(&mut self, now: Timestamp) {
        self.state.cancel(&self.options, now);
    }

    /// The call ended at `now`: the tones still held are collected (they were
    /// pressed), then the collection ends with [`CompletionReason::CallEnded`]
    /// unless something else ended it first.
    pub fn call_ended(&mut self, now: Timestamp) {
        self.state.call_ended(&self.options, now);
    }

    /// Starts a new collection at `now` with the same options (the next menu
    /// of an IVR), keeping the sequencer so that duplicates of earlier tones
    /// stay dropped. Digits not polled are discarded.
    pub fn restart(&mut self, now: Timestamp) {
        self.state.restart(&self.options, now);
    }

    /// For a new tone subscription on the same call: the sequencer expects the
    /// first sequence id again (see [`ToneSequencer::reset`]); the collection
    /// goes on.
    pub fn reset_sequence(&mut self, now: Timestamp) {
        self.state.sequencer.reset(now);
        self.state.drain(&self.options);
        self.state.check_timeouts(&self.options);
    }
}

impl CollectorState {
    pub(crate) fn new(options: &CollectorOptions, now: Timestamp) -> Self {
        let mut sequencer = ToneSequencer::with_valid_options(options.sequencer().clone());
        sequencer.handle_timeout(now);
        CollectorState {
            sequencer,
            started_at: now,
            last_key_at: None,
            digits: buffer(options),
            missed_tones: 0,
            status: Status::Collecting,
            stats: CollectorStats::default(),
        }
    }

    /// This state, if it can continue under `options` (already validated).
    pub(crate) fn checked(self, options: &CollectorOptions) -> Result<Self, StateError> {
        if self.sequencer.options() != options.sequencer() {
            return Err(StateError::invalid(
                "collector.sequencer",
                "sequencer options differ from the collector's",
            ));
        }
        let capacity = options.digit_capacity() + usize::from(options.keep_stop_tone());
        if self.digits.len() > capacity {
            return Err(StateError::invalid(
                "collector.digits",
                "more digits than the options allow",
            ));
        }
        if matches!(self.status, Status::Polled { .. }) && !self.digits.is_empty() {
            return Err(StateError::invalid(
                "collector.digits",
                "digits kept after the completion was polled",
            ));
        }
        let mut digits = buffer(options);
        for key in self.digits.expose().chars() {
            digits.push(key);
        }
        Ok(CollectorState { digits, ..self })
    }

    pub(crate) fn is_collecting(&self) -> bool {
        self.status == Status::Collecting
    }

    pub(crate) fn reason(&self) -> Option<CompletionReason> {
        match self.status {
            Status::Collecting => None,
            Status::Completed { reason, .. } | Status::Polled { reason } => Some(reason),
        }
    }

    pub(crate) fn retained(&self) -> usize {
        self.sequencer.retained()
    }

    pub(crate) fn handle_tone(
        &mut self,
        options: &CollectorOptions,
        now: Timestamp,
        sequence_id: i64,
        tone: Tone,
    ) -> Admission {
        let admission = self.sequencer.handle_tone(now, sequence_id, tone);
        self.drain(options);
        self.check_timeouts(options);
        admission
    }

    pub(crate) fn handle_timeout(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.sequencer.handle_timeout(now);
        self.drain(options);
        self.check_timeouts(options);
    }

    pub(crate) fn next_deadline(&self, options: &CollectorOptions) -> Option<Timestamp> {
        if !self.is_collecting() {
            return None;
        }
        let sequencer = self.sequencer.next_deadline();
        let collection = self
            .collection_deadline(options)
            .filter(|(deadline, _)| !self.held_before(*deadline))
            .map(|(deadline, _)| deadline);
        match (sequencer, collection) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub(crate) fn poll_completion(&mut self) -> Option<Completion> {
        let Status::Completed {
            reason,
            stop_tone,
            at,
        } = self.status.clone()
        else {
            return None;
        };
        self.status = Status::Polled { reason };
        Some(Completion {
            reason,
            digits: self.digits.take(),
            stop_tone,
            at,
            missed_tones: self.missed_tones,
        })
    }

    pub(crate) fn cancel(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.handle_timeout(options, now);
        if self.is_collecting() {
            self.complete(CompletionReason::Cancelled, None, self.sequencer.now());
        }
    }

    pub(crate) fn call_ended(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.handle_timeout(options, now);
        self.sequencer.flush(now);
        self.drain(options);
        if self.is_collecting() {
            self.complete(CompletionReason::CallEnded, None, self.sequencer.now());
        }
    }

    pub(crate) fn restart(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.sequencer.handle_timeout(now);
        self.drain(options);
        self.digits.clear();
        self.started_at = self.sequencer.now();
        self.last_key_at = None;
        self.missed_tones = 0;
        self.status = Status::Collecting;
        self.check_timeouts(options);
    }

    fn drain(&mut self, options: &CollectorOptions) {
        while let Some(event) = self.sequencer.poll_event() {
            match event {
                SequencerEvent::Tone(tone) => self.collect(options, tone),
                SequencerEvent::Gap(gap) => {
                    if self.is_collecting() {
                        self.missed_tones = self.missed_tones.saturating_add(gap.len());
                    }
                }
            }
        }
    }

    fn collect(&mut self, options: &CollectorOptions, sequenced: SequencedTone) {
        if !self.is_collecting() {
            self.ignore();
            return;
        }
        // When the key was pressed, as far as we can tell; never before the
        // start or the previous key.
        let at = sequenced
            .pressed_by
            .max(self.last_key_at.unwrap_or(self.started_at))
            .max(self.started_at);
        if let Some((deadline, reason)) = self.collection_deadline(options)
            && deadline <= at
        {
            self.complete(reason, None, deadline);
            self.ignore();
            return;
        }
        let tone = sequenced.tone;
        if options.clear_tone() == Some(&tone) {
            self.digits.clear();
            self.last_key_at = Some(at);
            return;
        }
        if options.stop_tones().contains(&tone) {
            if self.digits.len() < usize::from(options.min_digits()) {
                self.complete(CompletionReason::InvalidInput, Some(tone), at);
                return;
            }
            if options.keep_stop_tone()
                && let Some(key) = tone.to_char()
            {
                self.digits.push(key);
            }
            self.complete(CompletionReason::StopTone, Some(tone), at);
            return;
        }
        let key = match tone.to_char() {
            Some(key) if options.is_allowed(&tone) => key,
            _ => {
                match options.on_invalid_tone() {
                    InvalidTone::Ignore => self.ignore(),
                    InvalidTone::Complete => {
                        self.complete(CompletionReason::InvalidInput, None, at);
                    }
                }
                return;
            }
        };
        self.digits.push(key);
        self.last_key_at = Some(at);
        if self.digits.len() >= options.digit_capacity() {
            self.complete(CompletionReason::MaxDigits, None, at);
        }
    }

    fn ignore(&mut self) {
        self.stats.ignored_tones = self.stats.ignored_tones.saturating_add(1);
    }

    /// The earliest timeout of the collection and its reason; the overall
    /// timeout wins a tie.
    fn collection_deadline(
        &self,
        options: &CollectorOptions,
    ) -> Option<(Timestamp, CompletionReason)> {
        if !self.is_collecting() {
            return None;
        }
        let overall = options.overall_timeout_ms().map(|ms| {
            (
                self.started_at.plus_millis(ms),
                CompletionReason::OverallTimeout,
            )
        });
        let silence = match self.last_key_at {
            None => options.initial_timeout_ms().map(|ms| {
                (
                    self.started_at.plus_millis(ms),
                    CompletionReason::InitialTimeout,
                )
            }),
            Some(last) => options
                .inter_digit_timeout_ms()
                .map(|ms| (last.plus_millis(ms), CompletionReason::InterDigitTimeout)),
        };
        match (overall, silence) {
            (Some(o), Some(s)) => Some(if s.0 < o.0 { s } else { o }),
            (o, s) => o.or(s),
        }
    }

    /// Whether the sequencer holds a tone received before `deadline`.
    fn held_before(&self, deadline: Timestamp) -> bool {
        self.sequencer
            .earliest_held()
            .is_some_and(|received| received < deadline)
    }

    fn check_timeouts(&mut self, options: &CollectorOptions) {
        if let Some((deadline, reason)) = self.collection_deadline(options)
            && deadline <= self.sequencer.now()
            && !self.held_before(deadline)
        {
            self.complete(reason, None, deadline);
        }
    }

    fn complete(&mut self, reason: CompletionReason, stop_tone: Option<Tone>, at: Timestamp) {
        self.status = Status::Completed {
            reason,
            stop_tone,
            at,
        };
    }
}
