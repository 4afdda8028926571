//! An emulated call: its state, its caller, and the control operations.

use super::media::MediaQueue;
use super::notify::{self, EndReason};
use super::{ControlError, ControlErrorKind, Core, Event};
use crate::scenario::{CallbackAnswer, CallerStep, Expectations, Press};
use graph_comms_models::{CallDirection, CallState, ChangeType, Tone, ToneInfo};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

/// How long the service takes from `establishing` to `established`. The docs
/// show the two notifications but not the gap; the emulator's choice.
pub(crate) const ESTABLISH_DELAY: Duration = Duration::from_millis(300);

/// Whether the call's media is hosted by the service or by the bot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Media {
    /// Not yet known (an incoming call before it is answered).
    Unknown,
    ServiceHosted,
    AppHosted,
}

/// One request of the bot about a call, as the control API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RequestRecord {
    /// The HTTP method.
    pub method: String,
    /// The path (without the query).
    pub path: String,
    /// The status the emulator answered.
    pub status: u16,
}

/// A call as the control API shows it (`GET {controlUrl}/calls/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CallView {
    /// The call id.
    pub id: String,
    /// The state: `incoming`, `establishing`, `established`, `terminating`
    /// or `terminated`.
    pub state: String,
    /// Whether the bot subscribed to the caller's tones.
    pub subscribed_to_tone: bool,
    /// The bot's requests about this call.
    pub requests: Vec<RequestRecord>,
    /// How many keys the caller pressed that never reached the bot (before
    /// the subscription, or before the call was established).
    pub lost_tones: usize,
    /// Whether the bot played at least one prompt.
    pub played_prompt: bool,
    /// Whether the bot hung up (DELETE).
    pub hung_up_by_bot: bool,
    /// The bot's answer to each notification POST, in order (JSON:
    /// `{"status", "latencyMs"}`, `status` null when the bot did not answer).
    pub callbacks: Vec<CallbackAnswer>,
    /// How long after it rang the bot answered the call (milliseconds).
    pub answered_after_ms: Option<u64>,
    /// How many keys the caller pressed.
    pub keys_pressed: u32,
    /// How many playPrompt requests the bot made.
    pub prompts_played: u32,
    /// Whether the caller hung up.
    pub caller_hung_up: bool,
}

#[derive(Debug)]
pub(crate) struct EmulatedCall {
    pub id: String,
    pub chain_id: String,
    pub started: Duration,
    pub state: CallState,
    pub direction: CallDirection,
    pub media: Media,
    pub subscribed: bool,
    pub tone_sequence: i64,
    pub lost_tones: usize,
    pub bot_url: Option<String>,
    pub callback_uri: Option<String>,
    pub caller_phone: Option<String>,
    pub requests: Vec<RequestRecord>,
    pub callbacks: Vec<CallbackAnswer>,
    pub queue: MediaQueue,
    pub operations: HashMap<String, graph_comms_models::Operation>,
    /// Recording id → its access token.
    pub recordings: HashMap<String, String>,
    pub played_prompt: bool,
    pub hung_up_by_bot: bool,
    pub answered_at: Option<Duration>,
    pub keys_pressed: u32,
    pub prompts_played: u32,
    pub caller_hung_up: bool,
    pub steps: Vec<crate::scenario::CallerStep>,
    pub prompt_duration: Option<Duration>,
    pub response_duration: Option<Duration>,
}

impl EmulatedCall {
    pub(crate) fn new(started: Duration, state: CallState, direction: CallDirection) -> Self {
        EmulatedCall {
            id: uuid::Uuid::new_v4().to_string(),
            chain_id: uuid::Uuid::new_v4().to_string(),
            started,
            state,
            direction,
            media: Media::Unknown,
            subscribed: false,
            tone_sequence: 0,
            lost_tones: 0,
            bot_url: None,
            callback_uri: None,
            caller_phone: None,
            requests: Vec::new(),
            callbacks: Vec::new(),
            queue: MediaQueue::default(),
            operations: HashMap::new(),
            recordings: HashMap::new(),
            played_prompt: false,
            hung_up_by_bot: false,
            answered_at: None,
            keys_pressed: 0,
            prompts_played: 0,
            caller_hung_up: false,
            steps: Vec::new(),
            prompt_duration: None,
            response_duration: None,
        }
    }

