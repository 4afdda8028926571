//! [`ToneSequencer`]: tone events of one call, once each, in sequence order.

use crate::Timestamp;
use crate::error::{OptionsError, StateError};
use crate::time::millis_ceil;
use graph_comms_models::Tone;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::time::Duration;

/// How a [`ToneSequencer`] waits for tones that arrive out of order.
///
/// ```
/// use graph_comms_dtmf::SequencerOptions;
/// use std::time::Duration;
///
/// let options = SequencerOptions::default()
///     .with_window(8)
///     .with_gap_timeout(Duration::from_millis(500))
///     .with_first_sequence_id(None);
/// assert_eq!(options.window(), 8);
/// assert!(options.validate().is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SequencerOptions {
    window: u16,
    gap_timeout_ms: u64,
    first_sequence_id: Option<i64>,
}

impl Default for SequencerOptions {
    /// A window of 16 tones, a gap timeout of 2 s, sequence ids from 1.
    fn default() -> Self {
        SequencerOptions {
            window: 16,
            gap_timeout_ms: 2_000,
            first_sequence_id: Some(1),
        }
    }
}

impl SequencerOptions {
    /// The largest window: at most this many tones are held.
    pub const MAX_WINDOW: u16 = 1024;

    /// The options of [`Default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// How far ahead of the next expected sequence id a tone may be and still
    /// be held (1 ..= [`Self::MAX_WINDOW`]; default 16). A tone `window` or more
    /// ahead moves the window: the ids it leaves behind are reported missing.
    /// With 1 nothing is reordered: any skipped id is reported at once.
    pub fn with_window(mut self, window: u16) -> Self {
        self.window = window;
        self
    }

    /// How long a tone is held waiting for the ids before it (default 2 s,
    /// millisecond resolution, rounded up). When it passes, the missing ids are
    /// reported as a gap and the held tones are released. Zero holds tones
    /// only until the caller's next `handle_timeout` at the same time.
    pub fn with_gap_timeout(mut self, gap_timeout: Duration) -> Self {
        self.gap_timeout_ms = millis_ceil(gap_timeout);
        self
    }

    /// The sequence id the first tone is expected to have (default `Some(1)`:
    /// Graph numbers the tones of a subscription from 1). With `None` the
    /// sequencer learns the start: it holds the first tones for the gap
    /// timeout, or until the window is full, and starts from the lowest.
    pub fn with_first_sequence_id(mut self, first: Option<i64>) -> Self {
        self.first_sequence_id = first;
        self
    }

    /// See [`Self::with_window`].
    pub fn window(&self) -> u16 {
        self.window
    }

    /// See [`Self::with_gap_timeout`].
    pub fn gap_timeout(&self) -> Duration {
        Duration::from_millis(self.gap_timeout_ms)
    }

    /// See [`Self::with_first_sequence_id`].
    pub fn first_sequence_id(&self) -> Option<i64> {
        self.first_sequence_id
    }

    /// Checks that the window is within 1 ..= [`Self::MAX_WINDOW`].
    ///
    /// # Errors
    ///
    /// [`OptionsErrorKind::Window`](crate::OptionsErrorKind::Window) otherwise.
    pub fn validate(&self) -> Result<(), OptionsError> {
        if self.window == 0 || self.window > Self::MAX_WINDOW {
            return Err(OptionsError::window(self.window));
        }
        Ok(())
    }

    fn window_len(&self) -> usize {
        usize::from(self.window)
    }
}

/// A tone released by a [`ToneSequencer`], in sequence order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct SequencedTone {
    /// Its sequence id.
    pub sequence_id: i64,
    /// The key (its `Debug` is redacted).
    pub tone: Tone,
    /// When it was handed to the sequencer (the first time, for duplicates).
    pub received_at: Timestamp,
    /// When it was pressed at the latest: `received_at`, or earlier if a tone
    /// with a higher sequence id (so pressed after it) was received before it.
    /// Collectors measure timeouts with this, so a notification that is late
    /// but overtaken does not count as silence.
    pub pressed_by: Timestamp,
}

/// Sequence ids that never arrived: `first ..= last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Gap {
    /// The first missing id.
    pub first: i64,
    /// The last missing id (not less than `first`).
    pub last: i64,
}

impl Gap {
    /// How many ids are missing (saturating: `i64::MIN ..= i64::MAX` has one
    /// more than `u64::MAX`).
    pub fn len(&self) -> u64 {
        let count = i128::from(self.last) - i128::from(self.first) + 1;
        u64::try_from(count.max(0)).unwrap_or(u64::MAX)
    }

