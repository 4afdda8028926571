//! The `graph-comms` binary on fixtures: stdout, stderr and the exit code of
//! each command, good input and bad, pinned by insta snapshots.

use crate::{common, snapshot};

use common::{Run, collect_files, graph_comms, graph_comms_with_stdin, root};

/// The CLI's own test bodies, relative to the root.
const COLLECT: &str = "crates/graph-comms-cli/tests/fixtures/collect";

// ---- Must show ----

#[test]
fn must_show_decode_prints_the_documented_tone() {
    let run = graph_comms(&[
        "decode",
        "--format",
        "json",
        "fixtures/notifications/documented-tone.json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(
        json,
        serde_json::json!({
            "notifications": 1,
            "tones": [{"callId": "57dab8b1-894c-409a-b240-bd8beae78896", "sequenceId": 1, "tone": "tone1"}],
            // A tone notification repeats the call's state: no call event.
            "operations": [],
            "callEvents": [],
            "errors": []
        })
    );

    // The README's main command, human output: the same one tone.
    let run = graph_comms(&["decode", "fixtures/notifications/documented-tone.json"]);
    assert_eq!(run.code, Some(0));
    let tones: Vec<&str> = run.stdout.lines().filter(|l| l.contains("tone1")).collect();
    assert_eq!(tones.len(), 1);
    assert!(tones[0].contains("57dab8b1-894c-409a-b240-bd8beae78896"));
    assert!(tones[0].contains("seq 1"));
}

#[test]
fn must_show_check_replaces_the_app_path() {
    let run = graph_comms(&[
        "check",
        "--path",
        "/app/calls/abc/subscribeToTone",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let diagnostics = json["diagnostics"].as_array().expect("an array");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert_eq!(
        diagnostics[0]["replacement"],
        "/communications/calls/abc/subscribeToTone"
    );
    // Exactly the five keys.
    let keys: Vec<&str> = diagnostics[0]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["code", "location", "message", "replacement", "severity"]
    );
}

#[test]
fn must_show_a_257_character_client_context_exits_1() {
    let body = format!(r#"{{"clientContext": "{}"}}"#, "c".repeat(257));
    for format in ["human", "json"] {
        let run = graph_comms_with_stdin(
            &["check", "--body", "-", "--format", format],
            body.as_bytes(),
        );
        assert_eq!(run.code, Some(1), "{format}: {}", run.stdout);
        assert!(run.stdout.contains("client-context-too-long"));
        // The value is not echoed.
        assert!(!run.stdout.contains("ccc"));
    }
    let run = graph_comms_with_stdin(
        &["check", "--body", "-"],
        format!(r#"{{"clientContext": "{}"}}"#, "c".repeat(256)).as_bytes(),
    );
    assert_eq!(run.code, Some(0));
}

/// Every fixture (fixtures/**, the invalid ones included, and this crate's)
/// through every command that reads a file: exit 0, 1 or 2, never a panic.
#[test]
fn no_fixture_makes_any_command_panic() {
    let mut files = Vec::new();
    for dir in ["fixtures", COLLECT] {
        collect_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 80, "found only {} fixtures", files.len());
    let mut all: Vec<String> = Vec::new();
    for file in &files {
        let file = file.to_string_lossy().into_owned();
        for args in [
            vec!["decode", file.as_str()],
            vec!["decode", "--format", "json", file.as_str()],
            vec!["check", "--body", file.as_str()],
            vec!["check", "--body", file.as_str(), "--format", "json"],
            vec!["collect", file.as_str()],
            vec![
                "collect",
                "--max-digits",
                "1",
                "--stop-tones",
                "",
                "--format",
                "json",
                file.as_str(),
            ],
        ] {
            assert_no_panic(&graph_comms(&args), &args);
        }
        // The same bytes on stdin.
        let bytes = std::fs::read(root().join(&file)).expect("fixture readable");
        for args in [
            vec!["decode"],
            vec!["check", "--body", "-"],
            vec!["collect", "-"],
        ] {
            assert_no_panic(&graph_comms_with_stdin(&args, &bytes), &args);
        }
        all.push(file);
    }
    // And all of them in one collection, each 1 s after the one before.
    let mut args = vec!["collect".to_owned()];
    args.extend(all);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_no_panic(&graph_comms(&args), &args[..1]);
}

/// Arguments that are odd rather than files: exit 2 (or 0/1), never a panic.
#[test]
fn no_odd_argument_makes_it_panic() {
    let cases: &[&[&str]] = &[
        &[],
        &["nope"],
        &["check"],
        &["check", "--path", ""],
        &["check", "--path", "%"],
        &["check", "--path", "https://"],
        &[
            "check",
            "--path",
            "/communications/calls/%ZZ/subscribeToTone",
        ],
        &["check", "--path", "\u{1}\u{7f}\u{fffd}"],
        &["check", "--body", ""],
        &["check", "--body", "crates"],
        &["check", "--format", "xml", "--path", "/x"],
        &["decode", "crates"],
        &["decode", "a", "b"],
        &["collect"],
        &["collect", "--max-digits", "65536", "x"],
        &["collect", "--max-digits", "-1", "x"],
        &[
            "collect",
            "--inter-digit-timeout",
            "99999999999999999999s",
            "fixtures/notifications/documented-tone.json",
        ],
        &[
            "collect",
            "--interval",
            "18446744073709551615s",
            "fixtures/notifications/documented-tone.json",
            "fixtures/notifications/documented-tone.json",
        ],
        &[
            "collect",
            "fixtures/notifications/documented-tone.json@18446744073709551615s",
        ],
        &[
            "collect",
            "fixtures/notifications/documented-tone.json@+0s",
            "fixtures/notifications/documented-tone.json@0s",
        ],
        &[
            "collect",
            "--stop-tones",
            "##**",
            "--inter-digit-timeout",
            "0s",
            "--initial-timeout",
            "0ms",
            "fixtures/notifications/documented-tone.json",
        ],
        &["collect", "--stop-tones", "🙂", "x"],
        &["collect", "@", "@@", "@+", "-@5s"],
        &["schema", ""],
        &["schema", "--out", "Cargo.toml"],
    ];
    for args in cases {
        let run = graph_comms(args);
        assert_no_panic(&run, args);
    }
}

fn assert_no_panic(run: &Run, args: &[impl AsRef<str>]) {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    assert!(
        matches!(run.code, Some(0..=2)),
        "{args:?} exited {:?}: {}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
}

// ---- decode ----

#[test]
fn decode_snapshots() {
    snapshot!(
        "decode_documented",
        &["decode", "fixtures/notifications/documented-tone.json"]
    );
    snapshot!(
        "decode_mixed_batch_json",
        &[
            "decode",
            "--format",
            "json",
            "fixtures/notifications/mixed-batch.json"
        ]
    );
    snapshot!(
        "decode_one_malformed_resource",
        &["decode", "fixtures/partial/one-malformed-resource.json"]
    );
    snapshot!(
        "decode_one_malformed_resource_json",
        &[
            "decode",
            "--format",
            "json",
            "fixtures/partial/one-malformed-resource.json"
        ]
    );
    snapshot!(
        "decode_stdin",
        &["decode", "-"],
        stdin = &std::fs::read(root().join("fixtures/notifications/documented-tone.json"))
            .expect("fixture")
    );
}

#[test]
fn decode_bad_input_snapshots() {
    snapshot!(
        "decode_truncated",
        &["decode", "fixtures/invalid/notifications/truncated.json"]
    );
    snapshot!(
        "decode_truncated_json",
        &[
            "decode",
            "--format",
            "json",
            "fixtures/invalid/notifications/truncated.json"
        ]
    );
    snapshot!(
        "decode_root_is_an_array",
        &[
            "decode",
            "fixtures/invalid/notifications/root-is-an-array.json"
        ]
    );
    snapshot!(
        "decode_not_json_on_stdin",
        &["decode"],
        stdin = b"tone1, tone2\n"
    );
    snapshot!(
        "decode_missing_file",
        &["decode", "fixtures/no-such-file.json"]
    );
    snapshot!("decode_two_files", &["decode", "a.json", "b.json"]);
}

/// Error text names the file and never carries a tone value.
#[test]
fn decode_errors_do_not_quote_tones() {
    let body = br##"{"value": [{"resourceUrl": "/communications/calls/abc",
        "resourceData": {"@odata.type": "#microsoft.graph.call",
                         "toneInfo": {"sequenceId": "tone7", "tone": "tone7"}}}],
        "@odata.type": 42}"##;
    let run = graph_comms_with_stdin(&["decode"], body);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.starts_with("error: <stdin>: "), "{}", run.stderr);
    assert!(!run.stderr.contains("tone7"), "{}", run.stderr);

    let body = br##"{"value": [{"resourceUrl": "/communications/calls/abc",
        "resourceData": {"@odata.type": "#microsoft.graph.call",
                         "toneInfo": {"sequenceId": "tone7", "tone": "tone7"}}}]}"##;
    let run = graph_comms_with_stdin(&["decode", "--format", "json"], body);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("\"errors\""));
    assert!(!run.stdout.contains("tone7"), "{}", run.stdout);
}

