//! Every shell line of the README (its fenced `sh` blocks) and of `--help`
//! that runs `graph-comms` runs as written, from the repository root, against
//! the files in `fixtures/`, and exits as documented: 0, unless a comment
//! line right after it says `(exit status N)`.
//!
//! `cargo run -p graph-comms-cli -- ARGS` is run as `graph-comms ARGS` with
//! the binary this test was built with (the same program; cargo is not run
//! from inside `cargo test`). Lines that run other tools (`cargo test`,
//! `pip`, `npx`, `cargo fuzz`) are set-up for people and are not run here.

use crate::common;

use common::{graph_comms, root};
use std::process::{Command, Stdio};

const CARGO_RUN: &str = "cargo run -p graph-comms-cli --";

/// A command line and the exit status its documentation gives it.
#[derive(Debug)]
struct ShellLine {
    line: String,
    exit: i32,
}

/// The shell lines of the fenced `sh` blocks of `markdown`, continuation
/// lines joined, each with the exit status a following comment gives.
fn fenced_sh_lines(markdown: &str) -> Vec<ShellLine> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            in_sh = !in_sh && matches!(info.trim(), "sh" | "shell" | "bash" | "console");
            continue;
        }
        if !in_sh {
            continue;
        }
        take_line(line, &mut pending, &mut out);
    }
    out
}

/// The example lines of a `--help` text: those that start with
/// `graph-comms` (indented) or pipe into it.
fn help_lines(help: &str) -> Vec<ShellLine> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        let is_example = trimmed.starts_with("graph-comms ")
            || trimmed.contains("| graph-comms ")
            || !pending.is_empty();
        if is_example && line.starts_with("  ") {
            take_line(line, &mut pending, &mut out);
        }
    }
    out
}

/// Adds `line` to the command being read: a comment after a command may set
/// its exit status; a trailing `\` continues it.
fn take_line(line: &str, pending: &mut String, out: &mut Vec<ShellLine>) {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return;
    }
    if let Some(comment) = trimmed.strip_prefix('#') {
        if let (Some(last), Some(code)) = (out.last_mut(), exit_status_in(comment)) {
            last.exit = code;
        }
        return;
    }
    if let Some(start) = trimmed.strip_suffix('\\') {
        pending.push_str(start);
        return;
    }
    pending.push_str(trimmed);
    out.push(ShellLine {
        line: std::mem::take(pending),
        exit: 0,
    });
}

fn exit_status_in(comment: &str) -> Option<i32> {
    let at = comment.find("exit status ")? + "exit status ".len();
    let digits: String = comment[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Whether the line runs this command (and so is run here).
fn runs_graph_comms(line: &str) -> bool {
    let line = line.replace(CARGO_RUN, "graph-comms");
    line.starts_with("graph-comms ") || line.contains("| graph-comms ")
}

fn run_shell(line: &ShellLine) -> Result<(), String> {
    let binary = assert_cmd::cargo::cargo_bin!("graph-comms");
    let dir = binary.parent().expect("the binary's directory");
    let path = std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    let command = line.line.replace(CARGO_RUN, "graph-comms");
    let output = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(root())
        .env("PATH", path)
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("{command}: sh: {err}"))?;
    let code = output.status.code();
    if code != Some(line.exit) {
        return Err(format!(
            "`{command}` exited {code:?}, documented {}:\n{}{}",
            line.exit,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

#[test]
fn every_graph_comms_line_of_the_readme_runs_as_written() {
    let lines: Vec<ShellLine> = fenced_sh_lines(&readme())
        .into_iter()
        .filter(|line| runs_graph_comms(&line.line))
        .collect();
    assert!(lines.len() >= 8, "found only {lines:?}");
    assert!(
        lines.iter().any(|line| line.exit == 1),
        "an exit 1 is documented"
    );
    let failures: Vec<String> = lines.iter().filter_map(|l| run_shell(l).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The crate's own README (its page in the repository) runs on the
/// repository's fixtures too.
#[test]
fn every_graph_comms_line_of_the_crate_readme_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("crates/graph-comms-cli/README.md"))
        .expect("crates/graph-comms-cli/README.md");
    let lines: Vec<ShellLine> = fenced_sh_lines(&readme)
        .into_iter()
        .filter(|line| runs_graph_comms(&line.line))
        .collect();
    assert!(lines.len() >= 4, "found only {lines:?}");
    let failures: Vec<String> = lines.iter().filter_map(|l| run_shell(l).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_example_of_the_help_runs_as_written() {
    let mut lines = Vec::new();
    for command in [
        &["--help"][..],
        &["check", "--help"],
        &["decode", "--help"],
        &["collect", "--help"],
        &["schema", "--help"],
    ] {
        let run = graph_comms(command);
        assert_eq!(run.code, Some(0));
        let found = help_lines(&run.stdout);
        assert!(!found.is_empty(), "{command:?} has no example");
        lines.extend(found);
    }
    // Placeholders such as [--format json] cannot be pasted.
    for line in &lines {
        assert!(!line.line.contains('['), "{line:?} has a placeholder");
    }
    let failures: Vec<String> = lines.iter().filter_map(|l| run_shell(l).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The README starts with the two set-up commands: the first runs the main
/// job, the second the tests.
#[test]
fn the_readme_starts_with_the_two_set_up_commands() {
    let lines = fenced_sh_lines(&readme());
    let first: Vec<&str> = lines
        .iter()
        .take(2)
        .map(|line| line.line.as_str())
        .collect();
    assert_eq!(
        first,
        [
            // The main job end to end: examples/ivr-bot's tests run it.
            "cargo run -p ivr-bot -- demo",
            "cargo test --workspace"
        ]
    );
}

/// The extraction itself: continuation lines, comments and exit statuses.
#[test]
fn lines_are_extracted_as_a_shell_reads_them() {
    let markdown = "text\n```sh\n# a comment\ngraph-comms a \\\n  --b c\n# out\n# (exit status 1)\n\ngraph-comms d\n```\n```rust\ngraph-comms no\n```\n";
    let lines = fenced_sh_lines(markdown);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        (lines[0].line.as_str(), lines[0].exit),
        ("graph-comms a --b c", 1)
    );
    assert_eq!(
        (lines[1].line.as_str(), lines[1].exit),
        ("graph-comms d", 0)
    );
    let help =
        "Examples:\n  graph-comms x \\\n      --y z\n  echo 1 | graph-comms w\n\nExit status: 0\n";
    let lines = help_lines(help);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].line, "graph-comms x --y z");
}
