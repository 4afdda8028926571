//! The bot's flow for one call, sans-IO: [`CallFlow`] (where the call is,
//! what it waits for, its digit collector) and [`step`], a pure function
//! from (state, event, time) to the [`Action`]s to take.
//!
//! [`step`] runs inside [`CallStore::update`](graph_comms_dtmf::CallStore::update),
//! which may run it more than once (a store with optimistic concurrency runs
//! it again after a conflict), so it does nothing itself: it changes the state
//! and returns what to do, and the worker does it once the update committed.
//! The [`Action::Report`] (the completion line) and the call's next steps
//! come out of the one update that committed them, so no two workers do them
//! twice. That is at most once, not exactly once: a worker that crashes
//! between the commit and its actions loses them, and a re-applied
//! notification finds the state already moved on and returns nothing (doing
//! them again only when they were not done would need an outbox in the
//! state, which the bot does not keep). A store's compare-and-set that ends
//! ambiguously (a timeout after the write) is the store's to resolve.

use graph_comms_dtmf::{
    CollectorOptions, CompletionReason, DigitCollector, Digits, OptionsError, Timestamp,
};
use graph_comms_models::{CallEventKind, CallState, CommsNotifications, Tone};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The bot's settings for every call's flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowConfig {
    options: CollectorOptions,
}

impl FlowConfig {
    /// A PIN of `pin_length` digits (`#` ends it early), with the keys typed
    /// while the greeting plays kept (type-ahead: up to the PIN and its `#`),
    /// and the collector's default 5 s initial and inter-digit timeouts.
    ///
    /// # Errors
    ///
    /// The collector's options error: `pin_length` is 0 or over
    /// [`CollectorOptions::DIGIT_LIMIT`].
    pub fn new(pin_length: u16) -> Result<Self, OptionsError> {
        let options = CollectorOptions::new()
            .with_max_digits(pin_length)
            .with_stop_tones([Tone::Pound])
            .with_type_ahead(
                pin_length
                    .saturating_add(1)
                    .min(CollectorOptions::DIGIT_LIMIT),
            );
        options.validate()?;
        Ok(FlowConfig { options })
    }

    /// The collector's options.
    pub fn options(&self) -> &CollectorOptions {
        &self.options
    }
}

/// The prompts the bot plays (service-hosted media: Graph fetches the WAV
/// file from its URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum PromptKind {
    /// "Please enter your PIN, then press pound."
    Greeting,
    /// "Thank you, your PIN was received."
    Confirmation,
    /// "Sorry, no PIN was received. Goodbye." (a timeout or an invalid key
    /// ended the collection).
    NotReceived,
}

impl PromptKind {
    /// The WAV file's name, under the bot's prompt base URL
    /// (`--prompt-base-url`).
    pub fn file_name(self) -> &'static str {
        match self {
            PromptKind::Greeting => "enter-pin.wav",
            PromptKind::Confirmation => "pin-received.wav",
            PromptKind::NotReceived => "pin-not-received.wav",
        }
    }

    /// The file's URL under `base` (a `/` is put between them if `base`
    /// has none at its end).
    pub fn uri(self, base: &str) -> String {
        let sep = if base.ends_with('/') { "" } else { "/" };
        format!("{base}{sep}{}", self.file_name())
    }

    /// The `clientContext` of its playPrompt: it comes back in the
    /// operation's notifications, so the bot knows which prompt ended before
    /// it has the operation id (the response may arrive after the callback).
    pub fn client_context(self) -> &'static str {
        match self {
            PromptKind::Greeting => "ivr-bot-greeting",
            PromptKind::Confirmation => "ivr-bot-confirmation",
            PromptKind::NotReceived => "ivr-bot-not-received",
        }
    }
}

/// Where a call is in the bot's flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Phase {
    /// Ringing; the bot answered and waits for `established`.
    Answering,
    /// Established: the greeting plays (keys are typed ahead) or the PIN is
    /// being collected.
    Collecting,
    /// The PIN is in; the confirmation plays.
    Confirming,
    /// The confirmation ended; the bot hung up and waits for the end.
    HangingUp,
    /// The call ended. The state stays until the store expires it, so that
    /// late and duplicated notifications of the call do nothing.
    Done,
}