// ---- check ----

#[test]
fn check_snapshots() {
    snapshot!(
        "check_app_path",
        &["check", "--path", "/app/calls/abc/subscribeToTone"]
    );
    snapshot!(
        "check_app_path_json",
        &[
            "check",
            "--path",
            "/app/calls/abc/subscribeToTone",
            "--format",
            "json"
        ]
    );
    snapshot!(
        "check_documented_request",
        &[
            "check",
            "--path",
            "https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
            "--body",
            "fixtures/requests/documented.json"
        ]
    );
    snapshot!(
        "check_unknown_property_json",
        &[
            "check",
            "--body",
            "fixtures/requests/unknown-property.json",
            "--format",
            "json"
        ]
    );
}

#[test]
fn check_bad_input_snapshots() {
    snapshot!(
        "check_client_context_257",
        &[
            "check",
            "--body",
            "fixtures/invalid/schema/subscribe-to-tone-request/client-context-257-characters.json"
        ]
    );
    snapshot!(
        "check_body_and_path_errors_json",
        &[
            "check",
            "--path",
            "http://graph.microsoft.com/v1.0/communications/calls/a%2Fb/subscribeToTone",
            "--body",
            "fixtures/invalid/schema/subscribe-to-tone-request/client-context-not-a-string.json",
            "--format",
            "json"
        ]
    );
    snapshot!(
        "check_body_not_json",
        &["check", "--body", "-"],
        stdin = b"{\"clientContext\": \"abc\",}"
    );
    snapshot!("check_nothing_to_check", &["check"]);
    snapshot!(
        "check_missing_body_file",
        &["check", "--body", "fixtures/requests/nope.json"]
    );
    snapshot!(
        "check_bad_format",
        &["check", "--path", "/x", "--format", "yaml"]
    );
}

