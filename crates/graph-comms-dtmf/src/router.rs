//! [`CallCollectors`]: one digit collector per call, for a stream of tone
//! events of many calls.

use crate::collection::CollectorState;
use crate::error::{OptionsError, RouteError, StateError};
use crate::sequencer::Admission;
use crate::{CollectorOptions, Completion, Timestamp};
use graph_comms_core::CallId;
use graph_comms_models::{CallEvent, CallEventKind, Tone, ToneEvent};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

/// The bounds of a [`CallCollectors`].
///
/// ```
/// use graph_comms_dtmf::CallLimits;
/// use std::time::Duration;
///
/// let limits = CallLimits::default().with_max_calls(500).with_idle_timeout(Duration::from_secs(60));
/// assert_eq!(limits.max_calls(), 500);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallLimits {
    max_calls: usize,
    idle_timeout_ms: u64,
}

impl Default for CallLimits {
    /// 10 000 calls, 10 minutes idle.
    fn default() -> Self {
        CallLimits {
            max_calls: 10_000,
            idle_timeout_ms: 10 * 60 * 1_000,
        }
    }
}

impl CallLimits {
    /// How many calls are tracked at most (default 10 000, at least 1). A
    /// new call beyond it evicts the least recently active call, a finished
    /// one first; evicting a collection still going completes it with
    /// [`crate::CompletionReason::Cancelled`].
    pub fn with_max_calls(mut self, max_calls: usize) -> Self {
        self.max_calls = max_calls;
        self
    }

    /// How long a call is kept without any input for it (default 10 min).
    /// A finished call is kept that long so that late duplicates of its tones
    /// are still recognised and do not start a new collection; an idle
    /// collection still going, or not started yet, is completed with
    /// [`crate::CompletionReason::Cancelled`]. Millisecond resolution.
    pub fn with_idle_timeout(mut self, idle_timeout: Duration) -> Self {
        self.idle_timeout_ms = crate::time::millis_ceil(idle_timeout);
        self
    }

    /// See [`Self::with_max_calls`].
    pub fn max_calls(&self) -> usize {
        self.max_calls
    }

    /// See [`Self::with_idle_timeout`].
    pub fn idle_timeout(&self) -> Duration {
        Duration::from_millis(self.idle_timeout_ms)
    }

    /// Checks that at least one call may be tracked.
    ///
    /// # Errors
    ///
    /// [`OptionsErrorKind::MaxCalls`](crate::OptionsErrorKind::MaxCalls) when `max_calls` is 0.
    pub fn validate(&self) -> Result<(), OptionsError> {
        if self.max_calls == 0 {
            return Err(OptionsError::max_calls());
        }
        Ok(())
    }
}

/// The completion of one call's collection.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallCompletion {
    /// The call.
    pub call_id: String,
    /// How its collection ended, and the digits.
    pub completion: Completion,
}

/// The first key of a call's collection: time for the bot to cancel the
/// call's prompt (barge-in). See [`CallCollectors::poll_first_key`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CallFirstKey {
    /// The call.
    pub call_id: String,
    /// When the key was pressed, at the latest.
    pub at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CallEntry {
    collector: CollectorState,
    last_active: Timestamp,
    ended: bool,
}

/// Counters of a [`CallCollectors`] (not tone data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CallStats {
    /// Calls removed after the idle timeout.
    pub evicted_idle: u64,
    /// Calls removed to make room for a new one.
    pub evicted_for_room: u64,
    /// Completions dropped because `max_calls` of them were waiting to be
    /// polled.
    pub dropped_completions: u64,
    /// First-key signals dropped because `max_calls` of them were waiting to
    /// be polled.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped_first_keys: u64,
}

pub(crate) fn is_zero(value: &u64) -> bool {
    *value == 0
}