/// A prompt the flow waits for: its client context, and its operation id
/// once the playPrompt response gave it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pending {
    prompt: PromptKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    operation_id: Option<String>,
}

/// One call's state between notifications: `Serialize`/`Deserialize` for a
/// shared store, so that any worker can take any notification of the call.
///
/// It holds the call's tones while the PIN is typed (in the collector):
/// the Redis store seals it with an AEAD key. Its `Debug` shows the phase
/// and counts, never a tone or a digit.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallFlow {
    phase: Phase,
    /// From `established` until the collection ends (then dropped, digits
    /// and all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    collector: Option<DigitCollector>,
    /// The prompt whose end the flow waits for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    waiting_for: Option<Pending>,
    /// The greeting was cancelled (barge-in), once.
    #[serde(default)]
    barged_in: bool,
    /// The completion was reported (the JSON line), once.
    #[serde(default)]
    reported: bool,
}

impl fmt::Debug for CallFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFlow")
            .field("phase", &self.phase)
            .field(
                "digits",
                &self.collector.as_ref().map(DigitCollector::digit_count),
            )
            .field(
                "waiting_for",
                &self.waiting_for.as_ref().map(|pending| pending.prompt),
            )
            .field("barged_in", &self.barged_in)
            .field("reported", &self.reported)
            .finish()
    }
}

impl CallFlow {
    fn answering() -> Self {
        CallFlow {
            phase: Phase::Answering,
            collector: None,
            waiting_for: None,
            barged_in: false,
            reported: false,
        }
    }

    /// Where the call is.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether the completion was reported.
    pub fn reported(&self) -> bool {
        self.reported
    }

    /// When to apply [`FlowEvent::Timeout`] next: the collector's next
    /// deadline, while it collects.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.collector
            .as_ref()
            .and_then(DigitCollector::next_deadline)
    }
}

/// What happened to a call, from its notifications (or a timer).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum FlowEvent {
    /// A new incoming call.
    Incoming,
    /// The call is established.
    Established,
    /// The call ended (whoever hung up).
    Terminated,
    /// A key press (`Debug` redacts the tone).
    Tone {
        /// Its sequence id.
        sequence_id: i64,
        /// The key.
        tone: Tone,
    },
    /// An operation of the call ended (any outcome).
    OperationEnded {
        /// Its id.
        operation_id: String,
        /// Its client context, when the notification carries one.
        client_context: Option<String>,
    },
    /// The playPrompt response gave this prompt's operation id.
    PromptStarted {
        /// Which prompt.
        prompt: PromptKind,
        /// Its operation id.
        operation_id: String,
    },
    /// Graph refused the playPrompt of this prompt (or did not answer): the
    /// flow goes on as if it had ended, so that a call is never left
    /// waiting for a prompt that will not play.
    PromptFailed {
        /// Which prompt.
        prompt: PromptKind,
    },
    /// Graph answered the bot's cancelMediaProcessing with a 2xx: the
    /// greeting is over (barge-in), so the collection starts.
    ///
    /// Open question: no public source shows the notification Graph sends
    /// for a cancelled playPrompt (if any); the playPrompt docs show only a
    /// completed one. The bot does not wait for it: this event, applied on
    /// the cancel's answer, starts the collection, and the greeting's
    /// operation-ended notification, if one comes, is then a harmless
    /// duplicate (and the other way round). Idempotent.
    MediaCancelled,
    /// A timer set to [`CallFlow::next_deadline`] fired.
    Timeout,
}

/// What the worker does once the update committed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Answer the call, with service-hosted media.
    Answer,
    /// Subscribe to the call's tones (before the first prompt, so that no key
    /// is lost).
    SubscribeToTone,
    /// Play a prompt.
    PlayPrompt(PromptKind),
    /// Cancel the media operations (the greeting): the caller started
    /// typing.
    CancelMedia,
    /// Hang up.
    HangUp,
    /// Print the completion line (`Debug` redacts the digits).
    Report {
        /// What was typed.
        digits: Digits,
        /// Why the collection ended.
        reason: CompletionReason,
    },
}