    /// Never true: a gap has at least one missing id. (Here for clippy's
    /// `len_without_is_empty`.)
    pub fn is_empty(&self) -> bool {
        self.last < self.first
    }
}

/// What a [`ToneSequencer`] gives out: tones in order, and reports of ids
/// that did not arrive in time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub enum SequencerEvent {
    /// The next tone.
    Tone(SequencedTone),
    /// Ids that did not arrive within the window or the gap timeout. A tone
    /// with one of these ids that arrives later is dropped as stale.
    Gap(Gap),
}

/// What happened to a tone handed to a sequencer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Admission {
    /// It was the next expected tone: it was released, with any held tones
    /// that follow it without a gap.
    Released,
    /// It is ahead of the next expected id: it is held until the ids before it
    /// arrive, the window moves past it, or its gap timeout passes.
    Held,
    /// A tone with this id is already held: this copy was dropped.
    Duplicate,
    /// Its id is below the next expected one: it was released before, or
    /// reported missing in a gap. It was dropped.
    Stale,
    /// Refused (the tone was not taken; timeouts due were applied): as many
    /// events as the window is wide are waiting to be polled. Poll them
    /// (`poll_event` until `None`) after every input, then hand the tone in
    /// again.
    Backlogged,
}

/// Counters of what a sequencer has seen (not tone data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct SequencerStats {
    /// Tones released.
    pub released: u64,
    /// Copies of held tones dropped.
    pub duplicates: u64,
    /// Tones dropped because their id was already passed.
    pub stale: u64,
    /// Gaps reported.
    pub gaps: u64,
    /// Ids reported missing, over all gaps (saturating).
    pub missing: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
enum Cursor {
    /// The start is not known yet (see [`SequencerOptions::with_first_sequence_id`]).
    Unanchored,
    /// The next id to release.
    Next(i64),
    /// `i64::MAX` was passed: every id is stale.
    Exhausted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Held {
    sequence_id: i64,
    tone: Tone,
    received_at: Timestamp,
}

/// Takes the tone events of one call and gives them out once each, in
/// sequence-id order.
///
/// Graph delivers each tone notification at least once and not always in
/// order. The sequencer:
///
/// - drops duplicates (an id already held, or below the next expected id);
/// - holds a tone that is ahead of the next expected id, within a window of
///   [`SequencerOptions::window`] ids, and releases it once the ids before it
///   arrive;
/// - reports a [`Gap`] when an id is missing and a tone `window` or more
///   ahead arrives, or a held tone has waited the gap timeout, and then
///   releases what it held: it never blocks for ever;
/// - [`ToneSequencer::reset`]s to expect id 1 again for a new subscription.
///
/// # Sans-IO
///
/// No clock, no timer: every input takes `now` ([`Timestamp`]), and
/// [`ToneSequencer::next_deadline`] says when to call
/// [`ToneSequencer::handle_timeout`]. After every input, call
/// [`ToneSequencer::poll_event`] until it returns `None`. Every input first
/// applies the timeouts due at `now`, so the result does not depend on
/// whether `handle_timeout` was called on time.
///
/// # Memory
///
/// At most `window` tones are held, and [`ToneSequencer::retained`] (held
/// tones plus events waiting to be polled) never exceeds
/// [`ToneSequencer::max_retained`] (`3 × window + 2`), whatever ids come in
/// (`i64` extremes, huge jumps, negative ids) and even if the caller never
/// polls: once `window` events wait, tones are refused with
/// [`Admission::Backlogged`] until the caller polls.
///
/// # State
///
/// `Serialize`/`Deserialize`: a worker can store the state between
/// notifications and continue from the copy exactly. The state holds tones
/// not yet delivered, and tone data may not be persisted (Graph terms of use):
/// keep it only as long as the call, in a store you would trust with PINs.
/// Reading checks the state's invariants (see [`crate::StateError`]).
///
/// ```
/// use graph_comms_dtmf::{Admission, SequencerEvent, SequencerOptions, Timestamp, ToneSequencer};
/// use graph_comms_models::Tone;
///
/// let mut sequencer = ToneSequencer::new(SequencerOptions::default())?;
/// let now = Timestamp::from_millis(0);
/// assert_eq!(sequencer.handle_tone(now, 2, Tone::Pound), Admission::Held);
/// assert_eq!(sequencer.handle_tone(now, 1, Tone::Tone1), Admission::Released);
/// assert_eq!(sequencer.handle_tone(now, 1, Tone::Tone1), Admission::Stale);
///
/// let mut keys = String::new();
/// while let Some(event) = sequencer.poll_event() {
///     if let SequencerEvent::Tone(tone) = event {
///         keys.extend(tone.tone.to_char());
///     }
/// }
/// assert_eq!(keys, "1#");
/// # Ok::<(), graph_comms_dtmf::OptionsError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    try_from = "UncheckedSequencer"
)]
pub struct ToneSequencer {
    options: SequencerOptions,
    cursor: Cursor,
    /// Sorted by sequence id; every id is at or after the cursor and less than
    /// `cursor + window`.
    held: Vec<Held>,
    ready: VecDeque<SequencerEvent>,
    now: Timestamp,
    stats: SequencerStats,
}

