//! The README's `cargo run -p ivr-bot -- …` lines run as written (with this
//! test's binary, from the repository root), exit 0, and print what the
//! README shows, up to the times, ports and call ids.

use std::process::Command;

const CARGO_RUN: &str = "cargo run -p ivr-bot --";

/// The lines of fenced `sh` blocks that run the bot, each with the output
/// the README shows after it (its `# ` lines).
fn bot_lines(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut in_sh = false;
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut shown = false;
    for line in readme.lines() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            in_sh = !in_sh && matches!(info.trim(), "sh" | "shell" | "bash" | "console");
            shown = false;
            continue;
        }
        if !in_sh {
            continue;
        }
        if let Some(args) = line.trim().strip_prefix(CARGO_RUN) {
            out.push((args.trim().to_owned(), Vec::new()));
            shown = true;
        } else if shown && let Some(text) = line.strip_prefix('#') {
            if let Some((_, lines)) = out.last_mut() {
                lines.push(text.strip_prefix(' ').unwrap_or(text).to_owned());
            }
        } else {
            shown = false;
        }
    }
    out
}

/// A line without what changes from run to run: digits (times, ports) and
/// the call id's hex letters.
fn normalise(line: &str) -> String {
    let line = match (line.find(r#""callId":""#), line.find(r#"","digits""#)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}\"callId\":\"ID{}", &line[..start], &line[end..])
        }
        _ => line.to_owned(),
    };
    line.chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect::<String>()
        .trim_end()
        .to_owned()
}

#[test]
fn the_readme_lines_that_run_the_bot_run_as_written() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let lines = bot_lines(&readme);
    assert!(
        lines
            .iter()
            .any(|(args, shown)| args == "demo" && !shown.is_empty()),
        "the README runs the demo and shows its output: {lines:?}"
    );
    for (args, shown) in lines {
        let output = Command::new(env!("CARGO_BIN_EXE_ivr-bot"))
            .args(args.split_whitespace())
            .current_dir(&root)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{CARGO_RUN} {args}:\n{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        if !shown.is_empty() {
            let got: Vec<String> = stdout.lines().map(normalise).collect();
            let want: Vec<String> = shown.iter().map(|l| normalise(l)).collect();
            assert_eq!(got, want, "{CARGO_RUN} {args} prints what the README shows");
        }
    }
}
