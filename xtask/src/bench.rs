//! `cargo xtask bench`: runs the criterion benchmarks of the crates and
//! prints, per group, the median time and throughput of each line and the
//! ratios between lines measured in the same run; then the decode targets,
//! judged on the paired measurement of `decode_ratios` (the lines
//! interleaved, so that the machine's drift between criterion's blocks does
//! not move the ratios); then the allocation counts.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// The bench targets, by package.
const BENCHES: [(&str, &str); 7] = [
    ("graph-comms-models", "decode"),
    // The decode targets: paired ratios, written to target/bench-ratios/.
    ("graph-comms-models", "decode_ratios"),
    ("graph-comms-validate", "validate"),
    ("graph-comms-http", "http"),
    ("graph-comms-dtmf", "collector"),
    // Against a local redis-server, which it starts (skipped without one).
    ("graph-comms-dtmf-redis", "store"),
    ("graph-comms-auth", "auth"),
];

/// One measured line.
struct Line {
    function: String,
    median_ns: f64,
    bytes: Option<f64>,
    elements: Option<f64>,
}

/// Runs the benchmarks (`quick`: shorter measurements) and prints the tables.
pub fn run(root: &Path, quick: bool) -> Result<(), String> {
    let started = SystemTime::now();
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo.current_dir(root).arg("bench");
    for (package, bench) in BENCHES {
        if root
            .join("crates")
            .join(package)
            .join("benches")
            .join(format!("{bench}.rs"))
            .exists()
        {
            cargo.args(["-p", package, "--bench", bench]);
        }
    }
    cargo.arg("--");
    if quick {
        cargo.args(["--warm-up-time", "1", "--measurement-time", "2"]);
    }
    // criterion's own report goes to stderr, so that stdout is only the tables.
    cargo.stdout(std::io::stderr());
    let status = cargo
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !status.success() {
        return Err(format!("cargo bench failed ({status})"));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), std::path::PathBuf::from);
    let groups = read_results(&target.join("criterion"), started)?;
    print_tables(&groups);
    print_decode_targets(&target.join("bench-ratios").join("decode.json"), started)?;
    print_allocations(root)?;
    Ok(())
}

/// Reads every `new/benchmark.json` written since `since`, grouped.
fn read_results(dir: &Path, since: SystemTime) -> Result<BTreeMap<String, Vec<Line>>, String> {
    let mut groups: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let is_new = p
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|n| n == "new");
            if !(is_new && p.file_name().is_some_and(|n| n == "benchmark.json")) {
                continue;
            }
            let fresh = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since);
            if !fresh {
                continue;
            }
            let benchmark = read_json(&p)?;
            let estimates = read_json(&p.with_file_name("estimates.json"))?;
            let group = benchmark["group_id"].as_str().unwrap_or("?").to_owned();
            let function = benchmark["function_id"].as_str().unwrap_or("?").to_owned();
            let median_ns = estimates["median"]["point_estimate"]
                .as_f64()
                .ok_or_else(|| format!("{}: no median", p.display()))?;
            let throughput = &benchmark["throughput"];
            groups.entry(group).or_default().push(Line {
                function,
                median_ns,
                bytes: throughput["Bytes"].as_f64(),
                elements: throughput["Elements"].as_f64(),
            });
        }
    }
    for lines in groups.values_mut() {
        lines.sort_by(|a, b| a.function.cmp(&b.function));
    }
    Ok(groups)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn format_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

fn throughput(line: &Line) -> String {
    if let Some(bytes) = line.bytes {
        format!("{:.0} MB/s", bytes / line.median_ns * 1e3)
    } else if let Some(elements) = line.elements {
        format!("{:.2} M/s", elements / line.median_ns * 1e3)
    } else {
        format!("{:.2} M/s", 1e3 / line.median_ns)
    }
}

/// The set of bytes a line measures: lines named `mixed_…` run on the mixed
/// batch of their group and are compared with `mixed_ignored_any` and
/// `mixed_value`; the others on the group's own bytes.
fn bytes_set(function: &str) -> &'static str {
    if function.starts_with("mixed_") {
        "mixed_"
    } else {
        ""
    }
}

