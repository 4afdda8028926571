//! The bounded transcript and the `drop` fault, over the real server and the
//! test bot where they matter.

use crate::bot::{self, eventually};
use graph_comms_emulator::core::{Core, CoreConfig};
use graph_comms_emulator::scenario::{NotificationKind, Scenario, ScenarioErrorKind};
use graph_comms_emulator::{Clock, Emulator, ScenarioReport};
use serde_json::{Value, json};
use std::time::Duration;

const APP_ID: &str = "3b0c4f47-5c44-4b63-9b0e-7d3c1f0e0a11";

/// The same calls on a core keeping `limit` entries: unanswered incoming
/// calls, each ended by the answer budget.
fn unanswered_calls(limit: usize) -> Core {
    let mut config = CoreConfig::new("app", "tenant", "http://127.0.0.1:9");
    config.transcript_limit = limit;
    let mut core = Core::new(config);
    for i in 0..5u64 {
        let at = Duration::from_secs(i);
        core.start_incoming_call(at, None, Some("+15550100"));
        core.handle_timeout(at);
        while core.poll_delivery(at).is_some() {}
    }
    core.handle_timeout(Duration::from_secs(60));
    core
}

#[test]
fn the_transcript_keeps_the_newest_entries_in_order_and_counts_the_dropped() {
    let full = unanswered_calls(CoreConfig::DEFAULT_TRANSCRIPT_LIMIT);
    assert_eq!(full.transcript_dropped(), 0);
    // Call ids are random: compare the entries without them.
    let anonymous = |core: &Core| -> Vec<Value> {
        let mut entries: Vec<Value> = core.transcript().iter().cloned().collect();
        for entry in &mut entries {
            entry.as_object_mut().unwrap().remove("callId");
        }
        entries
    };
    let all = anonymous(&full);
    assert!(all.len() > 6, "enough entries to drop some: {}", all.len());

    let bounded = unanswered_calls(4);
    assert_eq!(
        anonymous(&bounded),
        all[all.len() - 4..],
        "the newest four, in order"
    );
    assert_eq!(bounded.transcript_dropped(), (all.len() - 4) as u64);
    let debug = format!("{bounded:?}");
    assert!(debug.contains("transcript: 4"), "{debug}");
    assert!(
        debug.contains(&format!("transcript_dropped: {}", all.len() - 4)),
        "{debug}"
    );
    // What the control API shows of a call does not come from the
    // transcript: the same with or without the bound.
    let (ids, bounded_ids) = (full.call_ids(), bounded.call_ids());
    assert_eq!(ids.len(), 5);
    for (id, bounded_id) in ids.iter().zip(&bounded_ids) {
        let a = full.call_view(id).unwrap();
        let b = bounded.call_view(bounded_id).unwrap();
        assert_eq!(a.state, "terminated");
        assert_eq!((a.state, a.lost_tones), (b.state, b.lost_tones));
    }
}

