//! Repository tasks for graph-comms, run as `cargo xtask <task>` (the alias
//! lives in `.cargo/config.toml`), in the manner of rust-analyzer's xtask
//! (<https://github.com/matklad/cargo-xtask>).
//!
//! Tasks are plain Rust so that they run wherever cargo runs; this crate is
//! not published. Generated files are committed, and `cargo test -p xtask`
//! fails when one is stale.

use std::path::PathBuf;
use std::process::ExitCode;

mod bench;
mod openapi;
mod schema;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  bench [--quick]  run the benchmarks and print throughputs, ratios, targets
                   and allocation counts as Markdown tables
  schema           write the JSON Schemas of the payloads and the OpenAPI
                   contract built on them (openapi.json) to schemas/
  schema --check   fail if schemas/ is not what `cargo xtask schema` writes
  help             print this message
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["help" | "-h" | "--help"] => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        ["bench"] => bench_task(false),
        ["bench", "--quick"] => bench_task(true),
        ["schema"] => schema_task(false),
        ["schema", "--check"] => schema_task(true),
        _ => {
            eprintln!("xtask: unknown task `{}`\n\n{USAGE}", args.join(" "));
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask bench [--quick]`.
fn bench_task(quick: bool) -> ExitCode {
    match bench::run(&project_root(), quick) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask bench: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask schema [--check]`.
fn schema_task(check_only: bool) -> ExitCode {
    let dir = project_root().join("schemas");
    let files = match schema::files(&graph_comms_models::schemas::all()) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("xtask schema: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = if check_only {
        schema::check(&dir, &files)
    } else {
        schema::write(&dir, &files)
    };
    match result {
        Err(err) => {
            eprintln!("xtask schema: {}: {err}", dir.display());
            ExitCode::FAILURE
        }
        Ok(stale) if check_only && !stale.is_empty() => {
            eprintln!("{}", schema::stale_message(&stale));
            ExitCode::FAILURE
        }
        Ok(_) if check_only => {
            println!("schemas/ is up to date ({} files)", files.len());
            ExitCode::SUCCESS
        }
        Ok(changed) => {
            for change in &changed {
                match change {
                    schema::Stale::Missing(name) | schema::Stale::Differs(name) => {
                        println!("wrote schemas/{name}");
                    }
                    schema::Stale::Unexpected(name) => println!("removed schemas/{name}"),
                }
            }
            println!("schemas/: {} files, {} updated", files.len(), changed.len());
            ExitCode::SUCCESS
        }
    }
}

/// The root of the repository (the parent of this crate's directory).
fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository root")
        .to_path_buf()
}
