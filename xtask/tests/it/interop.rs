//! The interop suites (interop/typescript, interop/python) fail when a schema
//! or a fixture breaks: shown on a copy of the repository's `schemas/`,
//! `fixtures/` and suites, with the schemas broken (`sequenceId` a string,
//! wherever a toneInfo is described) and two fixtures broken (a notification
//! whose tone is a number among the valid notifications, and a sendDtmfTones
//! request with a numeric tone among the action requests), by running the
//! same commands CI runs there.
//!
//! It needs the tools `.ci/run` installs (`npm ci` in interop/typescript, the
//! venv interop/python/.venv). Without them it is skipped with a message,
//! unless `GRAPH_COMMS_INTEROP=required` (set by the interop step of
//! `.ci/run`, which installs them first): then it fails. See [`should_run`].

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Whether to run: with `GRAPH_COMMS_INTEROP=required` the tools must be
/// there (else the test fails); under `CI=true` otherwise, no (the workspace
/// test step runs before the interop step installs the tools, which then runs
/// this test itself); locally, when the tools are there.
fn should_run(what: &str, paths: &[PathBuf]) -> bool {
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    let required = std::env::var("GRAPH_COMMS_INTEROP").is_ok_and(|v| v == "required");
    let message = format!(
        "the {what} interop tools are not installed ({}): run the interop step of .ci/run \
         (it runs `npm ci` in interop/typescript and makes interop/python/.venv)",
        missing.join(", ")
    );
    if required {
        assert!(missing.is_empty(), "{message}");
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        loud(&format!(
            "SKIPPED here ({what}): .ci/run runs this test in its interop step, after \
             installing the tools, with GRAPH_COMMS_INTEROP=required"
        ));
        return false;
    }
    if !missing.is_empty() {
        loud(&format!("SKIPPED: {message}"));
        return false;
    }
    true
}

/// Prints past the test harness's capture, so that a skip is seen.
fn loud(message: &str) {
    let _ = writeln!(std::io::stderr(), "\n!!!!!!!! {message} !!!!!!!!\n");
}

/// A copy of what the suites read, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name), skip);
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// The repository's schemas, fixtures and suites, with the two breaks.
fn broken_copy(name: &str) -> Scratch {
    let dir =
        std::env::temp_dir().join(format!("graph-comms-interop-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let scratch = Scratch(dir);
    let root = root();
    copy_dir(&root.join("schemas"), &scratch.0.join("schemas"), &[]);
    copy_dir(&root.join("fixtures"), &scratch.0.join("fixtures"), &[]);
    let generated = ["node_modules", "generated", "build", ".venv", "__pycache__"];
    for suite in ["interop/typescript", "interop/python"] {
        copy_dir(&root.join(suite), &scratch.0.join(suite), &generated);
    }

    // The schema break: sequenceId becomes a string, as a change of the Rust
    // type would make it in every schema that describes a toneInfo.
    let mut broken = 0;
    for entry in std::fs::read_dir(scratch.0.join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read(&path).unwrap();
        let mut schema: Value = serde_json::from_slice(&text).unwrap();
        for pointer in [
            "/$defs/microsoft.graph.toneInfo/properties/sequenceId",
            "/properties/sequenceId",
        ] {
            if let Some(sequence_id) = schema.pointer_mut(pointer) {
                *sequence_id = serde_json::json!({ "type": ["string", "null"] });
                broken += 1;
            }
        }
        std::fs::write(&path, format!("{schema:#}\n")).unwrap();
    }
    assert!(broken >= 3, "only {broken} sequenceIds broken");

    // The fixture break: a notification whose tone is a number, among the valid ones.
    std::fs::copy(
        root.join("fixtures/invalid/schema/comms-notifications/tone-number.json"),
        scratch.0.join("fixtures/notifications/zz-broken.json"),
    )
    .unwrap();
    // And an action's request among the documented ones: a tone that is a
    // number (the suites read the action folders by file name prefix).
    std::fs::write(
        scratch
            .0
            .join("fixtures/action-requests/send-dtmf-tones-zz-broken-action.json"),
        "{\"tones\": [\"tone1\", 1]}\n",
    )
    .unwrap();
    scratch
}

fn run(command: &mut Command) -> (bool, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command
        .env_remove("GRAPH_COMMS_ROOT")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
    (status.success(), text)
}

/// Both breaks are reported, by name: the documented tone (valid, but no
/// longer by the broken schema) and the broken fixtures.
fn assert_both_breaks_fail(suite: &str, ok: bool, output: &str) {
    assert!(
        !ok,
        "{suite} passed with a broken schema and fixture:\n{output}"
    );
    for name in [
        "documented-tone",
        "zz-broken.json",
        "send-dtmf-tones-zz-broken-action",
    ] {
        assert!(
            output.contains(name),
            "{suite} did not report {name}:\n{output}"
        );
    }
    eprintln!("{suite}: failed on both breaks, as it must");
}

#[test]
fn the_typescript_suite_fails_when_a_schema_or_a_fixture_breaks() {
    let suite = root().join("interop/typescript");
    let modules = suite.join("node_modules");
    if !should_run("TypeScript", &[modules.join(".bin/openapi-typescript")]) {
        return;
    }
    let scratch = broken_copy("typescript");
    let dir = scratch.0.join("interop/typescript");
    link_dir(&modules, &dir.join("node_modules"));
    let (ok, output) = run(Command::new("npm")
        .args(["test", "--silent"])
        .current_dir(&dir));
    assert_both_breaks_fail("interop/typescript", ok, &output);
}

#[test]
fn the_python_suite_fails_when_a_schema_or_a_fixture_breaks() {
    let venv = root().join("interop/python/.venv/bin");
    let (codegen, pytest) = (venv.join("datamodel-codegen"), venv.join("pytest"));
    if !should_run("Python", &[codegen.clone(), pytest.clone()]) {
        return;
    }
    let scratch = broken_copy("python");
    let dir = scratch.0.join("interop/python");
    let (ok, output) = run(Command::new(&codegen).current_dir(&dir));
    assert!(ok, "datamodel-codegen failed on the copy:\n{output}");
    let (ok, output) = run(Command::new(&pytest)
        .args(["-p", "no:cacheprovider", "-q", "-rf"])
        .current_dir(&dir));
    assert_both_breaks_fail("interop/python", ok, &output);
}

#[cfg(unix)]
fn link_dir(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(not(unix))]
fn link_dir(target: &Path, link: &Path) {
    copy_dir(target, link, &[]);
}