/// The serialised form, before its invariants are checked.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UncheckedSequencer {
    options: SequencerOptions,
    cursor: Cursor,
    held: Vec<Held>,
    ready: VecDeque<SequencerEvent>,
    now: Timestamp,
    stats: SequencerStats,
}

impl TryFrom<UncheckedSequencer> for ToneSequencer {
    type Error = StateError;

    fn try_from(state: UncheckedSequencer) -> Result<Self, StateError> {
        state.options.validate().map_err(StateError::options)?;
        let window = state.options.window_len();
        if state.held.len() > window {
            return Err(StateError::invalid(
                "sequencer.held",
                "more tones than the window",
            ));
        }
        if state.held.len() + state.ready.len() > max_retained(window) {
            return Err(StateError::invalid(
                "sequencer.ready",
                "more waiting events than the window allows",
            ));
        }
        if state
            .held
            .windows(2)
            .any(|pair| pair[0].sequence_id >= pair[1].sequence_id)
        {
            return Err(StateError::invalid(
                "sequencer.held",
                "sequence ids not strictly increasing",
            ));
        }
        let in_window = |id: i64| match state.cursor {
            Cursor::Unanchored => true,
            Cursor::Next(next) => id >= next && i128::from(id) - i128::from(next) < window as i128,
            Cursor::Exhausted => false,
        };
        if !state.held.iter().all(|held| in_window(held.sequence_id)) {
            return Err(StateError::invalid(
                "sequencer.held",
                "a held tone is outside the window",
            ));
        }
        if let (Cursor::Unanchored, Some(first), Some(last)) =
            (state.cursor, state.held.first(), state.held.last())
            && i128::from(last.sequence_id) - i128::from(first.sequence_id) >= window as i128
        {
            return Err(StateError::invalid(
                "sequencer.held",
                "held tones span more than the window",
            ));
        }
        if state
            .ready
            .iter()
            .any(|event| matches!(event, SequencerEvent::Gap(gap) if gap.is_empty()))
        {
            return Err(StateError::invalid("sequencer.ready", "an empty gap"));
        }
        Ok(ToneSequencer {
            options: state.options,
            cursor: state.cursor,
            held: state.held,
            ready: state.ready,
            now: state.now,
            stats: state.stats,
        })
    }
}

impl ToneSequencer {
    /// A sequencer that expects `options.first_sequence_id()` first.
    ///
    /// # Errors
    ///
    /// The options' [`SequencerOptions::validate`] error.
    pub fn new(options: SequencerOptions) -> Result<Self, OptionsError> {
        options.validate()?;
        Ok(Self::with_valid_options(options))
    }

    /// [`ToneSequencer::new`] for options already validated.
    pub(crate) fn with_valid_options(options: SequencerOptions) -> Self {
        ToneSequencer {
            cursor: start_cursor(&options),
            options,
            held: Vec::new(),
            ready: VecDeque::new(),
            now: Timestamp::ZERO,
            stats: SequencerStats::default(),
        }
    }

    /// The options.
    pub fn options(&self) -> &SequencerOptions {
        &self.options
    }

    /// Counters of what the sequencer has seen.
    pub fn stats(&self) -> SequencerStats {
        self.stats
    }

    /// The next sequence id it expects, if it knows it (`None` before the
    /// start is learnt, and after `i64::MAX`).
    pub fn next_sequence_id(&self) -> Option<i64> {
        match self.cursor {
            Cursor::Next(next) => Some(next),
            Cursor::Unanchored | Cursor::Exhausted => None,
        }
    }

