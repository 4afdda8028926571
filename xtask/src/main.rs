//! Repository tasks for graph-comms, run as `cargo xtask <task>` (the alias
//! lives in `.cargo/config.toml`), in the manner of rust-analyzer's xtask.
//!
//! Tasks are plain Rust so that they run wherever cargo runs; this crate is
//! not published.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  help        print this message
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("xtask: unknown task `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The root of the repository (the parent of this crate's directory).
#[allow(dead_code)]
fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository root")
        .to_path_buf()
}
