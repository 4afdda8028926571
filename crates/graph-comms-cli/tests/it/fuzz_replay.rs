//! Replays every input of the fuzz corpus and artifacts directories
//! (`fuzz/corpus/<target>/`, `fuzz/artifacts/<target>/`) through the same
//! invariant checks the fuzz targets run (the `graph-comms-fuzz-checks`
//! crate), so that CI runs them on stable without fuzzing. A crash the fuzzer
//! found stays fixed: its input is kept in the artifacts directory.
//!
//! It lives in this crate, the top of the workspace, above every parser.

use graph_comms_fuzz_checks as checks;

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
    }
    files.sort();
    assert!(!files.is_empty(), "no corpus for fuzz target {target}");
    files
}

fn replay(target: &str, check: fn(&[u8])) {
    for path in inputs(target) {
        // A fuzzer running at the same time may delete inputs as it reduces them.
        let data = match std::fs::read(&path) {
            Ok(data) => data,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => panic!("{}: {err}", path.display()),
        };
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "fuzz check {target} fails on {}",
            path.display()
        );
    }
}

#[test]
fn notifications() {
    replay("notifications", checks::notifications);
}

#[test]
fn request_body() {
    replay("request_body", checks::request_body);
}

#[test]
fn action_body() {
    replay("action_body", checks::action_body);
}

#[test]
fn path() {
    replay("path", checks::path);
}

#[test]
fn collector() {
    replay("collector", checks::collector);
}

#[test]
fn callback() {
    replay("callback", checks::callback);
}

#[test]
fn request() {
    replay("request", checks::request);
}

#[test]
fn auth_token() {
    replay("auth_token", checks::token);
}

#[test]
fn auth_jwks() {
    replay("auth_jwks", checks::jwks);
}

#[test]
fn auth_openid() {
    replay("auth_openid", checks::openid_configuration);
}

#[test]
fn auth_token_response() {
    replay("auth_token_response", checks::token_response);
}
