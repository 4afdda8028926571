//! `ivr-bot demo`: the bot against the in-process emulator
//! (graph-comms-emulator) with its PIN-entry scenario, in real time, with
//! the calls' state in memory; then a person's view of what happened and
//! whether the scenario's expectations held. Nothing to install beyond Rust.

use crate::flow::FlowConfig;
use crate::{Bot, BotEvent, BotSettings, Sink};
use graph_comms_auth::{AppCredentials, ClientSecret, NationalCloud};
use graph_comms_dtmf::{CallLimits, MemoryStore};
use graph_comms_emulator::scenario::Scenario;
use graph_comms_emulator::{Clock, Emulator};
use graph_comms_http::GraphRoot;
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The app the demo's bot and emulator agree on (no real tenant is used).
const APP_ID: &str = "3b0c4f47-5c44-4b63-9b0e-7d3c1f0e0a11";
const TENANT_ID: &str = "00000000-0000-4000-8000-0000000000e1";

/// What the demo's bot printed, with the emulator's time.
#[derive(Default)]
struct Captured {
    /// (ms, completion line)
    lines: Vec<(u64, String)>,
    /// Failures the bot logged.
    problems: Vec<String>,
}

struct DemoSink {
    clock: Clock,
    captured: Mutex<Captured>,
}

