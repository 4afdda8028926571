//! Scripted callers: calls that start at a set time and whose caller acts
//! step by step once the call is established. The script is the scenario
//! file's [`ScriptedCall`] itself (one home for the caller's steps).

use super::call::EmulatedCall;
use super::{Core, Event, Faults};
use crate::scenario::{CallerAction, ScriptedCall};
use graph_comms_models::{CallDirection, CallState};
use serde_json::json;
use std::time::Duration;

impl Core {
    /// Scripts an incoming call: it rings at `now + script.start_after`, its
    /// `created` notification going to `bot_url` (else the runtime's bot
    /// URLs), its notifications bent by `faults` (the call's own faults, else
    /// the scenario's: [`crate::scenario::Scenario::faults_for`]). Returns its
    /// id (known at once; the control view shows it once it rings).
    pub fn script_call(
        &mut self,
        now: Duration,
        script: &ScriptedCall,
        faults: &Faults,
        bot_url: Option<String>,
    ) -> String {
        let mut call = EmulatedCall::new(now, CallState::Incoming, CallDirection::Incoming);
        call.bot_url = bot_url;
        call.caller_phone = script.from.as_ref().map(|f| f.phone.clone());
        call.steps = script.steps.clone();
        call.prompt_duration = Some(script.prompt_duration);
        call.response_duration = Some(script.response_duration);
        let id = call.id.clone();
        self.outbox.set_call_faults(&id, faults.clone());
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
                CallerAction::Press(press) => {
                    let (keys, interval) = (press.keys.expose(), press.interval);
                    let count = u32::try_from(keys.chars().count()).unwrap_or(u32::MAX);
                    if self.press(at, call_id, keys, interval).is_err() {
                        self.note(
                            now,
                            json!({"event": "scripted keys refused", "callId": call_id}),
                        );
                    }
                    at += interval * count.saturating_sub(1);
                }
                CallerAction::Hangup => self.schedule(at, Event::Hangup(call_id.to_owned())),
            }
        }
    }
}
