//! The bot passes every scenario of fixtures/scenarios against the emulator.

use crate::support;
use graph_comms_emulator::scenario::Scenario;
use std::time::Duration;

fn shipped() -> Vec<(String, Scenario)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/scenarios");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let scenario = Scenario::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, scenario)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// What the bot must print for each scenario: (digits, reason) per call,
/// sorted.
fn expected(name: &str) -> Vec<(&'static str, &'static str)> {
    match name {
        "pin-entry" => vec![("2468", "max-digits")],
        // The caller hangs up after two digits: no finished entry.
        "hangup-mid-pin" => vec![],
        "flaky-network" => vec![("1590", "max-digits"), ("9753", "max-digits")],
        "sdk-shapes" => vec![("8080", "max-digits")],
        "impatient-caller" => vec![("3141", "max-digits")],
        other => panic!("a new scenario, {other}: say what the bot collects"),
    }
}

async fn run(name: &str, scenario: &Scenario) {
    let emulator = support::emulator().await;
    let (bot, captured) = support::bot(&emulator, true).await;
    let report = tokio::time::timeout(
        Duration::from_secs(30),
        emulator.run_scenario(scenario, Some(bot.callback_url().to_owned())),
    )
    .await
    .unwrap_or_else(|_| panic!("{name}: ends within 30 s of real time"));
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.finished, "{name}: every call ended");
    assert!(report.passed(), "{name}: {failures:?}");
    for record in &report.records {
        assert!(
            record.callbacks.iter().all(|c| c.status == Some(202)),
            "{name}: every callback acknowledged with 202: {:?}",
            record.callbacks
        );
        assert_eq!(record.lost_tones, 0, "{name}");
    }
    let mut got: Vec<(String, String)> = captured
        .lines()
        .iter()
        .map(|l| {
            assert!(report.call_ids.iter().any(|id| l["callId"] == *id), "{l}");
            (
                l["digits"].as_str().unwrap().to_owned(),
                l["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, String)> = expected(name)
        .into_iter()
        .map(|(d, r)| (d.to_owned(), r.to_owned()))
        .collect();
    assert_eq!(got, want, "{name}");
    let events = captured.events.lock().unwrap().clone();
    assert!(
        !events
            .iter()
            .any(|e| e.contains("failed") || e.contains("refused")),
        "{name}: {events:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_passes_every_shipped_scenario() {
    let scenarios = shipped();
    assert_eq!(scenarios.len(), 5);
    for (name, scenario) in &scenarios {
        run(name, scenario).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_greeting_is_cancelled_once_on_the_first_key() {
    let emulator = support::emulator().await;
    let (bot, captured) = support::bot(&emulator, false).await;
    let report = tokio::time::timeout(
        Duration::from_secs(30),
        emulator.run_scenario(&Scenario::pin_entry(), Some(bot.callback_url().to_owned())),
    )
    .await
    .expect("bounded");
    assert!(report.passed());
    let view = emulator.call(&report.call_ids[0]).unwrap();
    let paths: Vec<(String, String, u16)> = view
        .requests
        .iter()
        .map(|r| {
            (
                r.method.clone(),
                r.path.rsplit('/').next().unwrap().to_owned(),
                r.status,
            )
        })
        .collect();
    let names: Vec<&str> = paths
        .iter()
        .map(|(m, p, _)| if m == "DELETE" { "DELETE" } else { p.as_str() })
        .collect();
    assert_eq!(
        names,
        [
            "answer",
            "subscribeToTone",
            "playPrompt",
            "cancelMediaProcessing",
            "playPrompt",
            "DELETE"
        ],
        "{paths:?}"
    );
    assert!(
        paths
            .iter()
            .all(|(_, _, status)| (200..300).contains(status)),
        "{paths:?}"
    );
    // Every answer was read, the playPrompt ones included (their operation
    // ids are recorded).
    let events = captured.events.lock().unwrap().clone();
    assert!(!events.iter().any(|e| e.contains("failed")), "{events:#?}");
}

/// The collector's timeouts run on the bot's timers (in real time: the
/// virtual clock jumps over them): a caller who types two digits and stops
/// gets a line with the inter-digit timeout, the not-received prompt, and
/// the hang-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_who_stops_typing_is_timed_out_by_the_bots_timer() {
    let scenario = Scenario::from_json(
        r#"{"calls": [{"promptDuration": "1s", "steps": [
            {"after": "1500ms", "press": "12", "interval": "100ms"},
            {"after": "30s", "hangup": true}]}],
           "expect": {"hungUp": true}}"#,
    )
    .unwrap();
    let emulator = graph_comms_emulator::Emulator::builder()
        .app_id(support::APP_ID)
        .tenant_id(support::TENANT_ID)
        .clock(graph_comms_emulator::Clock::real())
        .start()
        .await
        .unwrap();
    let (bot, captured) = support::bot(&emulator, true).await;
    let report = tokio::time::timeout(
        Duration::from_secs(25),
        emulator.run_scenario(&scenario, Some(bot.callback_url().to_owned())),
    )
    .await
    .expect("the 5 s inter-digit timeout, a 1 s prompt and the hang-up within 25 s");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.passed(), "{failures:?}");
    let lines = captured.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["digits"], "12");
    assert_eq!(lines[0]["reason"], "inter-digit-timeout");
    let view = emulator.call(&report.call_ids[0]).unwrap();
    assert!(view.hung_up_by_bot);
}

/// The notification of the cancelled greeting never comes (the emulator's
/// `drop` fault; what Graph sends for a cancelled playPrompt is not
/// documented): the bot ended the greeting on the cancel's 2xx answer, so it
/// still collects the PIN, confirms it and hangs up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pin_is_collected_when_the_cancelled_greetings_notification_is_lost() {
    let mut scenario: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../fixtures/scenarios/pin-entry.json"),
        )
        .unwrap(),
    )
    .unwrap();
    scenario["faults"] = serde_json::json!({"drop": {"kind": "playPromptOperation", "nth": 1}});
    let scenario = Scenario::from_json(&scenario.to_string()).unwrap();
    let emulator = support::emulator().await;
    let (bot, captured) = support::bot(&emulator, true).await;
    let report = tokio::time::timeout(
        Duration::from_secs(30),
        emulator.run_scenario(&scenario, Some(bot.callback_url().to_owned())),
    )
    .await
    .expect("bounded");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.finished && report.passed(), "{failures:?}");
    // The dropped notification is the cancelled greeting's: the first
    // playPrompt operation, dropped after the cancel.
    let transcript = emulator.transcript();
    let at = |event: &str| transcript.iter().position(|e| e["event"] == event);
    let (cancelled, dropped) = (at("operation cancelled"), at("notification dropped"));
    assert!(
        cancelled.is_some() && dropped > cancelled,
        "cancelled at {cancelled:?}, dropped at {dropped:?}"
    );
    assert_eq!(transcript[dropped.unwrap()]["kind"], "playPromptOperation");
    let lines = captured.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(
        (&lines[0]["digits"], &lines[0]["reason"]),
        (&serde_json::json!("2468"), &serde_json::json!("max-digits"))
    );
    let view = emulator.call(&report.call_ids[0]).unwrap();
    assert!(view.hung_up_by_bot);
    assert_eq!(view.prompts_played, 2, "the greeting and the confirmation");
}
