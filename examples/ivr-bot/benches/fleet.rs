//! The fleet, measured: two `ivr-bot` workers sharing one Redis behind the
//! emulator's round-robin, 200 concurrent calls each typing its own PIN,
//! duplicates and reordering on: the run of the fleet test
//! (`tests/it/fleet.rs`), once.
//!
//! ```text
//! cargo bench -p ivr-bot --bench fleet
//! ```
//!
//! It runs the 200 calls twice: on one worker keeping the state in memory
//! (the baseline), then on the fleet. For each it prints the calls, the
//! keys pressed, the tones posted (duplicates included), the completion
//! lines, the conflicts the workers' Redis store retried (the sum of the
//! workers' `GET /stats`), the callbacks' latency as the emulator measured
//! each POST (p50, p99, max) and the wall time. Not a criterion bench: one
//! run of a fleet is a distribution of latencies, not the timing of a
//! function, and its wall time is mostly the callers' script (calls ringing
//! over 10 s, a 4 s wait, a 12 s confirmation prompt). It exits with 1 when
//! a run did not pass (its figures are then no measurement). Without
//! redis-server it says so and measures nothing.

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

/// What one run came to.
struct Figures {
    calls: usize,
    keys: u32,
    tones: u32,
    callbacks: usize,
    lines: usize,
    right: usize,
    conflicts: u64,
    store_errors: u64,
    latencies: Vec<Duration>,
    wall: Duration,
    failures: Vec<String>,
}

/// Runs the 200 calls on a fleet of `workers`, sharing state in Redis or
/// not. `None` without redis-server.
async fn measure(workers: usize, shared_state: bool) -> Option<Figures> {
    let (mut config, pins, scenario) = harness::two_hundred_calls();
    config.workers = workers;
    config.shared_state = shared_state;
    let fleet = Fleet::start(&config).await?;
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
    let answers = || report.records.iter().flat_map(|r| &r.callbacks);
    let mut latencies: Vec<Duration> = answers().map(|answer| answer.latency).collect();
    latencies.sort();
    let mut failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    if right != pins.len() {
        failures.push(format!(
            "{right} of {} calls printed their own PIN once",
            pins.len()
        ));
    }
    Some(Figures {
        calls: report.call_ids.len(),
        keys: report.records.iter().map(|r| r.keys_pressed).sum(),
        tones: answers().map(|answer| answer.tones).sum(),
        callbacks: latencies.len(),
        lines: completions.values().map(Vec::len).sum(),
        right,
        conflicts: stats.store_conflicts_retried,
        store_errors: stats.store_errors,
        latencies,
        wall,
        failures,
    })
}

async fn run() -> ExitCode {
    // The baseline first: one worker, its state in memory (what Redis and a
    // second worker add is the difference).
    let Some(alone) = measure(1, false).await else {
        eprintln!("fleet: not measured (no redis-server)");
        return ExitCode::SUCCESS;
    };
    let Some(fleet) = measure(2, true).await else {
        return ExitCode::FAILURE;
    };
    let runs = [&alone, &fleet];
    let row = |name: &str, cell: &dyn Fn(&Figures) -> String| {
        println!("  {name:<26}{:>22}{:>22}", cell(runs[0]), cell(runs[1]));
    };
    println!("fleet: 200 concurrent calls, every other POST twice, reordered within 150 ms");
    println!(
        "  {:<26}{:>22}{:>22}",
        "", "1 worker, in memory", "2 workers, Redis"
    );
    row("calls", &|f| f.calls.to_string());
    row("keys pressed", &|f| f.keys.to_string());
    row("tones posted (with dups)", &|f| f.tones.to_string());
    row("callbacks", &|f| f.callbacks.to_string());
    row("completion lines", &|f| f.lines.to_string());
    row("  with the right PIN", &|f| f.right.to_string());
    row("conflicts retried", &|f| f.conflicts.to_string());
    row("store errors", &|f| f.store_errors.to_string());
    row("callback latency p50", &|f| {
        millis(percentile(&f.latencies, 0.50))
    });
    row("callback latency p99", &|f| {
        millis(percentile(&f.latencies, 0.99))
    });
    row("callback latency max", &|f| {
        millis(percentile(&f.latencies, 1.0))
    });
    row("wall time", &|f| format!("{:.2} s", f.wall.as_secs_f64()));
    let failures: Vec<&String> = runs.iter().flat_map(|f| &f.failures).collect();
    if failures.is_empty() {
        return ExitCode::SUCCESS;
    }
    for failure in failures {
        eprintln!("fleet: {failure}");
    }
    eprintln!("fleet: a run did not pass; its figures are not a measurement");
    ExitCode::FAILURE
}