    pub(crate) fn is_incoming(&self) -> bool {
        self.state == CallState::Incoming
    }

    pub(crate) fn is_terminated(&self) -> bool {
        self.state == CallState::Terminated
    }

    pub(crate) fn is_over(&self) -> bool {
        self.state.is_ending()
    }

    pub(crate) fn view(&self) -> CallView {
        CallView {
            id: self.id.clone(),
            state: self.state.as_str().to_owned(),
            subscribed_to_tone: self.subscribed,
            requests: self.requests.clone(),
            lost_tones: self.lost_tones,
            played_prompt: self.played_prompt,
            hung_up_by_bot: self.hung_up_by_bot,
            callbacks: self.callbacks.clone(),
            answered_after_ms: self.answered_at.map(|at| {
                u64::try_from(at.saturating_sub(self.started).as_millis()).unwrap_or(u64::MAX)
            }),
            keys_pressed: self.keys_pressed,
            prompts_played: self.prompts_played,
            caller_hung_up: self.caller_hung_up,
        }
    }
}

impl Core {
    /// Starts an incoming call: the `created` notification goes to the bot
    /// (to `bot_url` when given, else to the runtime's bot URLs), which must
    /// answer within [`Expectations::ANSWER_BUDGET`]. `caller_phone` is the caller's number
    /// (`source.identity.phone.id`). Returns the call id.
    pub fn start_incoming_call(
        &mut self,
        now: Duration,
        bot_url: Option<String>,
        caller_phone: Option<&str>,
    ) -> String {
        let mut call = EmulatedCall::new(now, CallState::Incoming, CallDirection::Incoming);
        call.bot_url = bot_url;
        call.caller_phone = caller_phone.map(str::to_owned);
        self.ring(now, call)
    }

    /// The call rings: the `created` notification, and the answer budget.
    pub(crate) fn ring(&mut self, now: Duration, call: EmulatedCall) -> String {
        let id = call.id.clone();
        let created = notify::incoming_call(&call, &self.config);
        self.calls.insert(id.clone(), call);
        self.note(now, json!({"event": "incoming call", "callId": id}));
        self.post(now, &id, created, true);
        self.schedule(
            now + Expectations::ANSWER_BUDGET,
            Event::AnswerDeadline(id.clone()),
        );
        id
    }

    /// The caller presses `tones` (DTMF characters), the first now and each
    /// next one `interval` later.
    ///
    /// # Errors
    ///
    /// An unknown or ended call, a character that is not a DTMF key, or more
    /// keys or a longer interval than a scenario step allows
    /// ([`ControlErrorKind::PressTooLong`]).
    pub fn press(
        &mut self,
        now: Duration,
        call_id: &str,
        tones: &str,
        interval: Duration,
    ) -> Result<(), ControlError> {
        let call = self.live_call(call_id)?;
        // The limits of a scenario step: the control API is as untrusted as a
        // scenario file, and an unbounded count times an unbounded interval
        // would overflow the schedule's clock.
        if tones.chars().count() > CallerStep::MAX_KEYS || interval > Press::MAX_INTERVAL {
            return Err(ControlError::new(ControlErrorKind::PressTooLong));
        }
        let keys: Vec<char> = tones.chars().map(|c| c.to_ascii_uppercase()).collect();
        if keys.iter().any(|&c| Tone::from_char(c).is_none()) {
            return Err(ControlError::new(ControlErrorKind::InvalidTone));
        }
        let id = call.id.clone();
        let mut at = now;
        for key in keys {
            self.schedule(at, Event::Key(id.clone(), key));
            at += interval;
        }
        Ok(())
    }

