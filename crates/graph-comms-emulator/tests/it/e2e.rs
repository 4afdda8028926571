//! End to end: the test bot against the emulator over loopback, under the
//! virtual clock.

use crate::bot::{self, eventually};
use graph_comms_emulator::scenario::{Batch, Duplicate, Reorder};
use graph_comms_emulator::{Clock, Emulator, Faults};
use std::time::Duration;

const APP_ID: &str = "3b0c4f47-5c44-4b63-9b0e-7d3c1f0e0a11";

/// An emulator for [`APP_ID`] under the virtual clock.
async fn virtual_emulator() -> Emulator {
    Emulator::builder()
        .app_id(APP_ID)
        .clock(Clock::virtual_clock())
        .start()
        .await
        .unwrap()
}

async fn pin_entry(
    faults: Faults,
) -> (
    graph_comms_emulator::core::CallView,
    bot::BotLog,
    Vec<serde_json::Value>,
    Duration,
) {
    let emulator = Emulator::builder()
        .app_id(APP_ID)
        .clock(Clock::virtual_clock())
        .faults(faults)
        .start()
        .await
        .unwrap();
    let bot = bot::start(&emulator, APP_ID).await;
    let call = emulator.start_call(Some(bot.url.clone()), Some("+15550100"));
    eventually(|| emulator.call(&call).filter(|v| v.subscribed_to_tone)).await;
    emulator
        .press(&call, "1234#", Duration::from_millis(200))
        .unwrap();
    let view = eventually(|| emulator.call(&call).filter(|v| v.state == "terminated")).await;
    // The last notification (terminated) reaches the bot too.
    eventually(|| (bot.log().ended > 0).then_some(())).await;
    (
        view,
        bot.log(),
        emulator.transcript(),
        emulator.clock().now(),
    )
}

#[tokio::test]
async fn a_bot_takes_a_pin_with_barge_in_and_hangs_up() {
    let run = tokio::time::timeout(Duration::from_secs(30), pin_entry(Faults::default()));
    let (view, log, transcript, now) = run
        .await
        .expect("the scenario ends within 30 s of real time");
    assert_eq!(log.digits, ["1234"]);
    assert_eq!(
        log.refused, 0,
        "every callback of the emulator verifies with graph-comms-auth"
    );
    assert!(view.played_prompt && view.hung_up_by_bot);
    assert_eq!(view.lost_tones, 0);
    let seen: Vec<(String, u16)> = view
        .requests
        .iter()
        .map(|r| (r.path.rsplit('/').next().unwrap().to_owned(), r.status))
        .collect();
    for expected in [
        ("answer", 202),
        ("playPrompt", 200),
        ("subscribeToTone", 200),
        ("cancelMediaProcessing", 200),
    ] {
        assert!(
            seen.contains(&(expected.0.to_owned(), expected.1)),
            "{expected:?} in {seen:?}"
        );
    }
    assert_eq!(
        view.requests.last().map(|r| (r.method.as_str(), r.status)),
        Some(("DELETE", 204))
    );
    assert!(
        transcript
            .iter()
            .any(|e| e["event"] == "operation cancelled"),
        "the prompt was cancelled"
    );
    assert!(
        transcript.iter().all(|e| e.get("tone").is_none()),
        "no tone in the transcript without show-tones"
    );
    assert!(
        view.callbacks
            .iter()
            .all(|answer| answer.status == Some(202))
    );
    // Each answer says how many tones its POST carried: each key pressed
    // before the bot hung up (the `#` came after), once.
    let tones: u32 = view.callbacks.iter().map(|answer| answer.tones).sum();
    assert_eq!((tones, view.keys_pressed), (4, 4));
    // Virtual time moved (establishing, four keys 200 ms apart) but stayed
    // short of the unanswered prompt's 2 s.
    assert!(
        now >= Duration::from_millis(900) && now < Duration::from_secs(2),
        "{now:?}"
    );
}

#[tokio::test]
async fn the_pin_gets_through_duplicates_reordering_batching_and_pascal_case() {
    let mut faults = Faults::default();
    faults.duplicate = Some(Duplicate::every(1));
    faults.reorder = Some(Reorder::within(Duration::from_millis(50)));
    let mut batch = Batch::up_to(3);
    batch.within = Duration::from_millis(100);
    faults.batch = Some(batch);
    faults.pascal_case = true;
    let run = tokio::time::timeout(Duration::from_secs(30), pin_entry(faults));
    let (view, log, _, _) = run
        .await
        .expect("the scenario ends within 30 s of real time");
    assert_eq!(log.digits, ["1234"]);
    assert!(view.hung_up_by_bot);
    // Every POST was posted twice, PascalCase or not: each key twice.
    let tones: u32 = view.callbacks.iter().map(|answer| answer.tones).sum();
    assert_eq!(tones, 2 * view.keys_pressed);
    assert!(view.keys_pressed >= 4, "{}", view.keys_pressed);
}

