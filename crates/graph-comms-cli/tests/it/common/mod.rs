//! Running the `graph-comms` binary from the repository root, shared by the
//! CLI's integration tests.
#![allow(dead_code)] // each test file uses a part

use std::path::{Path, PathBuf};

/// The repository root: commands run there, so paths in messages are the
/// short, stable `fixtures/…` ones.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What one run printed, and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The whole run as one snapshot: exit code, stdout, stderr.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code
                .map_or_else(|| "signal".to_owned(), |c| c.to_string()),
            self.stdout,
            self.stderr
        )
    }
}

/// Runs the binary with `args` and `stdin`, colour off.
pub fn graph_comms_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let output = assert_cmd::cargo::cargo_bin_cmd!("graph-comms")
        .args(args)
        .current_dir(root())
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .write_stdin(stdin)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the binary with `args` and an empty stdin.
pub fn graph_comms(args: &[&str]) -> Run {
    graph_comms_with_stdin(args, b"")
}

/// Every file under `dir` (relative to the root), sorted.
pub fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            let relative = path.strip_prefix(root()).unwrap_or(&path).to_path_buf();
            out.push(relative);
        }
    }
}

/// One insta snapshot of a run: `snapshot!("name", &[args])`, or with
/// `stdin = bytes`.
#[macro_export]
macro_rules! snapshot {
    ($name:literal, $args:expr) => {
        insta::assert_snapshot!($name, common::graph_comms($args).transcript())
    };
    ($name:literal, $args:expr, stdin = $stdin:expr) => {
        insta::assert_snapshot!(
            $name,
            common::graph_comms_with_stdin($args, $stdin).transcript()
        )
    };
}