impl DemoSink {
    fn captured(&self) -> std::sync::MutexGuard<'_, Captured> {
        self.captured
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for DemoSink {
    fn completion(&self, line: &str) {
        let ms = u64::try_from(self.clock.now().as_millis()).unwrap_or(u64::MAX);
        self.captured().lines.push((ms, line.to_owned()));
    }

    fn event(&self, event: &BotEvent) {
        if matches!(
            event,
            BotEvent::GraphFailed { .. } | BotEvent::Refused { .. } | BotEvent::Store { .. }
        ) {
            self.captured().problems.push(event.to_string());
        }
    }
}

/// Runs the demo, writing the person's view to `out`. Returns whether the
/// scenario's expectations held and the bot reported the PIN.
///
/// # Errors
///
/// The emulator or the bot could not start (a port, the runtime), or `out`
/// failed.
pub async fn run(show_digits: bool, out: &mut dyn Write) -> std::io::Result<bool> {
    crate::install_tls();
    let scenario = Scenario::pin_entry();
    let emulator = Emulator::builder()
        .app_id(APP_ID)
        .tenant_id(TENANT_ID)
        .show_tones(show_digits)
        .clock(Clock::real())
        .start()
        .await?;
    let urls = emulator.urls().clone();
    let credentials = AppCredentials::with_secret(
        NationalCloud::Global,
        TENANT_ID,
        APP_ID,
        ClientSecret::new("the-emulator-accepts-any-secret"),
    )
    .map_err(std::io::Error::other)?;
    let graph = GraphRoot::custom(&urls.graph_url).map_err(std::io::Error::other)?;
    let flow = FlowConfig::new(4).map_err(std::io::Error::other)?;
    let mut settings = BotSettings::new(
        credentials,
        graph,
        urls.open_id_configuration_url.clone(),
        flow,
    );
    settings.token_url = urls.token_url.parse().ok();
    settings.show_digits = show_digits;
    let store = MemoryStore::new(CallLimits::default()).map_err(std::io::Error::other)?;
    let sink = Arc::new(DemoSink {
        clock: emulator.clock().clone(),
        captured: Mutex::new(Captured::default()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let bot = Bot::start(
        listener,
        settings,
        store,
        crate::system_clock(),
        sink.clone(),
    )
    .await?;
    writeln!(
        out,
        "ivr-bot demo: the bot on {}, a local Graph calling service (graph-comms-emulator) on {};\n\
         a caller dials in and types a 4-digit PIN during the greeting (scenario pin-entry).\n",
        bot.addr(),
        urls.graph_url.trim_start_matches("http://"),
    )?;
    out.flush()?;
    let report = tokio::time::timeout(
        scenario.timeout + Duration::from_secs(10),
        emulator.run_scenario(&scenario, Some(bot.callback_url().to_owned())),
    )
    .await
    .map_err(|_| std::io::Error::other("the scenario did not end in time"))?;
    // The last callbacks' work (the hang-up's end) settles.
    tokio::time::sleep(Duration::from_millis(100)).await;

    let captured = std::mem::take(&mut *sink.captured());
    let mut prompts = 0;
    // The second prompt is the confirmation when a PIN came in (the flow's
    // rule), else the not-received prompt.
    let received = captured.lines.iter().any(|(_, line)| {
        let reason = serde_json::from_str::<Value>(line).unwrap_or_default()["reason"].clone();
        matches!(reason.as_str(), Some("max-digits" | "stop-tone"))
    });
    let mut timeline: Vec<(u64, u8, String)> = emulator
        .transcript()
        .iter()
        .filter_map(|entry| person_view(entry, show_digits, received, &mut prompts))
        .collect();
    for (ms, line) in &captured.lines {
        let digits: Value = serde_json::from_str(line).unwrap_or_default();
        timeline.push((
            *ms,
            0,
            format!(
                "bot     PIN collected: {} ({}); it prints:\n                   {line}",
                digits["digits"].as_str().unwrap_or("?"),
                digits["reason"].as_str().unwrap_or("?"),
            ),
        ));
    }
    // At the same millisecond: what the bot decided, its request, then
    // what the request caused.
    timeline.sort_by_key(|(ms, rank, _)| (*ms, *rank));
    for (ms, _, line) in &timeline {
        writeln!(out, "{:>8.3} s  {line}", *ms as f64 / 1000.0)?;
    }
    writeln!(out)?;
    for problem in &captured.problems {
        writeln!(out, "bot problem: {problem}")?;
    }
    let expect = &scenario.expect;
    let mut checked = Vec::new();
    if let Some(within) = expect.answered_within {
        checked.push(format!("answered within {} s", within.as_secs()));
    }
    if expect.subscribed_before_first_key {
        checked.push("subscribed to tones before the first key".to_owned());
    }
    if expect.played_prompt {
        checked.push("played a prompt".to_owned());
    }
    if expect.hung_up {
        checked.push("hung up before the caller".to_owned());
    }
    if let Some(within) = expect.callbacks_answered_within {
        checked.push(format!(
            "answered every callback within {} s",
            within.as_secs()
        ));
    }
    let reported = captured.lines.len() == 1;
    let ok = report.finished && report.passed() && reported;
    if ok {
        writeln!(
            out,
            "ok: the scenario's expectations held ({}), and the bot reported the PIN once.",
            checked.join(", ")
        )?;
    } else {
        writeln!(out, "FAILED:")?;
        if !report.finished {
            writeln!(out, "  the call did not end in time")?;
        }
        for failure in &report.failures {
            writeln!(out, "  {failure}")?;
        }
        if !reported {
            writeln!(
                out,
                "  the bot reported {} PIN(s), expected 1",
                captured.lines.len()
            )?;
        }
    }
    if !show_digits {
        writeln!(
            out,
            "(digits and tones are redacted: add --show-digits to see them)"
        )?;
    }
    out.flush()?;
    Ok(ok)
}

/// One transcript entry as a person would tell it (`None`: not worth a
/// line, such as each callback's delivery).
fn person_view(
    entry: &Value,
    show: bool,
    received: bool,
    prompts: &mut u32,
) -> Option<(u64, u8, String)> {
    let ms = entry["atMs"].as_u64()?;
    let event = entry["event"].as_str()?;
    let line = match event {
        "incoming call" => "phone   a call rings for the bot".to_owned(),
        "tone sent to the bot" => match entry["tone"].as_str().filter(|_| show) {
            Some(tone) => format!("caller  presses {tone}"),
            None => "caller  presses a key".to_owned(),
        },
        "operation cancelled" => "graph   the greeting stops (cancelled)".to_owned(),
        "operation finished" => "graph   the prompt ends".to_owned(),
        "caller hung up" => "caller  hangs up".to_owned(),
        "call ended" => format!(
            "graph   the call ends ({})",
            entry["reason"].as_str().unwrap_or("ended")
        ),
        "request" => {
            let path = entry["path"].as_str().unwrap_or("");
            let status = entry["status"].as_u64().unwrap_or(0);
            let what = match (entry["method"].as_str(), path.rsplit('/').next()) {
                (Some("DELETE"), _) => "hangs up",
                (_, Some("answer")) => "answers",
                (_, Some("subscribeToTone")) => "subscribes to tones",
                (_, Some("playPrompt")) => {
                    *prompts += 1;
                    if *prompts == 1 {
                        "plays the greeting: \"enter your PIN, then press pound\""
                    } else if received {
                        "plays the confirmation: \"thank you, your PIN was received\""
                    } else {
                        "plays the goodbye: \"sorry, no PIN was received\""
                    }
                }
                (_, Some("cancelMediaProcessing")) => {
                    "cancels the greeting: the caller started typing (barge-in)"
                }
                _ => return None,
            };
            return Some((ms, 1, format!("bot     {what} (Graph: {status})")));
        }
        _ => return None,
    };
    Some((ms, 2, line))
}
