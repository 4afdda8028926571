//! The decode targets as paired measurements: each line's throughput against
//! the floor (`IgnoredAny`, the bare JSON scan) and against `serde_json::Value`
//! on the same bytes, with the lines interleaved.
//!
//! Why not criterion's numbers: criterion measures one line for seconds, then
//! the next. On a shared machine the speed of the machine itself drifts by
//! tens of percent between those blocks (on the project's 2-core VM,
//! back-to-back criterion runs of the floor alone read 223 µs to 305 µs), so a
//! ratio of two blocks measures the drift as much as the decode. Here every
//! round times each line for a few milliseconds, one after the other, in an
//! order balanced over every four rounds (each line first once and after each
//! other line once); a round's ratio compares lines
//! measured within milliseconds of each other, and the report is the median
//! and the quartiles of the rounds' ratios. Every iteration includes dropping
//! what was decoded, as in the criterion lines.
//!
//! Run with `cargo bench -p graph-comms-models --bench decode_ratios`
//! (`-- --quick` for 41 rounds instead of 201, which take about 20 s); `cargo xtask bench` runs it and prints
//! the targets from what it writes to `target/bench-ratios/decode.json`.
//! Built as a test (`cargo test --benches`), it runs one short round of each
//! line as a smoke check and measures nothing.

use graph_comms_models::CommsNotifications;
use std::hint::black_box;
use std::time::{Duration, Instant};

mod common;
use common::{batch, mixed_batch};

/// A line: one decode of `bytes`, dropped before it returns.
type Run = fn(&[u8]);

fn floor(bytes: &[u8]) {
    black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)).unwrap());
}

fn value(bytes: &[u8]) {
    black_box(serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap());
}

fn typed(bytes: &[u8]) {
    black_box(CommsNotifications::from_slice(black_box(bytes)).unwrap());
}

/// The decode with every event taken out: `tone_events()` and
/// `operation_events()`, as a bot does.
fn typed_and_events(bytes: &[u8]) {
    let batch = CommsNotifications::from_slice(black_box(bytes)).unwrap();
    let mut n = 0usize;
    for event in batch.operation_events().flatten() {
        n += event.operation_id.len();
    }
    for event in batch.tone_events().flatten() {
        n += event.sequence_id as usize;
    }
    black_box(n);
    black_box(batch);
}

const LINES: [(&str, Run); 4] = [
    ("ignored_any", floor),
    ("value", value),
    ("typed", typed),
    ("typed_and_events", typed_and_events),
];

/// The order of the lines in round 0; round `r` adds `r` to each (mod 4).
const WILLIAMS: [usize; 4] = [0, 1, 3, 2];

/// Time of each line per round (rounded up to whole iterations).
const SEGMENT: Duration = Duration::from_millis(6);

struct Measured {
    batch: &'static str,
    bytes: usize,
    /// Per line, the time per iteration of each round (ns).
    rounds: Vec<Vec<f64>>,
}

/// Iterations of `run` that take about `SEGMENT`, after a warm-up.
fn calibrate(run: Run, bytes: &[u8]) -> u32 {
    let warm = Instant::now();
    let mut n = 0u32;
    while warm.elapsed() < Duration::from_millis(300) {
        run(bytes);
        n += 1;
    }
    let start = Instant::now();
    for _ in 0..n {
        run(bytes);
    }
    let each = start.elapsed().as_secs_f64() / f64::from(n);
    ((SEGMENT.as_secs_f64() / each).ceil() as u32).max(1)
}

fn measure(batch: &'static str, bytes: &[u8], rounds: usize, smoke: bool) -> Measured {
    let iterations: Vec<u32> = LINES
        .iter()
        .map(|(_, run)| if smoke { 1 } else { calibrate(*run, bytes) })
        .collect();
    let mut out = vec![Vec::with_capacity(rounds); LINES.len()];
    for round in 0..rounds {
        for offset in WILLIAMS {
            // A Williams square: over every 4 rounds each line runs first
            // once and follows each other line exactly once, so that no
            // line's after-effects (the heap `Value` leaves, caches) fall on
            // one line more than on another.
            let line = (round + offset) % LINES.len();
            let (run, n) = (LINES[line].1, iterations[line]);
            let start = Instant::now();
            for _ in 0..n {
                run(bytes);
            }
            out[line].push(start.elapsed().as_nanos() as f64 / f64::from(n));
        }
    }
    Measured {
        batch,
        bytes: bytes.len(),
        rounds: out,
    }
}

/// The median and the quartiles of `values`.
fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    [at(0.25), at(0.5), at(0.75)]
}

/// Per round, the reference's time over the line's (a throughput ratio).
fn ratios(m: &Measured, line: usize, reference: usize) -> [f64; 3] {
    quartiles(
        m.rounds[reference]
            .iter()
            .zip(&m.rounds[line])
            .map(|(r, l)| r / l)
            .collect(),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not.
    let smoke = !args.iter().any(|a| a == "--bench");
    let rounds = if smoke {
        1
    } else if args
        .iter()
        .any(|a| a == "--quick" || a == "--measurement-time")
    {
        // `--quick`, or criterion's shorter run as `cargo xtask bench --quick` asks it.
        41
    } else {
        201
    };
    let tones = batch(1000);
    let (mixed, _, _) = mixed_batch(1000);
    // The typed decode reads every notification before it is timed (the
    // other lines unwrap their own results, in the smoke run too).
    for bytes in [&tones[..], &mixed[..]] {
        let decoded = CommsNotifications::from_slice(bytes).expect("typed decode");
        assert_eq!(decoded.value.len(), 1000);
    }
    let measured = [
        measure("tones", &tones, rounds, smoke),
        measure("mixed", &mixed, rounds, smoke),
    ];
    if smoke {
        println!("decode_ratios: every line ran once (run with cargo bench to measure)");
        return;
    }

    println!(
        "\nPaired ratios: {rounds} rounds of the lines interleaved, ~{} ms of each line per round;",
        SEGMENT.as_millis()
    );
    println!("median [quartiles] of the rounds' throughput ratios.\n");
    println!("| batch | line | median time | × IgnoredAny | × Value |");
    println!("|---|---|---:|---:|---:|");
    let mut results = Vec::new();
    for m in &measured {
        for (line, (name, _)) in LINES.iter().enumerate() {
            let time = quartiles(m.rounds[line].clone())[1];
            let floor = ratios(m, line, 0);
            let value = ratios(m, line, 1);
            println!(
                "| {} | {name} | {:.1} µs | {:.3} [{:.3}–{:.3}] | {:.2} [{:.2}–{:.2}] |",
                m.batch,
                time / 1e3,
                floor[1],
                floor[0],
                floor[2],
                value[1],
                value[0],
                value[2],
            );
            results.push(serde_json::json!({
                "batch": m.batch,
                "line": name,
                "bytes": m.bytes,
                "median_ns": time,
                "floor": floor,
                "value": value,
                // Against the typed decode: what taking the events out adds.
                "typed": ratios(m, line, 2),
            }));
        }
    }
    write_results(&serde_json::json!({ "rounds": rounds, "lines": results }));
}

/// Writes the results beside the build's other outputs, for `cargo xtask
/// bench`: the executable is `<target>/<profile>/deps/decode_ratios-…`.
fn write_results(results: &serde_json::Value) {
    let Some(target) = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
    else {
        eprintln!("decode_ratios: cannot find the target directory; results not written");
        return;
    };
    let dir = target.join("bench-ratios");
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("decode.json"), results.to_string()));
    if let Err(e) = written {
        eprintln!("decode_ratios: cannot write {}: {e}", dir.display());
    }
}
