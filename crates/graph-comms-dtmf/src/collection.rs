//! `CollectorState`: one digit collection without its options, the engine
//! behind [`crate::DigitCollector`] and each call of [`crate::CallCollectors`].
//!
//! # Stored form
//!
//! The state is stored between notifications (issue 18's store, a worker's
//! own), so its serde form is part of the API and pinned by snapshots. Fields
//! added after 0.1 (`typeAhead`, `firstKey`, `callEnded`, `droppedTypeAhead`,
//! `droppedAheadNext`) are written only
//! when they hold something, and read as absent when missing: a state that
//! uses none of them is written exactly as 0.1 wrote it, and a 0.1 state reads.

use crate::collector::CollectorStats;
use crate::error::StateError;
use crate::router::is_zero;
use crate::sequencer::{Admission, SequencedTone, SequencerEvent, ToneSequencer};
use crate::{CollectorOptions, Completion, CompletionReason, Digits, InvalidTone, Timestamp};
use graph_comms_models::Tone;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
enum Status {
    /// Not started yet ([`crate::DigitCollector::new_waiting`],
    /// [`crate::CallCollectors::track`]): tones are type-ahead.
    Waiting,
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

/// The "first key" (barge-in) signal of a collection.
///
/// `Armed` until a key that counts arrives, then `Fired` until polled, then
/// `Given`. A completion re-arms a `Given` signal, so that keys typed ahead
/// for the next collection signal once, when they arrive; a `Fired` signal
/// not yet polled stays (the bot may still have a prompt to cancel), so at
/// most one signal waits at a time. A start re-arms it unless type-ahead keys
/// are waiting (they signalled already, for this collection).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
enum FirstKey {
    #[default]
    Armed,
    Fired {
        at: Timestamp,
    },
    Given,
}

impl FirstKey {
    fn is_armed(&self) -> bool {
        *self == FirstKey::Armed
    }
}

fn is_false(value: &bool) -> bool {
    !*value
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
    /// Tones released while no collection was going, for the next one (at
    /// most `CollectorOptions::type_ahead`), in sequence order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    type_ahead: Vec<SequencedTone>,
    #[serde(default, skip_serializing_if = "FirstKey::is_armed")]
    first_key: FirstKey,
    /// The call ended: no more type-ahead, no more signals.
    #[serde(default, skip_serializing_if = "is_false")]
    call_ended: bool,
    /// Keys pressed before this collection started that found the
    /// type-ahead full (given in its [`Completion`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    dropped_type_ahead: u64,
    /// The same, counted since the last start, for the next collection.
    #[serde(default, skip_serializing_if = "is_zero")]
    dropped_ahead_next: u64,
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

impl CollectorState {
    /// A collection started at `now`.
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
            type_ahead: Vec::new(),
            first_key: FirstKey::Armed,
            call_ended: false,
            dropped_type_ahead: 0,
            dropped_ahead_next: 0,
        }
    }

    /// A collection that waits for [`Self::restart`]: tones until then are
    /// type-ahead.
    pub(crate) fn waiting(options: &CollectorOptions, now: Timestamp) -> Self {
        CollectorState {
            status: Status::Waiting,
            ..Self::new(options, now)
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
        if self.type_ahead.len() > usize::from(options.type_ahead()) {
            return Err(StateError::invalid(
                "collector.typeAhead",
                "more type-ahead tones than the options allow",
            ));
        }
        if !self.type_ahead.is_empty() && (self.is_collecting() || self.call_ended) {
            return Err(StateError::invalid(
                "collector.typeAhead",
                "type-ahead tones kept while collecting or after the call ended",
            ));
        }
        if !self
            .type_ahead
            .windows(2)
            .all(|pair| pair[0].sequence_id < pair[1].sequence_id)
        {
            return Err(StateError::invalid(
                "collector.typeAhead",
                "sequence ids not strictly increasing",
            ));
        }
        let mut digits = buffer(options);
        for key in self.digits.expose().chars() {
            digits.push(key);
        }
        // A 0.1 state has no `firstKey`: a collection with a key counted had
        // signalled it (0.1 had no signal, so nothing waits to be polled).
        let first_key =
            if self.first_key.is_armed() && self.is_collecting() && self.last_key_at.is_some() {
                FirstKey::Given
            } else {
                self.first_key
            };
        Ok(CollectorState {
            digits,
            first_key,
            ..self
        })
    }

    pub(crate) fn is_collecting(&self) -> bool {
        self.status == Status::Collecting
    }

    /// Whether the collection has not started.
    pub(crate) fn is_waiting(&self) -> bool {
        self.status == Status::Waiting
    }

    /// Whether the collection ended (completed, polled or not).
    pub(crate) fn is_ended(&self) -> bool {
        self.reason().is_some()
    }

    pub(crate) fn reason(&self) -> Option<CompletionReason> {
        match self.status {
            Status::Waiting | Status::Collecting => None,
            Status::Completed { reason, .. } | Status::Polled { reason } => Some(reason),
        }
    }

    pub(crate) fn sequencer(&self) -> &ToneSequencer {
        &self.sequencer
    }

    pub(crate) fn stats(&self) -> CollectorStats {
        self.stats
    }

    pub(crate) fn digit_count(&self) -> usize {
        self.digits.len()
    }

    /// See [`crate::DigitCollector::reset_sequence`].
    pub(crate) fn reset_sequence(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.sequencer.reset(now);
        self.drain(options);
        self.check_timeouts(options);
    }

    /// Sequencer entries and type-ahead tones.
    pub(crate) fn retained(&self) -> usize {
        self.sequencer.retained() + self.type_ahead.len()
    }

    /// The first-key signal, once per collection (see [`FirstKey`]).
    pub(crate) fn poll_first_key(&mut self) -> Option<Timestamp> {
        let FirstKey::Fired { at } = self.first_key else {
            return None;
        };
        self.first_key = FirstKey::Given;
        Some(at)
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
        // The sequencer's gap timeout matters while its tones can still go
        // somewhere: into a collection, or into the type-ahead.
        let keeps_tones = self.is_collecting()
            || (!self.call_ended && (self.status == Status::Waiting || options.type_ahead() > 0));
        if !keeps_tones {
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
            dropped_type_ahead: self.dropped_type_ahead,
        })
    }