    /// How many tones are held, waiting for the ids before them.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// How many entries the sequencer keeps (held tones and events waiting to
    /// be polled): at most [`ToneSequencer::max_retained`].
    pub fn retained(&self) -> usize {
        self.held.len() + self.ready.len()
    }

    /// The bound on [`ToneSequencer::retained`]: `3 × window + 2`.
    pub fn max_retained(&self) -> usize {
        max_retained(self.options.window_len())
    }

    /// The latest `now` seen.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Takes one tone event (sequence id and tone) at `now`.
    ///
    /// Timeouts due at `now` are applied first. Then poll the released events
    /// with [`ToneSequencer::poll_event`].
    pub fn handle_tone(&mut self, now: Timestamp, sequence_id: i64, tone: Tone) -> Admission {
        self.handle_timeout(now);
        if self.ready.len() >= self.options.window_len() {
            return Admission::Backlogged;
        }
        let now = self.now;
        let window = self.options.window_len();
        match self.cursor {
            Cursor::Exhausted => {
                self.stats.stale = self.stats.stale.saturating_add(1);
                Admission::Stale
            }
            Cursor::Unanchored => {
                let Err(slot) = self.find(sequence_id) else {
                    self.stats.duplicates = self.stats.duplicates.saturating_add(1);
                    return Admission::Duplicate;
                };
                self.held.insert(
                    slot,
                    Held {
                        sequence_id,
                        tone,
                        received_at: now,
                    },
                );
                if let (Some(first), Some(last)) = (self.held.first(), self.held.last()) {
                    let (first, last) = (first.sequence_id, last.sequence_id);
                    if span(first, last) >= window as i128 {
                        // Too wide to wait for the start: start at the lowest
                        // id and move the window up to the highest.
                        self.cursor = Cursor::Next(first);
                        self.pass_through(shift(last, -(window as i128)));
                        self.release_contiguous();
                    }
                }
                if self.find(sequence_id).is_ok() {
                    Admission::Held
                } else {
                    Admission::Released
                }
            }
            Cursor::Next(next) => {
                if sequence_id < next {
                    self.stats.stale = self.stats.stale.saturating_add(1);
                    return Admission::Stale;
                }
                let Err(slot) = self.find(sequence_id) else {
                    self.stats.duplicates = self.stats.duplicates.saturating_add(1);
                    return Admission::Duplicate;
                };
                if span(next, sequence_id) >= window as i128 {
                    // Move the window so that this id is its last slot.
                    self.pass_through(shift(sequence_id, -(window as i128)));
                }
                if self.cursor == Cursor::Next(sequence_id) {
                    self.release(Held {
                        sequence_id,
                        tone,
                        received_at: now,
                    });
                    self.release_contiguous();
                    Admission::Released
                } else {
                    let slot = self.find(sequence_id).err().unwrap_or(slot);
                    self.held.insert(
                        slot,
                        Held {
                            sequence_id,
                            tone,
                            received_at: now,
                        },
                    );
                    Admission::Held
                }
            }
        }
    }

    /// Applies the gap timeouts due at `now`: every held tone that has waited
    /// the gap timeout is released, with everything before it, and the ids
    /// still missing before it are reported as gaps.
    pub fn handle_timeout(&mut self, now: Timestamp) {
        self.now = self.now.max(now);
        let timeout = self.options.gap_timeout_ms;
        let now = self.now;
        let Some(last_due) = self
            .held
            .iter()
            .filter(|held| held.received_at.plus_millis(timeout) <= now)
            .map(|held| held.sequence_id)
            .max()
        else {
            return;
        };
        if self.cursor == Cursor::Unanchored
            && let Some(first) = self.held.first()
        {
            self.cursor = Cursor::Next(first.sequence_id);
        }
        self.pass_through(last_due);
        self.release_contiguous();
    }