/// The flow events of a callback, grouped by call in the order the calls
/// first appear, each call's in the order of the batch (a call's change
/// before its operations and tones of the same notification), and how many
/// notifications could not be read. Call states other than `established`
/// are not events of this flow.
pub fn events_by_call(batch: &CommsNotifications) -> (Vec<(String, Vec<FlowEvent>)>, usize) {
    let mut found: Vec<(usize, u8, String, FlowEvent)> = Vec::new();
    let mut unreadable = 0;
    for event in batch.call_events() {
        let flow_event = match (event.kind, event.state) {
            (CallEventKind::Incoming, _) => FlowEvent::Incoming,
            (CallEventKind::StateChanged, Some(CallState::Established)) => FlowEvent::Established,
            (CallEventKind::Terminated, _) => FlowEvent::Terminated,
            _ => continue,
        };
        found.push((
            event.notification_index,
            0,
            event.call_id.to_owned(),
            flow_event,
        ));
    }
    for event in batch.operation_events() {
        match event {
            Ok(event) => found.push((
                event.notification_index,
                1,
                event.call_id.to_owned(),
                FlowEvent::OperationEnded {
                    operation_id: event.operation_id.to_owned(),
                    client_context: event.client_context.map(str::to_owned),
                },
            )),
            Err(_) => unreadable += 1,
        }
    }
    for event in batch.tone_events() {
        match event {
            Ok(event) => found.push((
                event.notification_index,
                2,
                event.call_id.to_owned(),
                FlowEvent::Tone {
                    sequence_id: event.sequence_id,
                    tone: event.tone,
                },
            )),
            Err(_) => unreadable += 1,
        }
    }
    found.sort_by_key(|(index, order, ..)| (*index, *order));
    let mut calls: Vec<(String, Vec<FlowEvent>)> = Vec::new();
    for (_, _, call, event) in found {
        match calls.iter_mut().find(|(id, _)| *id == call) {
            Some((_, events)) => events.push(event),
            None => calls.push((call, vec![event])),
        }
    }
    (calls, unreadable)
}