#[tokio::test]
async fn the_bot_refuses_a_callback_signed_by_a_key_the_emulator_did_not_publish() {
    tokio::time::timeout(Duration::from_secs(20), async {
        let emulator = virtual_emulator().await;
        let bot = bot::start(&emulator, APP_ID).await;
        let claims =
            graph_comms_auth::testing::claims(APP_ID, "tenant", emulator.clock().system_time());
        let forged = graph_comms_auth::testing::sign(&claims);
        let status = reqwest::Client::new()
            .post(&bot.url)
            .header("Authorization", format!("Bearer {forged}"))
            .header("Content-Type", "application/json")
            .body(r#"{"value":[]}"#)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401);
        assert_eq!((bot.log().refused, bot.log().accepted), (1, 0));
    })
    .await
    .expect("bounded");
}

#[tokio::test]
async fn several_bot_urls_take_the_callbacks_of_one_call_in_turn() {
    use axum::{Router, routing::post};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    tokio::time::timeout(Duration::from_secs(20), async {
        let mut urls = Vec::new();
        let mut counters = Vec::new();
        for _ in 0..2 {
            let hits = Arc::new(AtomicUsize::new(0));
            let seen = hits.clone();
            let app = Router::new().route(
                "/cb",
                post(move || {
                    seen.fetch_add(1, Ordering::SeqCst);
                    async { axum::http::StatusCode::ACCEPTED }
                }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            urls.push(format!("http://{}/cb", listener.local_addr().unwrap()));
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            counters.push(hits);
        }
        let emulator = Emulator::builder()
            .bot_url(&urls[0])
            .clock(Clock::virtual_clock())
            .start()
            .await
            .unwrap();
        // The second worker joins once the emulator runs (a bot process
        // needs the emulator's URLs to start); a bad URL is refused unquoted.
        emulator.add_bot_url(&urls[1]).unwrap();
        let refused = emulator.add_bot_url("ftp://secret.example/cb").unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput);
        assert!(
            refused.to_string().starts_with("bot URL 3 is not http"),
            "{refused}"
        );
        assert!(!refused.to_string().contains("secret"), "{refused}");
        // Nobody answers: `created`, then 15 s later the end (408/1106).
        let call = emulator.start_call(None, None);
        eventually(|| {
            emulator
                .call(&call)
                .filter(|v| v.state == "terminated" && v.callbacks.len() == 2)
        })
        .await;
        assert_eq!(counters[0].load(Ordering::SeqCst), 1);
        assert_eq!(counters[1].load(Ordering::SeqCst), 1);
    })
    .await
    .expect("bounded");
}

fn shipped_scenarios() -> Vec<(String, graph_comms_emulator::scenario::Scenario)> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/scenarios");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (
                name,
                graph_comms_emulator::scenario::Scenario::from_json(&text).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[tokio::test]
async fn the_test_bot_passes_every_shipped_scenario_under_the_virtual_clock() {
    for (name, scenario) in shipped_scenarios() {
        let emulator = virtual_emulator().await;
        let bot = bot::start(&emulator, APP_ID).await;
        let run = emulator.run_scenario(&scenario, Some(bot.url.clone()));
        let report = tokio::time::timeout(Duration::from_secs(30), run)
            .await
            .unwrap_or_else(|_| panic!("{name}: ends within 30 s of real time"));
        let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
        assert!(report.finished, "{name}: every call ended");
        assert!(report.passed(), "{name}: {failures:?}");
        let log = bot.log();
        assert_eq!(log.refused, 0, "{name}");
        let expected: &[&str] = match name.as_str() {
            "pin-entry" => &["2468"],
            "hangup-mid-pin" => &[],
            "flaky-network" => &["1590", "9753"],
            "sdk-shapes" => &["8080"],
            "impatient-caller" => &["3141"],
            other => panic!("a new scenario, {other}: say what the bot collects"),
        };
        let mut digits = log.digits.clone();
        digits.sort();
        assert_eq!(digits, expected, "{name}");
    }
}

#[tokio::test]
async fn a_bot_that_never_answers_fails_the_scenario_and_is_told_why() {
    // A bare receiver acknowledges everything and does nothing: the call is
    // never answered, so the answer budget ends it (408/1106).
    let url = bot::acknowledger().await;
    let emulator = Emulator::builder()
        .clock(Clock::virtual_clock())
        .start()
        .await
        .unwrap();
    let scenario = graph_comms_emulator::scenario::Scenario::pin_entry();
    let report = tokio::time::timeout(
        Duration::from_secs(30),
        emulator.run_scenario(&scenario, Some(url)),
    )
    .await
    .expect("bounded");
    assert!(report.finished);
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.iter().any(|f| f.contains("never answered")),
        "{failures:?}"
    );
}