/// One [`DigitCollector`](crate::DigitCollector) per call, for the tone events of many calls
/// interleaved in one stream (one callback endpoint, many calls).
///
/// A tone of a call not seen before starts a collection for it with the
/// shared options; [`CallCollectors::start`] starts (or restarts) one
/// explicitly, e.g. when a prompt ends. Completions of all calls come out of
/// [`CallCollectors::poll_completion`].
///
/// # A prompt-and-collect step
///
/// [`CallCollectors::track`] a call when its prompt starts (or when it is
/// answered): its keys are then type-ahead, kept up to
/// [`CollectorOptions::with_type_ahead`], until [`CallCollectors::start`]
/// (when the prompt's operation ends). [`CallCollectors::poll_first_key`]
/// gives each collection's first key once, whether it came before or after
/// the start: cancel the prompt then (barge-in). Feed the calls' ends with
/// [`CallCollectors::handle_call_event`] (from `call_events()`): a call that
/// terminated completes with [`crate::CompletionReason::CallEnded`] and its
/// tone data is dropped.
///
/// A finished call (completed, or [`CallCollectors::end_call`]) is kept for
/// the idle timeout, so that late copies of its tones are recognised as
/// duplicates instead of starting a new collection.
///
/// # Memory
///
/// At most [`CallLimits::max_calls`] calls (least recently active evicted,
/// finished calls first), call ids of at most
/// [`graph_comms_core::ID_MAX_LEN`] bytes, each collector bounded by its
/// options, and at most `max_calls` completions waiting to be polled (the
/// oldest is dropped and counted beyond). Eviction and
/// [`CallCollectors::next_deadline`] scan the calls: O(calls).
///
/// # Sans-IO
///
/// As [`DigitCollector`](crate::DigitCollector): every input takes `now`; call
/// [`CallCollectors::handle_timeout`] at [`CallCollectors::next_deadline`],
/// and [`CallCollectors::poll_completion`] and
/// [`CallCollectors::poll_first_key`] until `None` after every input.
///
/// ```
/// use graph_comms_dtmf::{CallCollectors, CallLimits, CollectorOptions, CompletionReason, Timestamp};
/// use graph_comms_models::CommsNotifications;
///
/// let body = br##"{"value": [
///   {"resourceUrl": "/communications/calls/call-a", "resourceData":
///     {"@odata.type": "#microsoft.graph.call", "toneInfo": {"sequenceId": 1, "tone": "tone7"}}},
///   {"resourceUrl": "/communications/calls/call-b", "resourceData":
///     {"@odata.type": "#microsoft.graph.call", "toneInfo": {"sequenceId": 1, "tone": "pound"}}},
///   {"resourceUrl": "/communications/calls/call-a", "resourceData":
///     {"@odata.type": "#microsoft.graph.call", "toneInfo": {"sequenceId": 2, "tone": "pound"}}}
/// ]}"##;
/// let mut calls = CallCollectors::new(CollectorOptions::new(), CallLimits::default())?;
/// let now = Timestamp::from_millis(0);
/// for event in CommsNotifications::from_slice(body)?.tone_events() {
///     calls.handle_event(now, &event?)?;
/// }
/// let mut done = Vec::new();
/// while let Some(call) = calls.poll_completion() {
///     done.push((call.call_id, call.completion.digits.expose().to_owned(), call.completion.reason));
/// }
/// assert_eq!(done, [
///     ("call-b".to_owned(), "".to_owned(), CompletionReason::StopTone),
///     ("call-a".to_owned(), "7".to_owned(), CompletionReason::StopTone),
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    try_from = "UncheckedCalls"
)]
pub struct CallCollectors {
    options: CollectorOptions,
    limits: CallLimits,
    calls: BTreeMap<String, CallEntry>,
    completions: VecDeque<CallCompletionState>,
    /// Added after 0.1: not written while empty.
    #[serde(default, skip_serializing_if = "VecDeque::is_empty")]
    first_keys: VecDeque<CallFirstKey>,
    now: Timestamp,
    stats: CallStats,
}

/// A waiting completion, in the state's serialised form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CallCompletionState {
    call_id: String,
    reason: crate::CompletionReason,
    digits: crate::Digits,
    stop_tone: Option<Tone>,
    at: Timestamp,
    missed_tones: u64,
    /// Added after 0.1: not written while 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    dropped_type_ahead: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UncheckedCalls {
    options: CollectorOptions,
    limits: CallLimits,
    calls: BTreeMap<String, CallEntry>,
    completions: VecDeque<CallCompletionState>,
    #[serde(default)]
    first_keys: VecDeque<CallFirstKey>,
    now: Timestamp,
    stats: CallStats,
}

impl TryFrom<UncheckedCalls> for CallCollectors {
    type Error = StateError;