/// Applies `event` at `now` to a call's state (`None`: the store has none)
/// and returns what to do. Pure and deterministic: the same state and event
/// give the same result, so it may run again after a store conflict.
///
/// - No state: only [`FlowEvent::Incoming`] starts one (answer); anything
///   else of an unknown call is ignored.
/// - `established`: subscribe to tones, then play the greeting; the
///   collector waits (keys typed meanwhile are kept as type-ahead).
/// - The first key that counts, while the greeting plays: cancel it
///   (barge-in), once.
/// - The greeting's operation ended (completed or cancelled), or the bot's
///   cancelMediaProcessing was answered with a 2xx
///   ([`FlowEvent::MediaCancelled`]), whichever comes first: the collection
///   starts, the keys typed ahead first.
/// - The collection ended: report it once, play the confirmation (or the
///   not-received prompt after a timeout or invalid key); when that ends,
///   hang up. A prompt Graph refused counts as ended.
/// - The call ended: a PIN left unfinished is dropped without a report (a
///   tone held for a missing sequence id is collected first and may finish
///   it, and then it is reported); the state stays as [`Phase::Done`].
///
/// Duplicated and late notifications change nothing.
pub fn step(
    state: &mut Option<CallFlow>,
    event: &FlowEvent,
    now: Timestamp,
    config: &FlowConfig,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(flow) = state else {
        if *event == FlowEvent::Incoming {
            *state = Some(CallFlow::answering());
            actions.push(Action::Answer);
        }
        return actions;
    };
    if flow.phase == Phase::Done {
        return actions;
    }
    match event {
        // A duplicated `incoming`: answered already.
        FlowEvent::Incoming => {}
        FlowEvent::Established => {
            if flow.phase == Phase::Answering {
                // A waiting collector cannot fail with options that
                // FlowConfig::new validated.
                if let Ok(collector) = DigitCollector::new_waiting(config.options.clone(), now) {
                    flow.collector = Some(collector);
                }
                flow.phase = Phase::Collecting;
                flow.waiting_for = Some(Pending {
                    prompt: PromptKind::Greeting,
                    operation_id: None,
                });
                actions.push(Action::SubscribeToTone);
                actions.push(Action::PlayPrompt(PromptKind::Greeting));
            }
        }
        FlowEvent::Tone { sequence_id, tone } => {
            if let Some(collector) = &mut flow.collector {
                collector.handle_tone(now, *sequence_id, tone.clone());
                let first_key = collector.poll_first_key().is_some();
                let greeting = flow
                    .waiting_for
                    .as_ref()
                    .is_some_and(|pending| pending.prompt == PromptKind::Greeting);
                if first_key && greeting && !flow.barged_in {
                    flow.barged_in = true;
                    actions.push(Action::CancelMedia);
                }
                finish_collection(flow, &mut actions);
            }
        }
        FlowEvent::Timeout => {
            if let Some(collector) = &mut flow.collector {
                collector.handle_timeout(now);
                finish_collection(flow, &mut actions);
            }
        }
        FlowEvent::PromptStarted {
            prompt,
            operation_id,
        } => {
            if let Some(pending) = &mut flow.waiting_for
                && pending.prompt == *prompt
            {
                pending.operation_id = Some(operation_id.clone());
            }
        }
        FlowEvent::OperationEnded {
            operation_id,
            client_context,
        } => {
            let Some(pending) = &flow.waiting_for else {
                return actions;
            };
            let by_context = client_context.as_deref() == Some(pending.prompt.client_context());
            let by_id = pending
                .operation_id
                .as_deref()
                .is_some_and(|id| same_id(id, operation_id));
            if !(by_context || by_id) {
                return actions;
            }
            prompt_ended(flow, now, &mut actions);
        }
        FlowEvent::MediaCancelled => {
            if flow.barged_in
                && flow
                    .waiting_for
                    .as_ref()
                    .is_some_and(|pending| pending.prompt == PromptKind::Greeting)
            {
                prompt_ended(flow, now, &mut actions);
            }
        }
        FlowEvent::PromptFailed { prompt } => {
            if flow
                .waiting_for
                .as_ref()
                .is_some_and(|pending| pending.prompt == *prompt)
            {
                prompt_ended(flow, now, &mut actions);
            }
        }
        FlowEvent::Terminated => {
            if let Some(collector) = &mut flow.collector {
                collector.call_ended(now);
                if let Some(completion) = collector.poll_completion()
                    && completion.reason != CompletionReason::CallEnded
                    && !flow.reported
                {
                    flow.reported = true;
                    actions.push(Action::Report {
                        digits: completion.digits,
                        reason: completion.reason,
                    });
                }
            }
            flow.phase = Phase::Done;
            flow.collector = None;
            flow.waiting_for = None;
        }
    }
    actions
}

/// The prompt the flow waited for ended (or could not be played): after the
/// greeting the collection starts; after the confirmation the bot hangs up.
fn prompt_ended(flow: &mut CallFlow, now: Timestamp, actions: &mut Vec<Action>) {
    let Some(pending) = flow.waiting_for.take() else {
        return;
    };
    match pending.prompt {
        PromptKind::Greeting => {
            if let Some(collector) = &mut flow.collector {
                collector.restart(now);
                finish_collection(flow, actions);
            }
        }
        PromptKind::Confirmation | PromptKind::NotReceived => {
            flow.phase = Phase::HangingUp;
            actions.push(Action::HangUp);
        }
    }
}

/// After an input to the collector: if the collection ended, report it
/// (once), drop the collector (and its digits) and play the confirmation.
fn finish_collection(flow: &mut CallFlow, actions: &mut Vec<Action>) {
    let Some(collector) = &mut flow.collector else {
        return;
    };
    let Some(completion) = collector.poll_completion() else {
        return;
    };
    flow.collector = None;
    if flow.reported {
        return;
    }
    flow.reported = true;
    let prompt = match completion.reason {
        CompletionReason::MaxDigits | CompletionReason::StopTone => PromptKind::Confirmation,
        _ => PromptKind::NotReceived,
    };
    actions.push(Action::Report {
        digits: completion.digits,
        reason: completion.reason,
    });
    flow.phase = Phase::Confirming;
    flow.waiting_for = Some(Pending {
        prompt,
        operation_id: None,
    });
    actions.push(Action::PlayPrompt(prompt));
}

/// Operation ids compared as Graph spells them: callbacks often write them
/// in upper-case hex without dashes, responses in dashed lower case.
fn same_id(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        s.chars()
            .filter(|c| *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    strip(a) == strip(b)
}

#[cfg(test)]
mod tests;
