//! [`DigitCollector`]: from the tones of one call to the digits typed.

use crate::collection::CollectorState;
use crate::error::{OptionsError, StateError};
use crate::sequencer::{Admission, ToneSequencer};
use crate::{CollectorOptions, Completion, CompletionReason, Timestamp};
use graph_comms_models::{Tone, ToneEvent};
use serde::{Deserialize, Serialize};

/// Counters of a collector (not tone data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CollectorStats {
    /// Tones not collected: released while no collection was going and not
    /// kept as type-ahead (no room, or the call ended), or not allowed and
    /// ignored.
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
/// # A prompt-and-collect step
///
/// - **Barge-in**: [`poll_first_key`](Self::poll_first_key) says, once per
///   collection, that the first key that counts (an allowed key, the clear
///   key or a stop tone; not a duplicate, not a tone that is not allowed) was
///   pressed, so that the bot can cancel its prompt (`cancelMediaProcessing`).
/// - **Type-ahead**: a collector made with
///   [`new_waiting`](Self::new_waiting) has not started; the keys pressed
///   until [`restart`](Self::restart) starts it (when the prompt ends), and
///   those pressed between a completion and the next start, are kept (up to
///   [`CollectorOptions::with_type_ahead`]) and fed to the next collection.
///   Keys typed ahead give their first-key signal when they arrive, not again
///   when the collection starts.
/// - **Hang-up**: [`call_ended`](Self::call_ended) ends it with
///   [`CompletionReason::CallEnded`] and drops the type-ahead.
///
/// # Sans-IO, quinn-proto style
///
/// - inputs take `now`: [`handle_tone`](Self::handle_tone),
///   [`handle_event`](Self::handle_event), [`handle_timeout`](Self::handle_timeout),
///   [`cancel`](Self::cancel), [`call_ended`](Self::call_ended),
///   [`restart`](Self::restart);
/// - [`next_deadline`](Self::next_deadline) says when to call
///   `handle_timeout` next (`None`: only on the next input);
/// - [`poll_completion`](Self::poll_completion) gives the completion, once;
///   [`poll_first_key`](Self::poll_first_key) the first-key signal, once per
///   collection.
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

    /// A collector that has not started: tones are sequenced and kept as
    /// type-ahead (up to [`CollectorOptions::with_type_ahead`]; dropped with
    /// the default of 0) until [`restart`](Self::restart) starts the
    /// collection, e.g. when the prompt ends. No collection timeout runs
    /// before then.
    ///
    /// ```
    /// use graph_comms_dtmf::{CollectorOptions, CompletionReason, DigitCollector, Timestamp};
    /// use graph_comms_models::Tone;
    ///
    /// let options = CollectorOptions::new().with_type_ahead(8);
    /// let mut collector = DigitCollector::new_waiting(options, Timestamp::from_millis(0))?;
    /// // The caller types while the prompt plays: the bot cancels the prompt.
    /// collector.handle_tone(Timestamp::from_millis(700), 1, Tone::Tone5);
    /// assert_eq!(collector.poll_first_key(), Some(Timestamp::from_millis(700)));
    /// collector.handle_tone(Timestamp::from_millis(900), 2, Tone::Pound);
    /// assert!(!collector.is_collecting());
    ///
    /// // The prompt's operation ended: start, and the keys typed ahead count.
    /// collector.restart(Timestamp::from_millis(1_500));
    /// let done = collector.poll_completion().expect("# was typed ahead");
    /// assert_eq!((done.reason, done.digits.expose()), (CompletionReason::StopTone, "5"));
    /// assert_eq!(collector.poll_first_key(), None); // once per collection
    /// # Ok::<(), graph_comms_dtmf::OptionsError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The options' [`CollectorOptions::validate`] error.
    pub fn new_waiting(options: CollectorOptions, now: Timestamp) -> Result<Self, OptionsError> {
        options.validate()?;
        Ok(DigitCollector {
            state: CollectorState::waiting(&options, now),
            options,
        })
    }

    /// The sequencer the tones go through.
    pub fn sequencer(&self) -> &ToneSequencer {
        self.state.sequencer()
    }

    /// Counters.
    pub fn stats(&self) -> CollectorStats {
        self.state.stats()
    }

    /// Whether the collection is going (not before it starts, not after it
    /// ended).
    pub fn is_collecting(&self) -> bool {
        self.state.is_collecting()
    }

    /// Why the collection ended, once it has (whether or not the completion
    /// was polled); `None` while it is going or has not started.
    pub fn reason(&self) -> Option<CompletionReason> {
        self.state.reason()
    }

    /// How many digits are collected so far (0 once the completion is polled).
    pub fn digit_count(&self) -> usize {
        self.state.digit_count()
    }

    /// How many entries the collector keeps besides its digits: the
    /// sequencer's held tones and waiting events (at most
    /// [`ToneSequencer::max_retained`]) and the type-ahead tones (at most
    /// [`CollectorOptions::type_ahead`]).
    pub fn retained(&self) -> usize {
        self.state.retained()
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

    /// The first-key (barge-in) signal: `Some(when the key was pressed)` the
    /// first time after the first key that counts for a collection (an
    /// allowed key, the clear key or a stop tone), then `None` until the next
    /// collection's first key. A key kept as type-ahead signals when it
    /// arrives (its prompt is playing), not again when the collection starts.
    /// Duplicates never signal (the sequencer drops them), nor do tones that
    /// are not allowed. A signal not polled before the collection ends stays
    /// until polled, and covers keys typed ahead meanwhile: at most one waits.
    #[must_use]
    pub fn poll_first_key(&mut self) -> Option<Timestamp> {
        self.state.poll_first_key()
    }

    /// Ends the collection with [`CompletionReason::Cancelled`] at `now`,
    /// unless it already ended (timeouts due at `now` are applied first); a
    /// collector that has not started ends too. Tones still held stay in the
    /// sequencer, and type-ahead tones stay, for a [`restart`](Self::restart).
    pub fn cancel(&mut self, now: Timestamp) {
        self.state.cancel(&self.options, now);
    }

    /// The call ended at `now`: the tones still held are collected (they were
    /// pressed), then the collection ends with [`CompletionReason::CallEnded`]
    /// unless something else ended it first (a collector that has not
    /// started ends too). The type-ahead tones are dropped, later tones are
    /// ignored, and no first-key signal comes any more.
    pub fn call_ended(&mut self, now: Timestamp) {
        self.state.call_ended(&self.options, now);
    }

    /// Starts a new collection at `now` with the same options (the first one
    /// of a [`new_waiting`](Self::new_waiting) collector, or the next menu of
    /// an IVR), keeping the sequencer so that duplicates of earlier tones
    /// stay dropped. Digits not polled are discarded. The type-ahead tones are
    /// collected first, in order, as if pressed at `now` (they may end the
    /// collection at once; those after the key that ends it wait for the next
    /// start).
    pub fn restart(&mut self, now: Timestamp) {
        self.state.restart(&self.options, now);
    }

    /// For a new tone subscription on the same call: the sequencer expects the
    /// first sequence id again (see [`ToneSequencer::reset`]); the collection
    /// goes on.
    pub fn reset_sequence(&mut self, now: Timestamp) {
        self.state.reset_sequence(&self.options, now);
    }
}