    /// The caller hangs up at `now`.
    ///
    /// # Errors
    ///
    /// An unknown or ended call.
    pub fn hangup(&mut self, now: Duration, call_id: &str) -> Result<(), ControlError> {
        self.live_call(call_id)?;
        if let Some(call) = self.calls.get_mut(call_id) {
            call.caller_hung_up = true;
        }
        self.note(now, json!({"event": "caller hung up", "callId": call_id}));
        self.terminate(now, call_id, EndReason::CallerHungUp);
        Ok(())
    }

    /// The caller hangs up at `at` (a scripted step).
    pub fn schedule_hangup(&mut self, at: Duration, call_id: &str) {
        self.schedule(at, Event::Hangup(call_id.to_owned()));
    }

    fn live_call(&self, call_id: &str) -> Result<&EmulatedCall, ControlError> {
        let call = self
            .calls
            .get(call_id)
            .ok_or(ControlError::new(ControlErrorKind::UnknownCall))?;
        if call.is_over() {
            return Err(ControlError::new(ControlErrorKind::CallEnded));
        }
        Ok(call)
    }

    /// A key reaches the service.
    pub(crate) fn key(&mut self, now: Duration, call_id: &str, key: char) {
        let show = self.config.show_tones;
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        if call.is_over() {
            return;
        }
        let Some(tone) = Tone::from_char(key) else {
            return;
        };
        call.keys_pressed += 1;
        let delivered = call.subscribed && call.state == CallState::Established;
        let mut entry = json!({"callId": call_id});
        if show {
            entry["tone"] = json!(key.to_string());
        }
        if delivered {
            call.tone_sequence += 1;
            let info = ToneInfo::new(call.tone_sequence, tone);
            let item = notify::call_update(call, ChangeType::Updated, |c| c.tone_info = Some(info));
            entry["event"] = json!("tone sent to the bot");
            self.post(now, call_id, item, false);
        } else {
            call.lost_tones += 1;
            entry["event"] = json!(if call.subscribed {
                "tone lost: the call is not established"
            } else {
                "tone lost: pressed before the bot subscribed to tones (subscribeToTone)"
            });
        }
        self.note(now, entry);
        // A stop tone ends a recording whether or not the bot subscribed.
        self.stop_tone(now, call_id, key);
    }

    /// The call moves to `established` (after answer or create).
    pub(crate) fn establish(&mut self, now: Duration, call_id: &str) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        if call.state != CallState::Establishing {
            return;
        }
        call.state = CallState::Established;
        let direction = call.direction.clone();
        let item = notify::call_update(call, ChangeType::Updated, |c| {
            c.state = Some(CallState::Established);
            c.direction = Some(direction);
        });
        self.post(now, call_id, item, false);
        self.run_script(now, call_id);
    }

    /// Moves the call to `establishing` now and `established` a little later.
    pub(crate) fn start_establishing(&mut self, now: Duration, call_id: &str) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        call.state = CallState::Establishing;
        let item = notify::call_update(call, ChangeType::Updated, |c| {
            c.state = Some(CallState::Establishing);
        });
        self.post(now, call_id, item, false);
        self.schedule(
            now + ESTABLISH_DELAY,
            Event::Established(call_id.to_owned()),
        );
    }

    /// Ends the call: its media stops (no further operation notification),
    /// and the bot is told.
    pub(crate) fn terminate(&mut self, now: Duration, call_id: &str, reason: EndReason) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        if call.is_over() {
            return;
        }
        // What the service posts about operations still running when a call
        // ends is not documented; the emulator posts nothing for them.
        call.queue.clear();
        let items = notify::termination(call, reason);
        call.state = CallState::Terminated;
        self.note(
            now,
            json!({"event": "call ended", "callId": call_id, "reason": reason.label()}),
        );
        for item in items {
            self.post(now, call_id, item, false);
        }
    }
}