    fn try_from(state: UncheckedCalls) -> Result<Self, StateError> {
        state.options.validate().map_err(StateError::options)?;
        state.limits.validate().map_err(StateError::options)?;
        if state.calls.len() > state.limits.max_calls {
            return Err(StateError::invalid("calls", "more calls than max_calls"));
        }
        if state.completions.len() > state.limits.max_calls {
            return Err(StateError::invalid(
                "completions",
                "more waiting completions than max_calls",
            ));
        }
        if state.first_keys.len() > state.limits.max_calls {
            return Err(StateError::invalid(
                "firstKeys",
                "more waiting first-key signals than max_calls",
            ));
        }
        let invalid = |id: &String| CallId::check(id).is_err();
        if state.calls.keys().any(invalid)
            || state.completions.iter().any(|c| invalid(&c.call_id))
            || state.first_keys.iter().any(|k| invalid(&k.call_id))
        {
            return Err(StateError::invalid(
                "calls",
                "a call id is not a valid call id",
            ));
        }
        let mut calls = BTreeMap::new();
        for (id, entry) in state.calls {
            let collector = entry.collector.checked(&state.options)?;
            calls.insert(id, CallEntry { collector, ..entry });
        }
        Ok(CallCollectors {
            options: state.options,
            limits: state.limits,
            calls,
            completions: state.completions,
            first_keys: state.first_keys,
            now: state.now,
            stats: state.stats,
        })
    }
}

impl CallCollectors {
    /// An empty map; each call's collector will use `options`.
    ///
    /// # Errors
    ///
    /// The options' or limits' `validate` error.
    pub fn new(options: CollectorOptions, limits: CallLimits) -> Result<Self, OptionsError> {
        options.validate()?;
        limits.validate()?;
        Ok(CallCollectors {
            options,
            limits,
            calls: BTreeMap::new(),
            completions: VecDeque::new(),
            first_keys: VecDeque::new(),
            now: Timestamp::ZERO,
            stats: CallStats::default(),
        })
    }

    /// The options every call's collector uses.
    pub fn options(&self) -> &CollectorOptions {
        &self.options
    }

    /// The bounds.
    pub fn limits(&self) -> &CallLimits {
        &self.limits
    }

    /// Counters.
    pub fn stats(&self) -> CallStats {
        self.stats
    }

    /// How many calls are tracked (collecting or finished).
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether no call is tracked.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// Whether a call is tracked (collecting or finished).
    pub fn contains(&self, call_id: &str) -> bool {
        self.calls.contains_key(call_id)
    }

    /// Whether a call's collection is going; `false` for a call not tracked,
    /// and for a call [tracked](Self::track) but not started yet.
    pub fn is_collecting(&self, call_id: &str) -> bool {
        self.calls
            .get(call_id)
            .is_some_and(|entry| entry.collector.is_collecting())
    }

    /// The ids of the tracked calls, in order.
    pub fn call_ids(&self) -> impl Iterator<Item = &str> {
        self.calls.keys().map(String::as_str)
    }

    /// How many entries are kept in all: calls, waiting completions and
    /// first-key signals, and the sequencer and type-ahead entries of every
    /// collector. Bounded by the limits and the options, whatever the input.
    pub fn retained(&self) -> usize {
        self.calls.len()
            + self.completions.len()
            + self.first_keys.len()
            + self
                .calls
                .values()
                .map(|entry| entry.collector.retained())
                .sum::<usize>()
    }

    /// Takes a tone event at `now`, starting a collection if its call is new.
    ///
    /// # Errors
    ///
    /// [`RouteErrorKind::InvalidCallId`](crate::RouteErrorKind::InvalidCallId): the event is not taken.
    pub fn handle_event(
        &mut self,
        now: Timestamp,
        event: &ToneEvent<'_>,
    ) -> Result<Admission, RouteError> {
        self.handle_tone(now, event.call_id, event.sequence_id, event.tone.clone())
    }

    /// Takes a tone of a call at `now`, as [`CallCollectors::handle_event`]
    /// does, from its parts.
    ///
    /// # Errors
    ///
    /// [`RouteErrorKind::InvalidCallId`](crate::RouteErrorKind::InvalidCallId): the tone is not taken.
    pub fn handle_tone(
        &mut self,
        now: Timestamp,
        call_id: &str,
        sequence_id: i64,
        tone: Tone,
    ) -> Result<Admission, RouteError> {
        let now = self.advance(now);
        let CallCollectors { options, calls, .. } = self.make_room(now, call_id)?;
        let entry = entry(calls, options, now, call_id);
        entry.last_active = now;
        let admission = entry.collector.handle_tone(options, now, sequence_id, tone);
        self.collect_outputs(call_id);
        Ok(admission)
    }