fn print_tables(groups: &BTreeMap<String, Vec<Line>>) {
    for (group, lines) in groups {
        let time_of = |name: &str| {
            lines
                .iter()
                .find(|l| l.function == name)
                .map(|l| l.median_ns)
        };
        let has_floor = time_of("ignored_any").is_some();
        println!("\n### {group}\n");
        if has_floor {
            println!("| line | median time | throughput | × IgnoredAny | × Value |");
            println!("|---|---:|---:|---:|---:|");
        } else {
            println!("| line | median time | throughput |");
            println!("|---|---:|---:|");
        }
        for line in lines {
            print!(
                "| {} | {} | {} |",
                line.function,
                format_time(line.median_ns),
                throughput(line)
            );
            let set = bytes_set(&line.function);
            let floor = time_of(&format!("{set}ignored_any"));
            let value = time_of(&format!("{set}value"));
            if let (Some(floor), Some(value)) = (floor, value) {
                // Throughput ratios: the other line's time over this line's.
                print!(
                    " {:.3} | {:.2} |",
                    floor / line.median_ns,
                    value / line.median_ns
                );
            }
            println!();
        }
        for set in ["", "mixed_"] {
            let name = |line: &str| format!("{set}{line}");
            let Some(typed) = time_of(&name("typed")) else {
                continue;
            };
            // The distance to the ceilings: informational, no target.
            let mut first = true;
            for reference in ["borrowed_reference", "borrowed_reference_utf8_once"] {
                if let Some(time) = time_of(&name(reference)) {
                    if std::mem::take(&mut first) {
                        println!();
                    }
                    println!(
                        "- typed decode throughput: {:.3}× {reference}'s",
                        time / typed
                    );
                }
            }
        }
    }
}

/// Prints the decode targets from the paired measurement that
/// `decode_ratios` wrote (if it ran since `since`).
fn print_decode_targets(path: &Path, since: SystemTime) -> Result<(), String> {
    let fresh = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= since);
    if !fresh {
        println!(
            "\n(no fresh {}: the decode targets were not measured)",
            path.display()
        );
        return Ok(());
    }
    let results = read_json(path)?;
    let lines = results["lines"].as_array().cloned().unwrap_or_default();
    let find = |batch: &str, line: &str| {
        lines
            .iter()
            .find(|l| l["batch"] == batch && l["line"] == line)
            .cloned()
    };
    let median = |v: &Value, key: &str| v[key][1].as_f64().unwrap_or(f64::NAN);
    println!(
        "\n### decode targets (paired: {} interleaved rounds, median [quartiles])\n",
        results["rounds"]
    );
    println!("| batch | line | × IgnoredAny | × Value |");
    println!("|---|---|---:|---:|");
    for l in &lines {
        let q = |key: &str| {
            let v = &l[key];
            format!(
                "{:.3} [{:.3}–{:.3}]",
                v[1].as_f64().unwrap_or(f64::NAN),
                v[0].as_f64().unwrap_or(f64::NAN),
                v[2].as_f64().unwrap_or(f64::NAN)
            )
        };
        println!(
            "| {} | {} | {} | {} |",
            l["batch"].as_str().unwrap_or("?"),
            l["line"].as_str().unwrap_or("?"),
            q("floor"),
            q("value")
        );
    }
    println!();
    for (batch, what) in [("tones", ""), ("mixed", "mixed batch: ")] {
        let (Some(typed), Some(events)) = (find(batch, "typed"), find(batch, "typed_and_events"))
        else {
            continue;
        };
        // Paired: the rounds' typed-over-events throughput ratio.
        let extraction_adds = 1.0 / median(&events, "typed") - 1.0;
        if batch == "mixed" {
            // No target: the ≤ 10 % was set for tone extraction; taking
            // operations out also parses their paths and drops duplicates.
            println!(
                "- {what}operation and tone extraction adds {:.1} % (no target)",
                extraction_adds * 100.0
            );
        }
        let mut checks = vec![
            (
                format!("{what}typed decode ≥ 0.3× IgnoredAny"),
                median(&typed, "floor"),
                0.3,
                true,
            ),
            (
                format!("{what}typed decode ≥ 2× Value"),
                median(&typed, "value"),
                2.0,
                true,
            ),
        ];
        if batch == "tones" {
            checks.push((
                "tone extraction adds ≤ 10 %".to_owned(),
                extraction_adds,
                0.10,
                false,
            ));
        }
        for (what, measured, target, at_least) in checks {
            let met = if at_least {
                measured >= target
            } else {
                measured <= target
            };
            println!(
                "- {what}: {measured:.3} ({})",
                if met { "met" } else { "NOT met" }
            );
        }
    }
    Ok(())
}

/// Runs the allocation-count tests and shows what they print.
fn print_allocations(root: &Path) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        // Each crate's integration tests are one binary, `it`; the allocation
        // tests are its modules `allocations` (models) and `alloc` (validate).
        .args([
            "test",
            "-q",
            "-p",
            "graph-comms-models",
            "-p",
            "graph-comms-validate",
            "--test",
            "it",
            "--",
            "allocations::",
            "alloc::",
            "--nocapture",
        ])
        .output()
        .map_err(|e| format!("cannot run the allocation tests: {e}"))?;
    if !output.status.success() {
        return Err("the allocation tests failed".to_owned());
    }
    println!("\n### allocations\n");
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let line = line.trim_start_matches('.');
        if line.contains("allocation") && !line.starts_with("test ") {
            println!("- {line}");
        }
    }
    Ok(())
}
