//! What a new user hit first (issue 15), each case typed as the user typed
//! it, pinned by a snapshot of exit code, stdout and stderr.

use crate::common;

use common::{graph_comms, graph_comms_with_stdin};

/// The CLI's own bodies for these cases, relative to the root.
const HOSTILE: &str = "crates/graph-comms-cli/tests/fixtures/hostile";
const SHAPES: &str = "crates/graph-comms-cli/tests/fixtures/shapes";

fn path(dir: &str, file: &str) -> String {
    format!("{dir}/{file}")
}

// ---- 1. decode refuses another shape (exit 1, what it looks like, what to do) ----

#[test]
fn decode_refuses_what_is_not_a_batch() {
    for (name, file) in [
        (
            "shape_single_notification",
            path(SHAPES, "single-notification.json"),
        ),
        ("shape_call", path(SHAPES, "call.json")),
        (
            "shape_request_body",
            "fixtures/requests/documented.json".to_owned(),
        ),
        ("shape_foo", path(SHAPES, "foo.json")),
        (
            "shape_pascal_case_value",
            path(SHAPES, "pascal-case-value.json"),
        ),
        (
            "shape_pascal_case_notification",
            path(SHAPES, "pascal-case-notification.json"),
        ),
    ] {
        let run = graph_comms(&["decode", &file]);
        assert_eq!(run.code, Some(1), "{file}: {}", run.stderr);
        assert!(!run.stdout.contains("0 notifications"), "{}", run.stdout);
        insta::assert_snapshot!(name, run.transcript());
    }
    // The PascalCase batch still reads: enum values are matched ignoring case.
    let run = graph_comms(&["decode", "fixtures/notifications/pascal-case.json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn decode_refusal_in_json_is_one_document() {
    let run = graph_comms(&[
        "decode",
        "--format",
        "json",
        &path(SHAPES, "single-notification.json"),
    ]);
    assert_eq!(run.code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(
        json["errors"][0]["source"],
        path(SHAPES, "single-notification.json")
    );
    assert!(json["errors"][0]["index"].is_null());
    insta::assert_snapshot!("shape_single_notification_json", run.transcript());
}

// ---- 2. terminal injection ----

#[test]
fn untrusted_text_is_escaped_and_unknown_tones_marked() {
    for (name, file) in [
        (
            "terminal_call_id_clears_the_screen",
            "call-id-clears-the-screen.json",
        ),
        ("terminal_tone_forges_a_line", "tone-forges-a-line.json"),
        ("terminal_unknown_tones", "unknown-tones.json"),
        ("terminal_bidi_override", "bidi-override-call-id.json"),
        (
            "terminal_control_characters_in_keys",
            "control-characters-in-keys.json",
        ),
    ] {
        let run = graph_comms(&["decode", &path(HOSTILE, file)]);
        insta::assert_snapshot!(name, run.transcript());
    }
    // A call id with a control character is no call id (graph-comms-dtmf
    // refuses to route it, saying why without quoting it); one with bidi
    // controls is, and reaches the digits' line escaped.
    let run = graph_comms(&["collect", &path(HOSTILE, "call-id-clears-the-screen.json")]);
    insta::assert_snapshot!("terminal_collect_call_id", run.transcript());
    let run = graph_comms(&["collect", &path(HOSTILE, "bidi-override-call-id.json")]);
    assert!(!run.stdout.contains('\u{202e}'), "{}", run.stdout);
    insta::assert_snapshot!("terminal_collect_bidi_call_id", run.transcript());
    // JSON stays exact JSON: the value as it came, escaped the JSON way.
    let run = graph_comms(&[
        "decode",
        "--format",
        "json",
        &path(HOSTILE, "tone-forges-a-line.json"),
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["tones"][0]["tone"], "\u{1b}[31mRED…\r\nFAKE  line");
}

// ---- 3. a tone value in error text ----

#[test]
fn a_tone_sent_as_a_number_is_not_in_any_message() {
    let file = path(HOSTILE, "tone-is-a-number.json");
    for args in [
        vec!["decode", file.as_str()],
        vec!["decode", "--format", "json", file.as_str()],
        vec!["collect", file.as_str()],
    ] {
        let run = graph_comms(&args);
        assert!(!run.stderr.contains("11"), "{args:?}: {}", run.stderr);
        assert!(!run.stdout.contains("11"), "{args:?}: {}", run.stdout);
    }
    insta::assert_snapshot!(
        "tone_is_a_number",
        graph_comms(&["decode", &file]).transcript()
    );
}

// ---- 5. collect timing ----

#[test]
fn collect_timing() {
    // --initial-timeout: the call starts at 0 s, the first key at 3 s is late.
    let run = graph_comms(&[
        "collect",
        "--initial-timeout",
        "2s",
        "fixtures/collect/key1.json@3s",
    ]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("initial-timeout"), "{}", run.stdout);
    insta::assert_snapshot!("collect_initial_timeout_fires", run.transcript());
    // A key after the collection ended is a warning, not silence.
    let run = graph_comms(&[
        "collect",
        "--inter-digit-timeout",
        "2s",
        "fixtures/collect/key1.json",
        "fixtures/collect/key2.json@+3s",
    ]);
    assert!(
        run.stderr.contains("after its collection ended"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("collect_late_tone", run.transcript());
    // FILE@5: no unit.
    let run = graph_comms(&["collect", "fixtures/collect/key1.json@5"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("fixtures/collect/key1.json@5s"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("collect_time_without_unit", run.transcript());
    // Flags, not Rust fields.
    let run = graph_comms(&["collect", "--max-digits", "0", "fixtures/collect/key1.json"]);
    assert!(run.stderr.contains("--max-digits"), "{}", run.stderr);
    assert!(!run.stderr.contains("max_digits"), "{}", run.stderr);
}

// ---- 6. --format json: one document on every exit path ----

#[test]
fn json_on_every_exit_path() {
    let cases: &[(&str, &[&str], i32)] = &[
        (
            "json_decode_missing_file",
            &["decode", "--format", "json", "nope.json"],
            2,
        ),
        (
            "json_decode_usage_error",
            &["decode", "--format", "json", "--bogus"],
            2,
        ),
        (
            "json_decode_not_json",
            &["decode", "--format=json", "README.md"],
            1,
        ),
        (
            "json_check_missing_body",
            &["check", "--body", "nope.json", "--format", "json"],
            2,
        ),
        (
            "json_collect_unreadable_body",
            &[
                "collect",
                "--format",
                "json",
                "fixtures/invalid/notifications/truncated.json",
                "fixtures/collect/key1.json",
            ],
            1,
        ),
        (
            "json_collect_bad_option",
            &[
                "collect",
                "--format",
                "json",
                "--max-digits",
                "0",
                "fixtures/collect/key1.json",
            ],
            2,
        ),
    ];
    for (name, args, code) in cases {
        let run = graph_comms(args);
        assert_eq!(run.code, Some(*code), "{args:?}: {}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|err| {
            panic!("{args:?}: not one JSON document ({err}): {}", run.stdout)
        });
        let errors = json["errors"].as_array().expect("an errors array");
        assert!(!errors.is_empty(), "{args:?}");
        insta::assert_snapshot!(*name, run.transcript());
    }
}

// ---- 7. smaller ----

#[test]
fn smaller_items() {
    // The help's own placeholder is not a call id.
    let run = graph_comms(&[
        "check",
        "--path",
        "/communications/calls/{id}/subscribeToTone",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    insta::assert_snapshot!("check_placeholder_path", run.transcript());
    // A callback body given to check: use decode.
    let run = graph_comms(&[
        "check",
        "--body",
        "fixtures/notifications/documented-tone.json",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stdout.contains("graph-comms decode"), "{}", run.stdout);
    insta::assert_snapshot!("check_callback_body", run.transcript());
    // An empty file: said so, rather than serde_json's "EOF while parsing a
    // value" (that columns start at 1 shows in decode_root_is_an_array).
    let run = graph_comms(&["decode", &path(SHAPES, "empty.json")]);
    assert!(run.stderr.contains("the body is empty"), "{}", run.stderr);
    // The same for nothing piped into stdin.
    let empty = graph_comms_with_stdin(&["collect", "-"], b"");
    assert!(
        empty
            .stderr
            .contains("<stdin>: not a commsNotifications body: the body is empty"),
        "{}",
        empty.stderr
    );
    insta::assert_snapshot!("decode_empty_file", run.transcript());
    // decode takes several files.
    let run = graph_comms(&[
        "decode",
        "fixtures/collect/key1.json",
        "fixtures/collect/key2.json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    insta::assert_snapshot!("decode_two_bodies", run.transcript());
    // No message for non-Rust teams names a Rust function.
    let run = graph_comms_with_stdin(&["check", "--body", "-"], br#"{"clientContext": ""}"#);
    assert!(!run.stdout.contains("::"), "{}", run.stdout);
}