    /// Starts a collection for a call at `now` (e.g. when its prompt ends),
    /// or restarts it if it is tracked and its call has not ended; a call
    /// that ended is left alone. Returns whether a collection is going.
    ///
    /// # Errors
    ///
    /// [`RouteErrorKind::InvalidCallId`](crate::RouteErrorKind::InvalidCallId).
    pub fn start(&mut self, now: Timestamp, call_id: &str) -> Result<bool, RouteError> {
        let now = self.advance(now);
        let is_new = !self.calls.contains_key(call_id);
        let CallCollectors { options, calls, .. } = self.make_room(now, call_id)?;
        let entry = entry(calls, options, now, call_id);
        entry.last_active = now;
        if entry.ended {
            return Ok(false);
        }
        if !is_new {
            entry.collector.restart(options, now);
        }
        let collecting = entry.collector.is_collecting();
        self.collect_outputs(call_id);
        Ok(collecting)
    }

    /// Tracks a call whose collection has not started (when its prompt
    /// starts, or when it is answered): until [`CallCollectors::start`], its
    /// keys are type-ahead (kept up to [`CollectorOptions::with_type_ahead`],
    /// dropped with the default of 0) and the first of them is signalled by
    /// [`CallCollectors::poll_first_key`]. A call already tracked is left
    /// alone. Returns whether the call is waiting to start.
    ///
    /// ```
    /// use graph_comms_dtmf::{CallCollectors, CallLimits, CollectorOptions, Timestamp};
    /// use graph_comms_models::Tone;
    ///
    /// let options = CollectorOptions::new().with_max_digits(4).with_type_ahead(4);
    /// let mut calls = CallCollectors::new(options, CallLimits::default())?;
    /// let ms = Timestamp::from_millis;
    /// calls.track(ms(0), "call-a")?; // "Enter your PIN" starts playing
    /// calls.handle_tone(ms(800), "call-a", 1, Tone::Tone1)?;
    /// calls.handle_tone(ms(800), "call-a", 1, Tone::Tone1)?; // a duplicate
    /// let first = calls.poll_first_key().expect("cancel the prompt now");
    /// assert_eq!((first.call_id.as_str(), first.at), ("call-a", ms(800)));
    /// assert!(calls.poll_first_key().is_none());
    ///
    /// calls.start(ms(1_000), "call-a")?; // the prompt's operation ended
    /// for (seq, tone) in [(2, Tone::Tone2), (3, Tone::Tone3), (4, Tone::Tone4)] {
    ///     calls.handle_tone(ms(1_500), "call-a", seq, tone)?;
    /// }
    /// assert_eq!(calls.poll_completion().unwrap().completion.digits.expose(), "1234");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RouteErrorKind::InvalidCallId`](crate::RouteErrorKind::InvalidCallId).
    pub fn track(&mut self, now: Timestamp, call_id: &str) -> Result<bool, RouteError> {
        let now = self.advance(now);
        if let Some(entry) = self.calls.get(call_id) {
            return Ok(!entry.ended && entry.collector.is_waiting());
        }
        let CallCollectors { options, calls, .. } = self.make_room(now, call_id)?;
        calls.insert(
            call_id.to_owned(),
            CallEntry {
                collector: CollectorState::waiting(options, now),
                last_active: now,
                ended: false,
            },
        );
        Ok(true)
    }

    /// Cancels a call's collection at `now` ([`DigitCollector::cancel`](crate::DigitCollector::cancel)). An
    /// unknown call is ignored.
    pub fn cancel(&mut self, now: Timestamp, call_id: &str) {
        let now = self.advance(now);
        if let Some(entry) = self.calls.get_mut(call_id) {
            entry.last_active = now;
            entry.collector.cancel(&self.options, now);
            self.collect_outputs(call_id);
        }
    }

    /// The call ended at `now` (a `deleted` notification, or a 404 on the
    /// call): its collection completes with
    /// [`crate::CompletionReason::CallEnded`] (see
    /// [`DigitCollector::call_ended`](crate::DigitCollector::call_ended)),
    /// and its tone data goes: its type-ahead, and its first-key signal if
    /// one waits (there is no prompt left to cancel). What remains, until the
    /// idle timeout, is its id, its sequencer's position and counters, so
    /// that late tones of it start nothing; an unknown call is recorded as
    /// ended for the same reason.
    ///
    /// # Errors
    ///
    /// [`RouteErrorKind::InvalidCallId`](crate::RouteErrorKind::InvalidCallId).
    pub fn end_call(&mut self, now: Timestamp, call_id: &str) -> Result<(), RouteError> {
        self.end(now, call_id, true)
    }

