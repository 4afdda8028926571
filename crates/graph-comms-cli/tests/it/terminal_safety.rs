//! Anyone who can post to a bot's callback URL writes the bodies this command
//! prints: no byte below 0x20 other than a newline, no DEL and no ESC from
//! the input may reach the text output (stdout and stderr, human format).
//! Checked over every fixture (the hostile corpus in fixtures/invalid
//! included), the CLI's own hostile bodies, and arbitrary bodies.
//!
//! Colour is forced on (CLICOLOR_FORCE=1) so that `anstream` does not strip
//! escape sequences on the way out: the only ESC allowed is the command's
//! own SGR styling (`ESC [ digits;… m`), which is removed before checking.

use crate::common;

use common::{collect_files, root};
use proptest::prelude::*;

/// Removes the SGR sequences the command itself writes for colour.
fn without_own_styles(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == 0x1b && text.get(i + 1) == Some(&b'[') {
            let params = text[i + 2..]
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b';')
                .count();
            if text.get(i + 2 + params) == Some(&b'm') {
                i += params + 3;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

/// The first forbidden byte of `text`, if any.
fn forbidden(text: &[u8]) -> Option<(usize, u8)> {
    without_own_styles(text)
        .into_iter()
        .enumerate()
        .find(|&(_, b)| (b < 0x20 && b != b'\n') || b == 0x7f)
}

fn run_coloured(args: &[&str], stdin: &[u8]) -> std::process::Output {
    assert_cmd::cargo::cargo_bin_cmd!("graph-comms")
        .args(args)
        .current_dir(root())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .write_stdin(stdin)
        .output()
        .expect("the binary runs")
}

fn assert_terminal_safe(args: &[&str], stdin: &[u8]) -> Result<(), String> {
    let output = run_coloured(args, stdin);
    for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        if let Some((at, byte)) = forbidden(bytes) {
            return Err(format!(
                "{args:?}: byte {byte:#04x} at {at} of {name}: {}",
                String::from_utf8_lossy(bytes)
            ));
        }
    }
    Ok(())
}

/// The human-format commands that print what a body holds.
fn human_commands(file: &str) -> Vec<Vec<&str>> {
    vec![
        vec!["decode", file],
        vec!["collect", file],
        vec!["collect", "--initial-timeout", "1s", file],
        vec!["check", "--body", file],
    ]
}

#[test]
fn no_fixture_puts_a_control_byte_on_the_terminal() {
    let mut files = Vec::new();
    for dir in ["fixtures", "crates/graph-comms-cli/tests/fixtures"] {
        collect_files(&root().join(dir), &mut files);
    }
    let hostile = files
        .iter()
        .filter(|f| f.starts_with("fixtures/invalid"))
        .count();
    assert!(
        hostile > 30,
        "the hostile corpus is there ({hostile} files)"
    );
    for file in &files {
        let file = file.to_string_lossy();
        for args in human_commands(&file) {
            assert_terminal_safe(&args, b"").unwrap();
        }
        // Paths and URLs from the path corpus, as --path.
        if file.ends_with(".txt") {
            let text = std::fs::read_to_string(root().join(&*file)).unwrap_or_default();
            assert_terminal_safe(&["check", "--path", text.trim_end_matches('\n')], b"").unwrap();
        }
    }
}

/// The test must be able to fail: a raw ESC or CR is caught.
#[test]
fn the_check_catches_a_raw_control_byte() {
    assert!(forbidden(b"\x1b[1mok\x1b[0m: fine\n").is_none());
    assert!(forbidden(b"abc\x1b[2J").is_some());
    assert!(forbidden(b"abc\rX\n").is_some());
    assert!(forbidden(b"\x1b]0;title\x07").is_some());
}

/// Text with every kind of control: C0, DEL, C1, bidi overrides, escapes.
fn hostile_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => "[a-z0-9/#*]{1,4}",
            1 => "[\\x00-\\x1f\\x7f]",
            1 => "[\\u{80}-\\u{9f}]",
            1 => "[\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{2028}\\u{2029}]",
            1 => Just("\u{1b}[2J".to_owned()),
            1 => Just("\r\nFAKE line".to_owned()),
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    // Each case runs the binary a few times: few cases, still every kind.
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Hostile text as the call id, the tone, a key and the clientContext, and
    /// as every value printed for an operation or a call event.
    #[test]
    fn arbitrary_hostile_text_never_reaches_the_terminal(
        id in hostile_text(),
        tone in hostile_text(),
        key in hostile_text(),
    ) {
        let notification = serde_json::json!({
            "resourceUrl": format!("/communications/calls/{id}"),
            "resourceData": {"@odata.type": "#microsoft.graph.call",
                             "toneInfo": {"sequenceId": 1, "tone": tone}, key.clone(): 1}
        });
        let batch = serde_json::json!({"value": [notification.clone()], key.clone(): {key.clone(): "x"}});
        let malformed = serde_json::json!({"value": [{"resourceUrl": format!("/communications/calls/{id}"),
            "resourceData": {"@odata.type": "#microsoft.graph.call",
                             "toneInfo": {key.clone(): 1, "sequenceId": tone}}}]});
        let request = serde_json::json!({"clientContext": tone, key.clone(): id});
        // A finished operation and a call's end, every printed value hostile.
        let events = serde_json::json!({"value": [
            {"changeType": "deleted",
             "resourceUrl": format!("/communications/calls/{id}/operations/{key}"),
             "resourceData": {"@odata.type": format!("#microsoft.graph.{key}Operation"),
                              "status": tone, "completionReason": key, "clientContext": id,
                              "resultInfo": {"code": tone, "subcode": key, "message": id}}},
            {"changeType": key,
             "resourceUrl": format!("/communications/calls/{id}"),
             "resourceData": {"@odata.type": "#microsoft.graph.call", "state": tone,
                              "resultInfo": {"code": 200, "subcode": id, "message": key}}}]});
        for body in [&batch, &notification, &malformed, &request, &events] {
            let bytes = serde_json::to_vec(body).unwrap();
            for args in [vec!["decode", "-"], vec!["collect", "-"], vec!["check", "--body", "-"]] {
                assert_terminal_safe(&args, &bytes).map_err(TestCaseError::fail)?;
            }
        }
        // An argument cannot hold a NUL byte (the OS refuses to start the
        // process): those ids only come in bodies, checked above.
        let path = format!("/communications/calls/{id}/subscribeToTone");
        if !path.contains('\0') {
            assert_terminal_safe(&["check", "--path", &path], b"").map_err(TestCaseError::fail)?;
        }
    }
}
