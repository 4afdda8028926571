//! Running a scenario file: its calls scripted on the core, waited for, and
//! its expectations judged.

use super::Emulator;
use crate::core::CallView;
use crate::scenario::{CallRecord, FailedExpectation, Scenario};
use std::time::Duration;

/// What a scenario run came to.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ScenarioReport {
    /// The call ids, in the scenario's order.
    pub call_ids: Vec<String>,
    /// What happened on each call, in the scenario's order.
    pub records: Vec<CallRecord>,
    /// The expectations that did not hold, each naming its call.
    pub failures: Vec<FailedExpectation>,
    /// Whether every call ended before the scenario's timeout.
    pub finished: bool,
}

impl ScenarioReport {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn record(view: &CallView) -> CallRecord {
    CallRecord {
        answered_after: view.answered_after_ms.map(Duration::from_millis),
        subscribed: view.subscribed_to_tone,
        keys_pressed: view.keys_pressed,
        lost_tones: u32::try_from(view.lost_tones).unwrap_or(u32::MAX),
        prompts_played: view.prompts_played,
        bot_hung_up: view.hung_up_by_bot,
        caller_hung_up: view.caller_hung_up,
        callbacks: view.callbacks.clone(),
    }
}

impl Emulator {
    /// Runs a scenario: its calls ring (to `bot_url`, else the configured bot
    /// URLs), their callers act, and the run ends when every call has ended
    /// or at the scenario's timeout (on the emulator's clock). Then each
    /// call's expectations are judged.
    ///
    /// The scenario's calls take the scenario's faults (their own, else
    /// [`Scenario::faults`]), not the ones given to
    /// [`EmulatorBuilder::faults`](crate::EmulatorBuilder::faults), which
    /// apply to the calls started with [`Emulator::start_call`] and the
    /// control API: a scenario without `faults` runs without any.
    pub async fn run_scenario(
        &self,
        scenario: &Scenario,
        bot_url: Option<String>,
    ) -> ScenarioReport {
        let (start, call_ids) = self.with_core(|core, now| {
            let ids: Vec<String> = (0..scenario.calls.len())
                .map(|i| {
                    let faults = scenario.faults_for(i);
                    core.script_call(now, &scenario.calls[i], faults, bot_url.clone())
                })
                .collect();
            core.wake_at(now + scenario.timeout);
            (now, ids)
        });
        // Polled every 5 ms: a look at each call's state under one lock, not
        // a copy of each call's view (a scenario may hold 1000 calls).
        let ended = |emulator: &Emulator| {
            let core = emulator.shared.core();
            call_ids.iter().all(|id| core.has_ended(id))
        };
        let mut finished = false;
        loop {
            if ended(self) {
                finished = true;
                break;
            }
            if self.clock().now() >= start + scenario.timeout {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // The last notifications' answers: wait until nothing is in flight
        // (bounded: each callback gives up after its 5 s budget).
        let quiet_by = tokio::time::Instant::now()
            + crate::scenario::Expectations::CALLBACK_BUDGET
            + Duration::from_secs(1);
        while self.shared.busy.load(std::sync::atomic::Ordering::SeqCst) > 0
            && tokio::time::Instant::now() < quiet_by
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let records: Vec<CallRecord> = call_ids
            .iter()
            .map(|id| self.call(id).map(|v| record(&v)).unwrap_or_default())
            .collect();
        let failures = records
            .iter()
            .enumerate()
            .flat_map(|(i, r)| scenario.expectations_for(i).evaluate(i, r))
            .collect();
        ScenarioReport {
            call_ids,
            records,
            failures,
            finished,
        }
    }
}