    /// Ends a call; an unknown call completes only if `complete_unknown`.
    fn end(
        &mut self,
        now: Timestamp,
        call_id: &str,
        complete_unknown: bool,
    ) -> Result<(), RouteError> {
        let now = self.advance(now);
        let known = self.calls.contains_key(call_id);
        let CallCollectors { options, calls, .. } = self.make_room(now, call_id)?;
        let entry = entry(calls, options, now, call_id);
        entry.last_active = now;
        entry.ended = true;
        entry.collector.call_ended(options, now);
        if known || complete_unknown {
            self.collect_outputs(call_id);
        } else {
            // A collection that never existed: nothing to report.
            let _ = entry.collector.poll_completion();
        }
        self.first_keys.retain(|key| key.call_id != call_id);
        Ok(())
    }

    /// Takes a call event from `call_events()` at `now`: a call that
    /// terminated ([`CallEventKind::Terminated`]: a `deleted` notification
    /// on the call, or its state `terminated`) is ended as
    /// [`CallCollectors::end_call`] says; other events (incoming, state
    /// changes) change nothing. Returns whether the call was ended.
    ///
    /// Unlike [`CallCollectors::end_call`], the end of a call not tracked
    /// completes nothing (a bot feeds every call's events here, and most
    /// calls may never collect digits); it is recorded as ended all the
    /// same, so that late tones of it start nothing.
    ///
    /// ```
    /// use graph_comms_dtmf::{CallCollectors, CallLimits, CollectorOptions, CompletionReason, Timestamp};
    /// use graph_comms_models::{CommsNotifications, Tone};
    ///
    /// let mut calls = CallCollectors::new(CollectorOptions::new(), CallLimits::default())?;
    /// calls.handle_tone(Timestamp::from_millis(100), "abc", 1, Tone::Tone7)?;
    /// let body = br##"{"value": [{"changeType": "deleted",
    ///   "resourceUrl": "/communications/calls/abc",
    ///   "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "terminated"}}]}"##;
    /// for event in CommsNotifications::from_slice(body)?.call_events() {
    ///     calls.handle_call_event(Timestamp::from_millis(900), &event)?;
    /// }
    /// let done = calls.poll_completion().unwrap();
    /// assert_eq!(done.completion.reason, CompletionReason::CallEnded);
    /// assert_eq!(done.completion.digits.expose(), "7");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RouteErrorKind::InvalidCallId`](crate::RouteErrorKind::InvalidCallId): nothing changed.
    pub fn handle_call_event(
        &mut self,
        now: Timestamp,
        event: &CallEvent<'_>,
    ) -> Result<bool, RouteError> {
        if event.kind != CallEventKind::Terminated {
            return Ok(false);
        }
        self.end(now, event.call_id, false)?;
        Ok(true)
    }