// ---- collect ----

/// A PIN typed on one call (keys 1, 2, 3, 4, `#`; 3 before 2, 2 twice) and
/// one key on another call, which then stays silent.
fn pin_args(options: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec!["collect".into()];
    args.extend(options.iter().map(|s| (*s).to_owned()));
    args.extend(
        [
            "pin-1.json",
            "other-call-9.json@+200ms",
            "pin-3-then-2.json",
            "pin-2-again.json@+100ms",
            "pin-4-pound.json",
        ]
        .map(|f| format!("{COLLECT}/{f}")),
    );
    args
}

fn collect_run(options: &[&str]) -> Run {
    let args = pin_args(options);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    graph_comms(&args)
}

#[test]
fn collect_snapshots() {
    insta::assert_snapshot!("collect_pin", collect_run(&[]).transcript());
    insta::assert_snapshot!(
        "collect_pin_json",
        collect_run(&["--format", "json"]).transcript()
    );
    insta::assert_snapshot!(
        "collect_pin_max_digits_json",
        collect_run(&["--max-digits", "3", "--format", "json"]).transcript()
    );
    // Without a stop tone, `#` is a key, and the 2 s inter-digit timeout ends both.
    insta::assert_snapshot!(
        "collect_pin_no_stop_tone",
        collect_run(&["--stop-tones", "", "--inter-digit-timeout", "2s"]).transcript()
    );
    // Keys 1.5 s apart with a 1 s inter-digit timeout: it ends after the first key.
    insta::assert_snapshot!(
        "collect_pin_slow_keys",
        collect_run(&["--inter-digit-timeout", "1s", "--interval", "1.5s"]).transcript()
    );
    // No timeouts and no stop tone: cancelled when the call has been idle 10 min.
    insta::assert_snapshot!(
        "collect_pin_no_timeouts",
        collect_run(&[
            "--stop-tones",
            "",
            "--inter-digit-timeout",
            "off",
            "--initial-timeout",
            "off"
        ])
        .transcript()
    );
}

