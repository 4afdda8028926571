//! The fleet, measured: two `ivr-bot` workers sharing one Redis behind the
//! emulator's round-robin, 200 concurrent calls each typing its own PIN,
//! duplicates and reordering on: the run of the fleet test
//! (`tests/it/fleet.rs`), once.
//!
//! ```text
//! cargo bench -p ivr-bot --bench fleet
//! ```
//!
//! It prints the calls, the tones posted, the completion lines, the
//! conflicts the workers' Redis store retried (the sum of both workers'
//! `GET /stats`), the callbacks' latency as the emulator measured each POST
//! (p50, p99, max) and the wall time. Not a criterion bench: one run of a
//! fleet is a distribution of latencies, not the timing of a function, and
//! its wall time is mostly the callers' script (a 1 s wait, the keys, a 2 s
//! confirmation prompt). Without redis-server it says so and measures
//! nothing.

#[allow(dead_code)] // the tests use more of it
#[path = "../tests/it/fleet/harness.rs"]
mod harness;

use harness::Fleet;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run())
}

/// The value at `q` (0 to 1) of sorted `values` (nearest rank).
pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

async fn run() -> ExitCode {
    let (config, pins, scenario) = harness::two_hundred_calls();
    let Some(fleet) = Fleet::start(&config).await else {
        eprintln!("fleet: not measured (no redis-server)");
        return ExitCode::SUCCESS;
    };
    let started = Instant::now();
    let report = fleet.emulator.run_scenario(&scenario, None).await;
    let wall = started.elapsed();
    let stats = fleet.stats().await;
    let completions = fleet.completions();
    let right = report
        .call_ids
        .iter()
        .zip(&pins)
        .filter(|(call, pin)| {
            completions
                .get(*call)
                .is_some_and(|lines| lines.len() == 1 && lines[0]["digits"] == pin.as_str())
        })
        .count();
    let mut latencies: Vec<Duration> = report
        .records
        .iter()
        .flat_map(|r| &r.callbacks)
        .map(|answer| answer.latency)
        .collect();
    latencies.sort();
    let keys: u32 = report.records.iter().map(|r| r.keys_pressed).sum();
    let tones: u32 = report
        .records
        .iter()
        .flat_map(|r| &r.callbacks)
        .map(|answer| answer.tones)
        .sum();
    let lines: usize = completions.values().map(Vec::len).sum();
    println!(
        "fleet: {} workers on one Redis, round-robin",
        config.workers
    );
    println!("  calls                     {}", report.call_ids.len());
    println!("  keys pressed              {keys}");
    println!("  tones posted (with dups)  {tones}");
    println!("  callbacks                 {}", latencies.len());
    println!("  completion lines          {lines} ({right} with the call's own PIN, once)");
    println!(
        "  conflicts retried         {}",
        stats.store_conflicts_retried
    );
    println!("  store errors              {}", stats.store_errors);
    println!(
        "  callback latency p50      {}",
        millis(percentile(&latencies, 0.50))
    );
    println!(
        "  callback latency p99      {}",
        millis(percentile(&latencies, 0.99))
    );
    println!(
        "  callback latency max      {}",
        millis(percentile(&latencies, 1.0))
    );
    println!("  wall time                 {:.2} s", wall.as_secs_f64());
    if report.passed() && right == pins.len() {
        ExitCode::SUCCESS
    } else {
        for failure in &report.failures {
            eprintln!("fleet: {failure}");
        }
        eprintln!("fleet: the run did not pass; its figures are not a measurement");
        ExitCode::FAILURE
    }
}