    /// Applies every call's timeouts due at `now`, and removes the calls idle
    /// for the idle timeout.
    pub fn handle_timeout(&mut self, now: Timestamp) {
        let now = self.advance(now);
        let ids: Vec<String> = self
            .calls
            .iter()
            .filter(|(_, entry)| {
                entry
                    .collector
                    .next_deadline(&self.options)
                    .is_some_and(|deadline| deadline <= now)
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in ids {
            if let Some(entry) = self.calls.get_mut(&id) {
                entry.collector.handle_timeout(&self.options, now);
                self.collect_outputs(&id);
            }
        }
        let idle_timeout = self.limits.idle_timeout_ms;
        let idle: Vec<String> = self
            .calls
            .iter()
            .filter(|(_, entry)| entry.last_active.plus_millis(idle_timeout) <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in idle {
            self.evict(now, &id);
            self.stats.evicted_idle = self.stats.evicted_idle.saturating_add(1);
        }
    }

    /// When to call [`CallCollectors::handle_timeout`] next: the earliest
    /// deadline of any call, or idle eviction.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.calls
            .values()
            .flat_map(|entry| {
                [
                    entry.collector.next_deadline(&self.options),
                    Some(entry.last_active.plus_millis(self.limits.idle_timeout_ms)),
                ]
            })
            .flatten()
            .min()
    }

    /// The next first-key signal of any call, in the order they happened:
    /// once per collection, for its first key that counts (an allowed key,
    /// the clear key or a stop tone; not a duplicate, not a tone that is not
    /// allowed), including a key typed ahead before the collection started
    /// (see [`DigitCollector::poll_first_key`](crate::DigitCollector::poll_first_key)).
    /// This is the moment to cancel the call's prompt (barge-in).
    #[must_use]
    pub fn poll_first_key(&mut self) -> Option<CallFirstKey> {
        self.first_keys.pop_front()
    }

    /// The next completion of any call, in the order they happened.
    #[must_use]
    pub fn poll_completion(&mut self) -> Option<CallCompletion> {
        let state = self.completions.pop_front()?;
        Some(CallCompletion {
            call_id: state.call_id,
            completion: Completion {
                reason: state.reason,
                digits: state.digits,
                stop_tone: state.stop_tone,
                at: state.at,
                missed_tones: state.missed_tones,
                dropped_type_ahead: state.dropped_type_ahead,
            },
        })
    }

    fn advance(&mut self, now: Timestamp) -> Timestamp {
        self.now = self.now.max(now);
        self.now
    }

    /// Checks the call id and, if the call is new, makes room for it.
    /// Returns `self` so that the caller can split the borrow.
    fn make_room(&mut self, now: Timestamp, call_id: &str) -> Result<&mut Self, RouteError> {
        CallId::check(call_id).map_err(RouteError::invalid_call_id)?;
        if !self.calls.contains_key(call_id) {
            while self.calls.len() >= self.limits.max_calls {
                let Some(victim) = self.least_recently_active() else {
                    break;
                };
                self.evict(now, &victim);
                self.stats.evicted_for_room = self.stats.evicted_for_room.saturating_add(1);
            }
        }
        Ok(self)
    }

    /// The call to evict for room: the least recently active finished call,
    /// else the least recently active call.
    fn least_recently_active(&self) -> Option<String> {
        let oldest = |finished: bool| {
            self.calls
                .iter()
                .filter(|(_, entry)| !finished || entry.collector.is_ended())
                .min_by_key(|(_, entry)| entry.last_active)
                .map(|(id, _)| id.clone())
        };
        oldest(true).or_else(|| oldest(false))
    }

    /// Removes a call; a collection still going completes as cancelled.
    fn evict(&mut self, now: Timestamp, call_id: &str) {
        if let Some(entry) = self.calls.get_mut(call_id) {
            entry.collector.cancel(&self.options, now);
            self.collect_outputs(call_id);
        }
        self.calls.remove(call_id);
    }

    /// Moves a call's first-key signal and completion, if any, to the
    /// queues (the oldest dropped and counted beyond `max_calls`).
    fn collect_outputs(&mut self, call_id: &str) {
        let Some(entry) = self.calls.get_mut(call_id) else {
            return;
        };
        if let Some(at) = entry.collector.poll_first_key() {
            if self.first_keys.len() >= self.limits.max_calls {
                self.first_keys.pop_front();
                self.stats.dropped_first_keys = self.stats.dropped_first_keys.saturating_add(1);
            }
            self.first_keys.push_back(CallFirstKey {
                call_id: call_id.to_owned(),
                at,
            });
        }
        let Some(completion) = entry.collector.poll_completion() else {
            return;
        };
        if self.completions.len() >= self.limits.max_calls {
            self.completions.pop_front();
            self.stats.dropped_completions = self.stats.dropped_completions.saturating_add(1);
        }
        self.completions.push_back(CallCompletionState {
            call_id: call_id.to_owned(),
            reason: completion.reason,
            digits: completion.digits,
            stop_tone: completion.stop_tone,
            at: completion.at,
            missed_tones: completion.missed_tones,
            dropped_type_ahead: completion.dropped_type_ahead,
        });
    }
}

/// The entry of a call, created with a new collection if it is new.
fn entry<'a>(
    calls: &'a mut BTreeMap<String, CallEntry>,
    options: &CollectorOptions,
    now: Timestamp,
    call_id: &str,
) -> &'a mut CallEntry {
    calls
        .entry(call_id.to_owned())
        .or_insert_with(|| CallEntry {
            collector: CollectorState::new(options, now),
            last_active: now,
            ended: false,
        })
}