/// The transcript endpoint's lines and `X-Transcript-Dropped`, read until two
/// reads agree (callbacks may still be answered).
async fn settled_transcript(control: &str) -> (Vec<Value>, u64) {
    let http = reqwest::Client::new();
    let mut last = None;
    for _ in 0..200 {
        let response = http
            .get(format!("{control}/transcript"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let dropped: u64 = response.headers()["x-transcript-dropped"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let text = response.text().await.unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let read = (lines, dropped);
        if last.as_ref() == Some(&read) {
            return read;
        }
        last = Some(read);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the transcript never settled");
}

#[tokio::test]
async fn the_transcript_endpoint_serves_the_bounded_transcript_and_its_dropped_count() {
    tokio::time::timeout(Duration::from_secs(30), async {
        let emulator = Emulator::builder()
            .transcript_limit(3)
            .start()
            .await
            .unwrap();
        let control = emulator.urls().control_url.clone();
        let (lines, dropped) = settled_transcript(&control).await;
        assert_eq!(
            (lines.len(), dropped),
            (0, 0),
            "nothing yet, nothing dropped"
        );
        let bot = bot::acknowledger().await;
        let call = emulator.start_call(Some(bot), Some("+15550100"));
        eventually(|| emulator.call(&call).filter(|v| !v.callbacks.is_empty())).await;
        emulator.hangup(&call).unwrap();
        eventually(|| emulator.call(&call).filter(|v| v.state == "terminated")).await;
        let (lines, dropped) = settled_transcript(&control).await;
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(dropped > 0);
        assert_eq!(
            emulator.transcript_since(0),
            (lines.clone(), dropped),
            "the endpoint and the method agree"
        );
        assert_eq!(emulator.transcript_dropped(), dropped);
        // A reader that has seen all but the last entry gets that one; one
        // that has seen fewer than were dropped is told how many it missed.
        let total = dropped + 3;
        assert_eq!(
            emulator.transcript_since(total - 1),
            (lines[2..].to_vec(), 0)
        );
        assert_eq!(emulator.transcript_since(total), (vec![], 0));
        assert_eq!(emulator.transcript_since(dropped - 1), (lines, 1));
    })
    .await
    .expect("bounded");
}

/// The PIN scenario with these faults, its JSON as a person writes it.
fn pin_entry_with(faults: Value) -> Scenario {
    let mut scenario: Value =
        serde_json::from_str(include_str!("../../src/scenario/pin-entry.json")).unwrap();
    scenario["faults"] = faults;
    Scenario::from_json(&scenario.to_string()).unwrap()
}

#[tokio::test]
async fn a_scenario_is_judged_the_same_with_a_transcript_that_keeps_nothing() {
    let emulator = Emulator::builder()
        .app_id(APP_ID)
        .clock(Clock::virtual_clock())
        .transcript_limit(0)
        .start()
        .await
        .unwrap();
    let bot = bot::start(&emulator, APP_ID).await;
    let scenario = Scenario::pin_entry();
    let run = emulator.run_scenario(&scenario, Some(bot.url.clone()));
    let report = tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("bounded");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.finished && report.passed(), "{failures:?}");
    assert_eq!(bot.log().digits, ["2468"]);
    let (kept, dropped) = emulator.transcript_since(0);
    assert!(kept.is_empty());
    assert!(dropped > 10, "every entry counted: {dropped}");
}

/// Runs `scenario` against the test bot under the virtual clock.
async fn run_with_test_bot(scenario: &Scenario) -> (Emulator, bot::TestBot, ScenarioReport) {
    let emulator = Emulator::builder()
        .app_id(APP_ID)
        .clock(Clock::virtual_clock())
        .start()
        .await
        .unwrap();
    let bot = bot::start(&emulator, APP_ID).await;
    let run = emulator.run_scenario(scenario, Some(bot.url.clone()));
    let report = tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("bounded");
    (emulator, bot, report)
}

#[tokio::test]
async fn a_dropped_prompt_notification_is_never_posted_and_is_in_the_transcript() {
    let mut finished = Vec::new();
    for faults in [json!({}), json!({"drop": {"kind": "playPromptOperation"}})] {
        let dropping = faults.get("drop").is_some();
        let (emulator, bot, report) = run_with_test_bot(&pin_entry_with(faults)).await;
        let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
        assert!(report.finished && report.passed(), "{failures:?}");
        // The test bot ends the greeting without waiting for its
        // notification: the PIN is collected either way.
        assert_eq!(bot.log().digits, ["2468"], "dropping: {dropping}");
        finished.push(bot.log().operations_finished);
        let dropped: Vec<Value> = emulator
            .transcript()
            .into_iter()
            .filter(|e| e["event"] == "notification dropped")
            .collect();
        if dropping {
            assert_eq!(dropped.len(), 1, "{dropped:?}");
            assert_eq!(dropped[0]["kind"], "playPromptOperation");
            assert_eq!(dropped[0]["callId"], report.call_ids[0].as_str());
        } else {
            assert!(dropped.is_empty());
        }
    }
    assert_eq!(
        finished[1] + 1,
        finished[0],
        "exactly one operation notification less reached the bot: {finished:?}"
    );
}

#[tokio::test]
async fn dropping_the_nth_tone_loses_that_key_only() {
    let scenario = pin_entry_with(json!({"drop": {"kind": "tone", "nth": 2}}));
    assert_eq!(
        scenario.faults.drop.map(|d| (d.kind, d.nth)),
        Some((NotificationKind::Tone, 2))
    );
    let (emulator, bot, _) = run_with_test_bot(&scenario).await;
    // "2468" without its second key: the bot's collection ends on its
    // inter-digit timeout or the caller's hangup, with the other three.
    let digits = bot.log().digits;
    assert!(
        digits.is_empty() || digits == ["268"],
        "the second key never reached the bot: {digits:?}"
    );
    let kinds: Vec<Value> = emulator
        .transcript()
        .into_iter()
        .filter(|e| e["event"] == "notification dropped")
        .map(|e| e["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("tone")]);
}

#[test]
fn a_drop_fault_is_read_strictly_and_its_errors_quote_nothing() {
    for (faults, path, kind) in [
        (
            json!({"drop": {"kind": "#secretKind"}}),
            "$.faults.drop.kind",
            ScenarioErrorKind::InvalidValue,
        ),
        (
            json!({"drop": {"kind": 7}}),
            "$.faults.drop.kind",
            ScenarioErrorKind::WrongType,
        ),
        (
            json!({"drop": {"nth": 2}}),
            "$.faults.drop.kind",
            ScenarioErrorKind::MissingProperty,
        ),
        (
            json!({"drop": {"kind": "tone", "nth": 0}}),
            "$.faults.drop.nth",
            ScenarioErrorKind::InvalidValue,
        ),
        (
            json!({"drop": {"kind": "tone", "nth": 1001}}),
            "$.faults.drop.nth",
            ScenarioErrorKind::InvalidValue,
        ),
    ] {
        let text = json!({"calls": [{}], "faults": faults}).to_string();
        let err = Scenario::from_json(&text).expect_err(&text);
        assert_eq!((err.kind(), err.path()), (kind, path), "{err}");
        let message = err.to_string();
        assert!(!message.contains("#secretKind"), "{message}");
        assert!(message.contains("playPromptOperation") || path.ends_with("nth"));
    }
    let scenario =
        Scenario::from_json(r#"{"calls": [{}], "faults": {"drop": {"kind": "call"}}}"#).unwrap();
    let drop = scenario.faults.drop.unwrap();
    assert_eq!(
        (drop.kind, drop.nth),
        (NotificationKind::Call, 1),
        "nth defaults to 1"
    );
}