    pub(crate) fn cancel(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.handle_timeout(options, now);
        if self.is_collecting() || self.status == Status::Waiting {
            self.complete(CompletionReason::Cancelled, None, self.sequencer.now());
        }
    }

    pub(crate) fn call_ended(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.handle_timeout(options, now);
        self.sequencer.flush(now);
        self.drain(options);
        if self.is_collecting() || self.status == Status::Waiting {
            self.complete(CompletionReason::CallEnded, None, self.sequencer.now());
        }
        self.call_ended = true;
        // Nothing more to collect or to signal: the tone data goes.
        self.stats.ignored_tones = self
            .stats
            .ignored_tones
            .saturating_add(u64::try_from(self.type_ahead.len()).unwrap_or(u64::MAX));
        self.type_ahead = Vec::new();
        self.dropped_ahead_next = 0;
        self.first_key = FirstKey::Given;
    }

    pub(crate) fn restart(&mut self, options: &CollectorOptions, now: Timestamp) {
        self.sequencer.handle_timeout(now);
        self.drain(options);
        self.digits.clear();
        self.started_at = self.sequencer.now();
        self.last_key_at = None;
        self.missed_tones = 0;
        self.dropped_type_ahead = std::mem::take(&mut self.dropped_ahead_next);
        self.status = Status::Collecting;
        if self.type_ahead.is_empty() && !self.call_ended {
            self.first_key = FirstKey::Armed;
        }
        // The keys typed ahead, in order, as if pressed at the start; those
        // after a key that ends this collection wait for the next one.
        for tone in std::mem::take(&mut self.type_ahead) {
            self.collect(options, tone);
        }
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
            self.keep_ahead(options, sequenced);
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
            self.keep_ahead(options, sequenced);
            return;
        }
        let tone = sequenced.tone;
        // Only the first key of a collection has to be looked at.
        if self.first_key.is_armed() && options.counts(&tone) {
            self.signal_first_key(at);
        }
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

    /// A tone released while no collection is going: kept for the next one
    /// if there is room, else ignored (and, if the call goes on, counted for
    /// the next collection's [`Completion::dropped_type_ahead`]).
    fn keep_ahead(&mut self, options: &CollectorOptions, sequenced: SequencedTone) {
        if self.call_ended {
            self.ignore();
            return;
        }
        if self.type_ahead.len() >= usize::from(options.type_ahead()) {
            self.ignore();
            self.dropped_ahead_next = self.dropped_ahead_next.saturating_add(1);
            return;
        }
        if self.first_key.is_armed() && options.counts(&sequenced.tone) {
            self.signal_first_key(sequenced.pressed_by);
        }
        self.type_ahead.push(sequenced);
    }

    fn signal_first_key(&mut self, at: Timestamp) {
        if self.first_key.is_armed() && !self.call_ended {
            self.first_key = FirstKey::Fired { at };
        }
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
        if self.first_key == FirstKey::Given && !self.call_ended {
            self.first_key = FirstKey::Armed;
        }
    }
}
