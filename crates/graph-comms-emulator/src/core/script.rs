//! Scripted callers: calls that start at a set time and whose caller acts
//! step by step once the call is established (what a scenario file lists).

use super::call::EmulatedCall;
use super::{Core, Event, Faults};
use graph_comms_models::{CallDirection, CallState};
use serde_json::json;
use std::fmt;
use std::time::Duration;

/// One incoming call with a scripted caller.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CallScript {
    /// When the call starts, from when it is scripted.
    pub start_after: Duration,
    /// Where its `created` notification goes (else the runtime's bot URLs).
    pub bot_url: Option<String>,
    /// The caller's phone number.
    pub caller_phone: Option<String>,
    /// What the caller does; the first step's `after` counts from the call
    /// being established, each next one's from the previous step's end.
    pub steps: Vec<ScriptStep>,
    /// How long each prompt of this call plays (overrides the configuration).
    pub prompt_duration: Option<Duration>,
    /// How long the caller speaks when a recording starts (`None`: silent).
    pub response_duration: Option<Duration>,
    /// This call's faults (else the configuration's).
    pub faults: Option<Faults>,
}

/// One step of a [`CallScript`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScriptStep {
    /// How long the caller waits before acting.
    pub after: Duration,
    /// What the caller does.
    pub action: ScriptAction,
}

impl ScriptStep {
    /// Wait `after`, then act.
    pub fn new(after: Duration, action: ScriptAction) -> ScriptStep {
        ScriptStep { after, action }
    }
}

/// What a scripted caller does. `Debug` shows how many keys, never which.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScriptAction {
    /// Press these DTMF keys, `interval` apart.
    Press {
        /// The keys (`0`-`9`, `*`, `#`, `A`-`D`).
        keys: String,
        /// The time from one key to the next.
        interval: Duration,
    },
    /// Hang up.
    Hangup,
}

impl fmt::Debug for ScriptAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptAction::Press { keys, interval } => f
                .debug_struct("Press")
                .field("keys", &format_args!("<{} keys>", keys.chars().count()))
                .field("interval", interval)
                .finish(),
            ScriptAction::Hangup => f.write_str("Hangup"),
        }
    }
}

impl Core {
    /// Scripts an incoming call: it rings at `now + script.start_after`.
    /// Returns its id (known at once; the control view shows it once it rings).
    pub fn script_call(&mut self, now: Duration, script: CallScript) -> String {
        let mut call = EmulatedCall::new(now, CallState::Incoming, CallDirection::Incoming);
        call.bot_url = script.bot_url;
        call.caller_phone = script.caller_phone;
        call.steps = script.steps;
        call.prompt_duration = script.prompt_duration;
        call.response_duration = script.response_duration;
        let id = call.id.clone();
        if let Some(faults) = script.faults {
            self.outbox.set_call_faults(&id, faults);
        }
        self.pending.insert(id.clone(), call);
        self.schedule(now + script.start_after, Event::Ring(id.clone()));
        id
    }

    /// Makes [`Core::next_deadline`] return `at` at the latest (a scenario's
    /// end, so that a virtual clock reaches it).
    pub fn wake_at(&mut self, at: Duration) {
        self.schedule(at, Event::Wake);
    }

    pub(crate) fn ring_pending(&mut self, now: Duration, call_id: &str) {
        if let Some(mut call) = self.pending.remove(call_id) {
            call.started = now;
            self.ring(now, call);
        }
    }

    /// Schedules the caller's steps once the call is established.
    pub(crate) fn run_script(&mut self, now: Duration, call_id: &str) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        let steps = std::mem::take(&mut call.steps);
        let mut at = now;
        for step in steps {
            at += step.after;
            match step.action {
                ScriptAction::Press { keys, interval } => {
                    let count = u32::try_from(keys.chars().count()).unwrap_or(u32::MAX);
                    if self.press(at, call_id, &keys, interval).is_err() {
                        self.note(
                            now,
                            json!({"event": "scripted keys refused", "callId": call_id}),
                        );
                    }
                    at += interval * count.saturating_sub(1);
                }
                ScriptAction::Hangup => self.schedule(at, Event::Hangup(call_id.to_owned())),
            }
        }
    }
}