    /// When [`ToneSequencer::handle_timeout`] has something to do: the
    /// earliest time a held tone has waited the gap timeout. `None` when
    /// nothing is held.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.held
            .iter()
            .map(|held| held.received_at.plus_millis(self.options.gap_timeout_ms))
            .min()
    }

    /// The earliest time at which a held tone was received, if any is held.
    pub fn earliest_held(&self) -> Option<Timestamp> {
        self.held.iter().map(|held| held.received_at).min()
    }

    /// The next released event, in order; `None` when there is none.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<SequencerEvent> {
        self.ready.pop_front()
    }

    /// Releases everything held now, in order, reporting the ids missing
    /// between held tones as gaps: for when no more tones will come (the call
    /// ended). Tones that arrive later are still deduplicated.
    pub fn flush(&mut self, now: Timestamp) {
        self.handle_timeout(now);
        if let Some(last) = self.held.last().map(|held| held.sequence_id) {
            if self.cursor == Cursor::Unanchored
                && let Some(first) = self.held.first()
            {
                self.cursor = Cursor::Next(first.sequence_id);
            }
            self.pass_through(last);
        }
    }

    /// Starts again for a new subscription (or call leg): [`flush`]es what is
    /// held (nothing received is lost), then expects
    /// [`SequencerOptions::first_sequence_id`] again. Duplicates of the old
    /// subscription's tones can no longer be told from new tones.
    ///
    /// [`flush`]: ToneSequencer::flush
    pub fn reset(&mut self, now: Timestamp) {
        self.flush(now);
        self.cursor = start_cursor(&self.options);
    }

    fn find(&self, sequence_id: i64) -> Result<usize, usize> {
        self.held
            .binary_search_by_key(&sequence_id, |held| held.sequence_id)
    }

    /// Releases everything up to and including `last`: held tones in order,
    /// and the ids missing between them as gaps. No-op if `last` is before
    /// the cursor.
    fn pass_through(&mut self, last: i64) {
        let Cursor::Next(mut next) = self.cursor else {
            return;
        };
        if last < next {
            return;
        }
        while self
            .held
            .first()
            .is_some_and(|held| held.sequence_id <= last)
        {
            let held = self.held.remove(0);
            if held.sequence_id > next {
                self.gap(next, held.sequence_id - 1);
            }
            let id = held.sequence_id;
            self.release(held);
            match id.checked_add(1) {
                Some(following) => next = following,
                None => return,
            }
        }
        if last >= next {
            self.gap(next, last);
        }
        self.cursor = last.checked_add(1).map_or(Cursor::Exhausted, Cursor::Next);
    }

    /// Releases the held tones that follow the cursor without a gap.
    fn release_contiguous(&mut self) {
        while let (Cursor::Next(next), Some(first)) = (self.cursor, self.held.first()) {
            if first.sequence_id != next {
                break;
            }
            let held = self.held.remove(0);
            self.release(held);
        }
    }

    /// Releases the tone at the cursor and moves the cursor past it. Every
    /// tone still held has a higher id, so was pressed after this one.
    fn release(&mut self, held: Held) {
        self.cursor = held
            .sequence_id
            .checked_add(1)
            .map_or(Cursor::Exhausted, Cursor::Next);
        self.stats.released = self.stats.released.saturating_add(1);
        let pressed_by = self
            .earliest_held()
            .map_or(held.received_at, |earliest| earliest.min(held.received_at));
        self.ready.push_back(SequencerEvent::Tone(SequencedTone {
            sequence_id: held.sequence_id,
            tone: held.tone,
            received_at: held.received_at,
            pressed_by,
        }));
    }

    fn gap(&mut self, first: i64, last: i64) {
        let gap = Gap { first, last };
        self.stats.gaps = self.stats.gaps.saturating_add(1);
        self.stats.missing = self.stats.missing.saturating_add(gap.len());
        self.ready.push_back(SequencerEvent::Gap(gap));
    }
}

/// Why `3 × window + 2`: input is refused once `window` events wait, so at
/// most `window - 1` wait when a tone is taken. Count a held tone twice (when
/// it is released it may bring a gap before it): a taken tone adds at most 3
/// (itself, held, and a gap left behind when the window moves), and releasing
/// adds nothing, so waiting + 2 × held ≤ (window - 1) + 2 × window + 3.
fn max_retained(window: usize) -> usize {
    3 * window + 2
}

fn start_cursor(options: &SequencerOptions) -> Cursor {
    options
        .first_sequence_id
        .map_or(Cursor::Unanchored, Cursor::Next)
}

/// `last - first`, without overflow.
fn span(first: i64, last: i64) -> i128 {
    i128::from(last) - i128::from(first)
}

/// `id + delta`, clamped to the `i64` range.
fn shift(id: i64, delta: i128) -> i64 {
    let shifted = (i128::from(id) + delta).clamp(i128::from(i64::MIN), i128::from(i64::MAX));
    i64::try_from(shifted).unwrap_or(id)
}
