//! The crate is sans-IO: its source never reads the clock, generates an id
//! or a random number, or touches the network, the file system or the
//! environment; and its dependencies include no runtime or client.
//!
//! A grep, not a proof: it reads every `.rs` file under `src/`, skips
//! comments (the docs may *tell the caller* to pass `SystemTime::now()`),
//! and fails on any forbidden name in code.

use std::path::Path;

const FORBIDDEN: &[&str] = &[
    // the clock
    "SystemTime::now",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "now_v7",
    // ids and randomness
    "new_v4",
    "new_v7",
    "new_v1",
    "new_v6",
    "ClientContext::generate",
    "::generate(",
    "rand::",
    "getrandom",
    "thread_rng",
    "RandomState",
    // sockets, files, the environment, threads
    "std::net",
    "TcpStream",
    "TcpListener",
    "UdpSocket",
    "std::fs",
    "std::env",
    "std::process",
    "std::thread",
    "tokio",
    "reqwest",
    "hyper",
    "axum",
];

fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src/") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line: empty for a comment line, and without a trailing
/// ` // comment`. A `//` inside a URL (`https://…`) has no space before it,
/// so the code after a URL string is still checked.
fn code_of(line: &str) -> &str {
    if line.trim_start().starts_with("//") {
        return "";
    }
    match line.find(" //") {
        Some(i) => &line[..i],
        None => line,
    }
}

#[test]
fn no_clock_no_ids_no_io_in_the_source() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    assert!(files.len() >= 5, "found only {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("UTF-8 source");
        for (number, line) in text.lines().enumerate() {
            let code = code_of(line);
            for name in FORBIDDEN {
                if code.contains(name) {
                    found.push(format!("{}:{}: {name}", file.display(), number + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "sans-IO broken:\n{}", found.join("\n"));
}

#[test]
fn the_check_itself_finds_what_it_looks_for() {
    // Without this, a check that never matches would pass.
    assert!(code_of("let t = SystemTime::now();").contains("SystemTime::now"));
    assert!(!code_of("/// pass `SystemTime::now()`").contains("SystemTime::now"));
    assert!(code_of("let id = Uuid::new_v4(); // fresh").contains("new_v4"));
    assert!(code_of(r#"let u = "https://x"; let t = Instant::now();"#).contains("Instant::now"));
}

#[test]
fn no_runtime_or_client_among_the_dependencies() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("the manifest");
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("a [dependencies] table")
        .split("\n[")
        .next()
        .unwrap_or_default();
    assert!(
        dependencies.contains("http"),
        "the section was found: {dependencies}"
    );
    for name in [
        "tokio",
        "reqwest",
        "axum",
        "hyper",
        "rand",
        "getrandom",
        "graph-comms-auth",
    ] {
        assert!(
            !dependencies
                .lines()
                .any(|line| line.trim_start().starts_with(name)),
            "{name} is a dependency: it may only be a dev-dependency"
        );
    }
}