#[test]
fn collect_json_is_exactly_calls() {
    let run = collect_run(&["--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(
        json,
        serde_json::json!({"calls": [
            {"callId": "57dab8b1-894c-409a-b240-bd8beae78896", "digits": "1234", "reason": "stop-tone", "firstKeyMs": 0},
            {"callId": "0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f", "digits": "9", "reason": "inter-digit-timeout", "firstKeyMs": 200}
        ]})
    );
}

#[test]
fn collect_every_option_snapshots() {
    // The prompts play until 2.5 s: every key comes before, so all are typed
    // ahead (kept) and collected at 2.5 s; each call's first key (at 0 s and
    // 0.2 s) is its barge-in signal.
    insta::assert_snapshot!(
        "collect_pin_start_at_type_ahead_json",
        collect_run(&[
            "--start-at",
            "2.5s",
            "--type-ahead",
            "8",
            "--format",
            "json"
        ])
        .transcript()
    );
    // Room for 2 keys typed ahead: the pin call's first two are collected,
    // and one warning counts the 3 dropped (never quoting them).
    let full = collect_run(&["--start-at", "2.5s", "--type-ahead", "2"]);
    insta::assert_snapshot!("collect_pin_start_at_type_ahead_full", full.transcript());
    let warnings: Vec<&str> = full.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{}", full.stderr);
    assert!(
        warnings[0]
            .starts_with("warning: call 57dab8b1-894c-409a-b240-bd8beae78896: 3 keys pressed"),
        "{}",
        full.stderr
    );
    // The keys dropped are 3, 4 and #: the count is 3, but no 4 or # may
    // appear after the call id.
    let (_, message) = warnings[0].split_once("-bd8beae78896").unwrap();
    assert!(
        !message.contains(['4', '#']),
        "a dropped key is quoted: {}",
        full.stderr
    );
    // --type-ahead without --start-at: no key comes before a start, so it
    // changes nothing, and a warning says so.
    let alone = collect_run(&["--type-ahead", "4"]);
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
    assert_eq!(alone.stdout, collect_run(&[]).stdout);
    assert!(
        alone
            .stderr
            .starts_with("warning: --type-ahead does nothing without --start-at"),
        "{}",
        alone.stderr
    );
    // Without --type-ahead they are dropped, with a warning each.
    insta::assert_snapshot!(
        "collect_pin_start_at_no_type_ahead",
        collect_run(&["--start-at", "1.5s"]).transcript()
    );
    // Only 1 and 2 are keys here; 3 is ignored, 4 too; `#` ends.
    insta::assert_snapshot!(
        "collect_pin_allowed_keys_ignore",
        collect_run(&[
            "--allowed-keys",
            "12",
            "--on-invalid-key",
            "ignore",
            "--min-digits",
            "1",
            "--keep-stop-tone",
            "--overall-timeout",
            "10s",
            "--reorder-window",
            "4",
            "--gap-timeout",
            "1s",
            "--clear-key",
            "*",
            "--format",
            "json"
        ])
        .transcript()
    );
}

#[test]
fn collect_bad_option_snapshots() {
    let pin = |options: &[&str]| {
        let mut args = vec!["collect"];
        args.extend_from_slice(options);
        args.push("fixtures/notifications/documented-tone.json");
        graph_comms(&args).transcript()
    };
    insta::assert_snapshot!("collect_bad_clear_key", pin(&["--clear-key", "12"]));
    insta::assert_snapshot!("collect_bad_allowed_keys", pin(&["--allowed-keys", "12x"]));
    insta::assert_snapshot!("collect_clear_key_is_stop_tone", pin(&["--clear-key", "#"]));
    insta::assert_snapshot!(
        "collect_min_above_max",
        pin(&["--min-digits", "5", "--max-digits", "4"])
    );
    insta::assert_snapshot!(
        "collect_bad_on_invalid_key",
        pin(&["--on-invalid-key", "7"])
    );
    insta::assert_snapshot!("collect_type_ahead_too_big", pin(&["--type-ahead", "2000"]));
}

#[test]
fn collect_bad_input_snapshots() {
    snapshot!(
        "collect_unreadable_bodies",
        &[
            "collect",
            "fixtures/partial/one-malformed-resource.json",
            "fixtures/invalid/notifications/truncated.json",
            "fixtures/notifications/documented-tone.json"
        ]
    );
    snapshot!(
        "collect_time_goes_back",
        &[
            "collect",
            "fixtures/notifications/documented-tone.json@2s",
            "fixtures/notifications/mixed-batch.json@1s"
        ]
    );
    snapshot!(
        "collect_bad_stop_tone",
        &[
            "collect",
            "--stop-tones",
            "#x",
            "fixtures/notifications/documented-tone.json"
        ]
    );
    snapshot!(
        "collect_max_digits_0",
        &[
            "collect",
            "--max-digits",
            "0",
            "fixtures/notifications/documented-tone.json"
        ]
    );
    snapshot!(
        "collect_duration_without_unit",
        &[
            "collect",
            "--inter-digit-timeout",
            "5",
            "fixtures/notifications/documented-tone.json"
        ]
    );
    snapshot!("collect_stdin_twice", &["collect", "-", "-"]);
    snapshot!("collect_no_files", &["collect"]);
    snapshot!(
        "collect_missing_file",
        &[
            "collect",
            "fixtures/notifications/documented-tone.json",
            "nope.json@+1s"
        ]
    );
    snapshot!(
        "collect_no_tones",
        &["collect", "fixtures/requests/documented.json"]
    );
}

// ---- schema ----

/// `graph-comms schema` prints exactly the committed schemas/ files (which
/// `cargo xtask schema --check` keeps equal to `schemas::all()`): without a
/// name one JSON object keyed by schema name, with `--jsonl` one per line.
#[test]
fn schema_prints_the_published_schemas() {
    let run = graph_comms(&["schema"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let jsonl = graph_comms(&["schema", "--jsonl"]);
    assert_eq!(jsonl.code, Some(0), "{}", jsonl.stderr);
    let lines: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one schema per line"))
        .collect();
    let mut expected = serde_json::Map::new();
    let schemas = graph_comms_models::schemas::all();
    assert_eq!(lines.len(), schemas.len());
    for (schema, line) in schemas.iter().zip(&lines) {
        let file = root().join("schemas").join(schema.file_name);
        let committed = std::fs::read_to_string(&file).expect("committed schema");
        assert_eq!(
            committed,
            schema.to_file_contents(),
            "{} is stale",
            file.display()
        );
        let committed: serde_json::Value = serde_json::from_str(&committed).expect("JSON");
        assert_eq!(line, &committed);
        let name = schema.file_name.trim_end_matches(".schema.json").to_owned();
        expected.insert(name, committed);
    }
    assert_eq!(printed, serde_json::Value::Object(expected));

    let run = graph_comms(&["schema", "tone-info"]);
    assert_eq!(
        run.stdout,
        std::fs::read_to_string(root().join("schemas/tone-info.schema.json")).expect("schema")
    );
    let run = graph_comms(&["schema", "tone-info.schema.json"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("\"$schema\""));
}

#[test]
fn schema_out_writes_every_file() {
    let dir = std::env::temp_dir().join(format!("graph-comms-cli-schema-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("nested/schemas");
    let out_arg = out.to_string_lossy().into_owned();
    let run = graph_comms(&["schema", "--out", &out_arg]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let schemas = graph_comms_models::schemas::all();
    assert_eq!(run.stdout.lines().count(), schemas.len());
    for schema in &schemas {
        let written = std::fs::read_to_string(out.join(schema.file_name)).expect("written");
        assert_eq!(written, schema.to_file_contents());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn schema_bad_input_snapshots() {
    snapshot!("schema_unknown_name", &["schema", "tone"]);
    snapshot!("schema_out_is_a_file", &["schema", "--out", "Cargo.toml"]);
}

/// A reader that stops early (`| head`) is no error.
#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("graph-comms"))
        .arg("schema")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

// ---- help and colour ----

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["check", "decode", "collect", "schema"] {
        let run = graph_comms(&[command, "--help"]);
        assert_eq!(run.code, Some(0));
        assert!(
            run.stdout.contains(&format!("graph-comms {command} ")),
            "{command} --help has no example"
        );
    }
    snapshot!("help", &["--help"]);
    snapshot!("help_check", &["check", "--help"]);
    snapshot!("help_decode", &["decode", "--help"]);
    snapshot!("help_collect", &["collect", "--help"]);
    snapshot!("help_schema", &["schema", "--help"]);
}

#[test]
fn colour_only_when_asked_for_or_on_a_terminal() {
    let args = ["check", "--path", "/app/calls/abc/subscribeToTone"];
    let plain = graph_comms(&args);
    assert!(!plain.stdout.contains('\u{1b}'), "no terminal, no colour");
    let forced = assert_cmd::cargo::cargo_bin_cmd!("graph-comms")
        .args(args)
        .current_dir(root())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    let coloured = String::from_utf8_lossy(&forced.stdout);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
}

// ---- the README ----

/// The README's first `graph-comms` command (the main job is `ivr-bot
/// demo`, which examples/ivr-bot tests), and the output it shows (its `# `
/// lines) is what the command prints.
#[test]
fn the_readme_main_command_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let command =
        "cargo run -p graph-comms-cli -- decode fixtures/notifications/documented-tone.json";
    let start = readme
        .find(command)
        .expect("the main command is in the README")
        + command.len();
    let shown: String = readme[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("# "))
        .map(|line| format!("{}\n", &line[2..]))
        .collect();
    assert!(!shown.is_empty(), "the README shows the output");
    let run = graph_comms(&["decode", "fixtures/notifications/documented-tone.json"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stdout, shown);
    assert!(readme.contains("cargo install --path crates/graph-comms-cli"));
    assert!(readme.contains("\ncargo test --workspace\n"));
}
