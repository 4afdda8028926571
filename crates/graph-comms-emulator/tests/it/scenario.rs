//! Scenario files (`graph_comms_emulator::scenario`):
//!
//! - every scenario of `fixtures/scenarios/` reads (parsed form snapshotted),
//!   writes back to itself, and validates against
//!   `schemas/scenario.schema.json`; the embedded PIN entry is the fixture;
//! - the mistakes a tired person makes get an error that says where and what
//!   to do (snapshotted), never quoting the file, and the schema refuses
//!   them too;
//! - each expectation holds and fails when it should;
//! - property tests: any bytes and any JSON read without a panic, errors
//!   never quote a value, what the reader accepts the schema accepts;
//! - the `scenario` fuzz target's corpus replays.

use graph_comms_emulator::scenario::{
    CallRecord, CallbackAnswer, CallerAction, ExpectationKind, Expectations, Scenario,
    ScenarioErrorKind,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped scenarios: (file stem, text).
fn fixtures() -> Vec<(String, String)> {
    let dir = root().join("fixtures/scenarios");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 3, "the shipped scenarios are missing");
    out
}

/// The published schema, as committed (`cargo xtask schema --check` keeps it
/// what the types generate).
static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let text = std::fs::read_to_string(root().join("schemas/scenario.schema.json")).unwrap();
    jsonschema::draft202012::new(&serde_json::from_str::<Value>(&text).unwrap()).unwrap()
});

fn schema_errors(instance: &Value) -> Vec<String> {
    SCHEMA
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

// ---- The shipped scenarios --------------------------------------------------

#[test]
fn every_fixture_reads_and_is_snapshotted() {
    for (name, text) in fixtures() {
        let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            scenario.comment.as_deref().is_some_and(|c| c.len() > 40),
            "{name}: say what the scenario shows in its comment"
        );
        insta::assert_debug_snapshot!(name.clone(), scenario);
    }
}

#[test]
fn every_fixture_writes_back_to_itself() {
    for (name, text) in fixtures() {
        let scenario = Scenario::from_json(&text).unwrap();
        let written = scenario.to_json();
        assert_eq!(Scenario::from_json(&written).unwrap(), scenario, "{name}");
    }
}

#[test]
fn every_fixture_validates_against_the_schema() {
    for (name, text) in fixtures() {
        let errors = schema_errors(&serde_json::from_str(&text).unwrap());
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_embedded_pin_entry_is_the_fixture() {
    let file = std::fs::read_to_string(root().join("fixtures/scenarios/pin-entry.json")).unwrap();
    assert!(
        file == graph_comms_emulator::scenario::PIN_ENTRY_JSON,
        "fixtures/scenarios/pin-entry.json changed: copy it to \
         crates/graph-comms-emulator/src/scenario/pin-entry.json, the crate's embedded copy"
    );
    assert_eq!(Scenario::pin_entry(), Scenario::from_json(&file).unwrap());
    let scenario = Scenario::pin_entry();
    let CallerAction::Press(press) = &scenario.calls[0].steps[0].action else {
        panic!("the PIN entry starts with a press");
    };
    assert_eq!(press.keys.len(), 4);
    assert!(scenario.expect.played_prompt && scenario.expect.hung_up);
    // Barge-in: the caller types while the greeting plays.
    assert!(scenario.calls[0].steps[0].after < scenario.calls[0].prompt_duration);
}

#[test]
fn the_flaky_network_has_every_network_fault() {
    let text =
        std::fs::read_to_string(root().join("fixtures/scenarios/flaky-network.json")).unwrap();
    let faults = Scenario::from_json(&text).unwrap().faults;
    assert!(faults.duplicate.is_some() && faults.reorder.is_some() && faults.batch.is_some());
}

#[test]
fn keys_never_show_in_debug() {
    for (name, text) in fixtures() {
        let scenario = Scenario::from_json(&text).unwrap();
        let debug = format!("{scenario:?}");
        for call in &scenario.calls {
            for step in &call.steps {
                if let CallerAction::Press(press) = &step.action {
                    let keys = press.keys.expose();
                    assert!(!debug.contains(&format!("\"{keys}\"")), "{name}");
                    assert!(!debug.contains(&format!("({keys})")), "{name}");
                }
            }
        }
    }
}

#[test]
fn per_call_faults_and_expectations_replace_the_scenario_ones() {
    let scenario = Scenario::from_json(
        r#"{"calls": [
              {"steps": []},
              {"faults": {"delay": "1s"}, "expect": {"hungUp": true}}
            ],
            "faults": {"duplicate": {"every": 1}}}"#,
    )
    .unwrap();
    assert!(scenario.faults_for(0).duplicate.is_some());
    assert!(scenario.faults_for(1).duplicate.is_none());
    assert_eq!(scenario.faults_for(1).delay, Some(Duration::from_secs(1)));
    assert!(!scenario.expectations_for(0).hung_up);
    assert!(scenario.expectations_for(1).hung_up);
    // Replaced, not merged: the call's own expectations start from the defaults.
    assert_eq!(
        scenario.expectations_for(1).answered_within,
        Some(Expectations::ANSWER_BUDGET)
    );
}

#[test]
fn defaults_and_null() {
    let scenario = Scenario::from_json(
        r#"{"calls": [{"steps": [{"after": "0s", "press": "1"}]}],
            "expect": {"answeredWithin": null, "callbacksAnsweredWithin": "2s"}}"#,
    )
    .unwrap();
    let call = &scenario.calls[0];
    assert_eq!(call.prompt_duration, Duration::from_secs(2));
    assert_eq!(call.start_after, Duration::ZERO);
    let CallerAction::Press(press) = &call.steps[0].action else {
        panic!()
    };
    assert_eq!(press.interval, Duration::from_millis(200));
    assert_eq!(scenario.expect.answered_within, None, "null turns it off");
    assert_eq!(
        scenario.expect.callbacks_answered_within,
        Some(Duration::from_secs(2))
    );
    assert!(scenario.expect.subscribed_before_first_key);
    assert_eq!(scenario.timeout, Duration::from_secs(60));
    assert!(scenario.faults.is_none());
}

#[test]
fn lowercase_letters_and_a_byte_order_mark_are_read() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(br#"{"calls": [{"steps": [{"after": "1.5s", "press": "*ab#"}]}]}"#);
    let scenario = Scenario::from_slice(&bytes).unwrap();
    let CallerAction::Press(press) = &scenario.calls[0].steps[0].action else {
        panic!()
    };
    assert_eq!(press.keys.expose(), "*AB#");
    assert_eq!(
        scenario.calls[0].steps[0].after,
        Duration::from_millis(1500)
    );
}

// ---- Mistakes ---------------------------------------------------------------

/// The mistakes a tired person makes, each with the path and kind it must
/// report, and whether the schema can refuse it too.
const MISTAKES: &[(&str, &str, &str, ScenarioErrorKind, bool)] = &[
    (
        "typo in a step property",
        r#"{"calls": [{"steps": [{"after": "300ms", "presss": "9876#"}]}]}"#,
        "$.calls[0].steps[0].presss",
        ScenarioErrorKind::UnknownProperty,
        true,
    ),
    (
        "camel-case slip",
        r#"{"calls": [{"steps": [{"after": "5s", "hangUp": true}]}]}"#,
        "$.calls[0].steps[0].hangUp",
        ScenarioErrorKind::UnknownProperty,
        true,
    ),
    (
        "control API spelling",
        r#"{"calls": [{"steps": [{"after": "1s", "press": "12", "intervalMs": 200}]}]}"#,
        "$.calls[0].steps[0].intervalMs",
        ScenarioErrorKind::UnknownProperty,
        true,
    ),
    (
        "typo at the top",
        r#"{"calls": [{"steps": []}], "expects": {"hungUp": true}}"#,
        "$.expects",
        ScenarioErrorKind::UnknownProperty,
        true,
    ),
    (
        "typo in an expectation",
        r#"{"calls": [{"steps": []}], "expect": {"hungup": true}}"#,
        "$.expect.hungup",
        ScenarioErrorKind::UnknownProperty,
        true,
    ),
    (
        "duration without unit",
        r#"{"calls": [{"steps": [{"after": "300", "press": "9876#"}]}]}"#,
        "$.calls[0].steps[0].after",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "duration as a number",
        r#"{"calls": [{"steps": [{"after": 300, "press": "9876#"}]}]}"#,
        "$.calls[0].steps[0].after",
        ScenarioErrorKind::WrongType,
        true,
    ),
    (
        "negative duration",
        r#"{"calls": [{"steps": [{"after": "-5s", "hangup": true}]}]}"#,
        "$.calls[0].steps[0].after",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "huge duration",
        r#"{"calls": [{"steps": [{"after": "100000h", "hangup": true}]}]}"#,
        "$.calls[0].steps[0].after",
        ScenarioErrorKind::InvalidValue,
        false,
    ),
    (
        "duration beyond any clock",
        r#"{"calls": [{"steps": [{"after": "99999999999999999999s", "hangup": true}]}]}"#,
        "$.calls[0].steps[0].after",
        ScenarioErrorKind::InvalidValue,
        false,
    ),
    (
        "unknown unit",
        r#"{"calls": [{"steps": [{"after": "5 secs please", "hangup": true}]}]}"#,
        "$.calls[0].steps[0].after",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "tone letter e",
        r#"{"calls": [{"steps": [{"after": "1s", "press": "98e7#"}]}]}"#,
        "$.calls[0].steps[0].press",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "keys as a number",
        r#"{"calls": [{"steps": [{"after": "1s", "press": 9876}]}]}"#,
        "$.calls[0].steps[0].press",
        ScenarioErrorKind::WrongType,
        true,
    ),
    (
        "missing calls",
        r#"{"faults": {"duplicate": {"every": 2}}}"#,
        "$.calls",
        ScenarioErrorKind::MissingProperty,
        true,
    ),
    (
        "no calls",
        r#"{"calls": []}"#,
        "$.calls",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "a call that is a string",
        r#"{"calls": ["+14255550100"]}"#,
        "$.calls[0]",
        ScenarioErrorKind::WrongType,
        true,
    ),
    (
        "step without after",
        r#"{"calls": [{"steps": [{"press": "9876#"}]}]}"#,
        "$.calls[0].steps[0].after",
        ScenarioErrorKind::MissingProperty,
        true,
    ),
    (
        "step without action",
        r#"{"calls": [{"steps": [{"after": "1s"}]}]}"#,
        "$.calls[0].steps[0]",
        ScenarioErrorKind::Conflict,
        true,
    ),
    (
        "press and hangup in one step",
        r#"{"calls": [{"steps": [{"after": "1s", "press": "1", "hangup": true}]}]}"#,
        "$.calls[0].steps[0]",
        ScenarioErrorKind::Conflict,
        true,
    ),
    (
        "hangup false",
        r#"{"calls": [{"steps": [{"after": "1s", "hangup": false}]}]}"#,
        "$.calls[0].steps[0].hangup",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "hangup as a string",
        r#"{"calls": [{"steps": [{"after": "1s", "hangup": "true"}]}]}"#,
        "$.calls[0].steps[0].hangup",
        ScenarioErrorKind::WrongType,
        true,
    ),
    (
        "phone without plus",
        r#"{"calls": [{"from": {"phone": "7205550123"}}]}"#,
        "$.calls[0].from.phone",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "batch of one",
        r#"{"calls": [{}], "faults": {"batch": {"upTo": 1}}}"#,
        "$.faults.batch.upTo",
        ScenarioErrorKind::InvalidValue,
        true,
    ),
    (
        "duplicate as true",
        r#"{"calls": [{}], "faults": {"duplicate": true}}"#,
        "$.faults.duplicate",
        ScenarioErrorKind::WrongType,
        true,
    ),
    (
        "trailing comma",
        "{\"calls\": [{\"steps\": []},]}",
        "$",
        ScenarioErrorKind::Syntax,
        false,
    ),
    (
        "odd property name",
        "{\"calls\": [{}], \"bad\\u0007 key\": 1}",
        "$['bad\\u0007 key']",
        ScenarioErrorKind::UnknownProperty,
        true,
    ),
];

#[test]
fn mistakes_get_clear_errors() {
    let mut report = String::new();
    for &(label, text, path, kind, _) in MISTAKES {
        let err = Scenario::from_json(text).expect_err(label);
        assert_eq!(err.path(), path, "{label}: {err}");
        assert_eq!(err.kind(), kind, "{label}: {err}");
        let message = err.to_string();
        for secret in ["9876", "7205550123", "98e7", "5 secs", "100000", "99999"] {
            assert!(
                !message.contains(secret),
                "{label} quotes the file: {message}"
            );
        }
        report.push_str(&format!("{label}:\n  {message}\n"));
    }
    insta::assert_snapshot!("errors", report);
}

#[test]
fn the_schema_refuses_the_mistakes_it_can_see() {
    for &(label, text, _, _, schema_sees_it) in MISTAKES {
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        assert_eq!(
            !schema_errors(&value).is_empty(),
            schema_sees_it,
            "{label}: the schema and the reader disagree"
        );
    }
}

#[test]
fn a_file_over_the_limit_is_refused_before_reading() {
    let big = vec![b' '; Scenario::MAX_BYTES + 1];
    let err = Scenario::from_slice(&big).unwrap_err();
    assert_eq!(err.kind(), ScenarioErrorKind::TooLarge);
}

#[test]
fn syntax_errors_have_a_position() {
    let err = Scenario::from_json("{\n  \"calls\": [\n    {\"steps\": [}\n  ]\n}").unwrap_err();
    assert_eq!(err.kind(), ScenarioErrorKind::Syntax);
    assert_eq!((err.line(), err.column()), (Some(3), Some(16)), "{err}");
}

// ---- Expectations -----------------------------------------------------------

/// A call that went well: answered at once, subscribed before the keys,
/// played a prompt, hung up, every callback answered 202 quickly.
fn good_call() -> CallRecord {
    let mut record = CallRecord::default();
    record.answered_after = Some(Duration::from_millis(120));
    record.subscribed = true;
    record.keys_pressed = 4;
    record.prompts_played = 2;
    record.bot_hung_up = true;
    record.callbacks = vec![CallbackAnswer::answered(202, Duration::from_millis(8)); 6];
    record
}

fn all_on() -> Expectations {
    let mut expect = Expectations::default();
    expect.played_prompt = true;
    expect.hung_up = true;
    expect
}

fn failures(expect: &Expectations, record: &CallRecord) -> Vec<String> {
    expect
        .evaluate(2, record)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_good_call_meets_every_expectation() {
    assert_eq!(failures(&all_on(), &good_call()), Vec::<String>::new());
}

#[test]
fn answered_within() {
    let mut late = good_call();
    late.answered_after = Some(Duration::from_millis(15_250));
    assert_eq!(
        failures(&all_on(), &late),
        ["call 3: expected the bot to answer within 15s; it answered after 15s 250ms"]
    );
    late.answered_after = None;
    assert_eq!(
        failures(&all_on(), &late),
        ["call 3: expected the bot to answer within 15s; it never answered"]
    );
    let mut off = all_on();
    off.answered_within = None;
    assert!(failures(&off, &late).is_empty());
    late.answered_after = Some(Expectations::ANSWER_BUDGET);
    assert!(
        failures(&all_on(), &late).is_empty(),
        "the budget itself is in time"
    );
}

#[test]
fn subscribed_before_first_key() {
    let mut record = good_call();
    record.lost_tones = 2;
    let failed = all_on().evaluate(0, &record);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].kind(), ExpectationKind::SubscribedBeforeFirstKey);
    assert_eq!(failed[0].call_index(), 0);
    assert_eq!(
        failed[0].to_string(),
        "call 1: expected the bot to subscribe to tones before the first key; 2 keys were lost"
    );
    record.subscribed = false;
    record.lost_tones = 1;
    assert_eq!(
        failures(&all_on(), &record),
        [
            "call 3: expected the bot to subscribe to tones before the first key; 1 key was lost \
             (it never subscribed)"
        ]
    );
    let mut off = all_on();
    off.subscribed_before_first_key = false;
    assert!(failures(&off, &record).is_empty());
}

#[test]
fn played_prompt() {
    let mut record = good_call();
    record.prompts_played = 0;
    assert_eq!(
        failures(&all_on(), &record),
        ["call 3: expected the bot to play a prompt; it played none"]
    );
    assert!(
        failures(&Expectations::default(), &record).is_empty(),
        "off by default"
    );
}

#[test]
fn hung_up() {
    let mut record = good_call();
    record.bot_hung_up = false;
    assert_eq!(
        failures(&all_on(), &record),
        ["call 3: expected the bot to hang up; it never did"]
    );
    record.caller_hung_up = true;
    assert_eq!(
        failures(&all_on(), &record),
        ["call 3: expected the bot to hang up; the caller hung up first"]
    );
    assert!(
        failures(&Expectations::default(), &record).is_empty(),
        "off by default"
    );
}

#[test]
fn callbacks_answered_within() {
    let mut record = good_call();
    record.callbacks[2] = CallbackAnswer::answered(500, Duration::from_millis(12));
    record.callbacks[4] = CallbackAnswer::answered(202, Duration::from_millis(5_001));
    assert_eq!(
        failures(&all_on(), &record),
        [
            "call 3: expected the bot to answer every callback with 2xx within 5s; 2 of 6 did \
             not (the first, callback 3, answered 500 after 12ms)"
        ]
    );
    record.callbacks[2] = CallbackAnswer::unanswered(Duration::from_secs(10));
    let failed = all_on().evaluate(0, &record);
    assert_eq!(failed[0].kind(), ExpectationKind::CallbacksAnsweredWithin);
    assert!(
        failed[0]
            .to_string()
            .ends_with("(the first, callback 3, got no answer in 10s)"),
        "{}",
        failed[0]
    );
    let mut off = all_on();
    off.callbacks_answered_within = None;
    assert!(failures(&off, &record).is_empty());
}

#[test]
fn every_failure_is_reported_at_once() {
    let record = CallRecord::default();
    let kinds: Vec<ExpectationKind> = all_on()
        .evaluate(0, &record)
        .iter()
        .map(|f| f.kind())
        .collect();
    // Nothing happened: never answered, no prompt, no hangup. No key was
    // pressed and no callback sent, so those two hold.
    assert_eq!(
        kinds,
        [
            ExpectationKind::AnsweredWithin,
            ExpectationKind::PlayedPrompt,
            ExpectationKind::HungUp
        ]
    );
    for kind in kinds {
        assert!(!kind.property().is_empty());
    }
}

// ---- Properties -------------------------------------------------------------

/// A JSON value shaped like a scenario, with names mostly from the format's
/// vocabulary (sometimes misspelt) and values of every type. String values
/// that look like key presses start with `*` or `#`, which no fixed text of
/// an error has, so finding one in a message means it was quoted.
fn scenario_like() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "calls",
        "steps",
        "after",
        "press",
        "interval",
        "hangup",
        "faults",
        "expect",
        "comment",
        "from",
        "phone",
        "duplicate",
        "every",
        "reorder",
        "within",
        "batch",
        "upTo",
        "delay",
        "pascalCase",
        "legacyResourceOnly",
        "drop",
        "kind",
        "nth",
        "answeredWithin",
        "hungUp",
        "playedPrompt",
        "timeout",
        "startAfter",
        "promptDuration",
        "presss",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        "[*#][0-9*#A-D]{4,10}".prop_map(Value::String),
        "[0-9]{1,4}(ms|s|m|h|x)?".prop_map(Value::String),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((names.clone(), inner), 0..5).prop_map(|members| Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect()
            )),
        ]
    })
}

/// A valid scenario, written as a file would be.
fn valid_scenario() -> impl Strategy<Value = Value> {
    let duration = prop_oneof![
        (0u32..5000).prop_map(|n| format!("{n}ms")),
        (0u32..120).prop_map(|n| format!("{n}s")),
        (0u32..59, 0u32..59).prop_map(|(m, s)| format!("{m}m {s}s")),
    ];
    let step = prop_oneof![
        (
            "[0-9*#A-Da-d]{1,12}",
            duration.clone(),
            prop::option::of(0u32..900)
        )
            .prop_map(|(keys, after, interval)| {
                let mut step = json!({"after": after, "press": keys});
                if let Some(ms) = interval {
                    step["interval"] = json!(format!("{ms}ms"));
                }
                step
            }),
        duration
            .clone()
            .prop_map(|after| json!({"after": after, "hangup": true})),
    ];
    let call = (
        prop::collection::vec(step, 0..6),
        prop::option::of("\\+[1-9][0-9]{6,13}"),
        prop::option::of(duration.clone()),
    )
        .prop_map(|(steps, phone, start)| {
            let mut call = json!({"steps": steps});
            if let Some(phone) = phone {
                call["from"] = json!({"phone": phone});
            }
            if let Some(start) = start {
                call["startAfter"] = json!(start);
            }
            call
        });
    let faults = (
        prop::option::of(1u32..10),
        prop::option::of((0u32..60_000).prop_map(|n| format!("{n}ms"))),
        prop::option::of(2u32..10),
        any::<bool>(),
    )
        .prop_map(|(every, within, up_to, pascal)| {
            let mut faults = json!({"pascalCase": pascal});
            if let Some(every) = every {
                faults["duplicate"] = json!({"every": every});
            }
            if let Some(within) = within {
                faults["reorder"] = json!({"within": within});
            }
            if let Some(up_to) = up_to {
                faults["batch"] = json!({"upTo": up_to});
            }
            faults
        });
    (
        prop::collection::vec(call, 1..4),
        faults,
        prop::option::of(duration),
        any::<bool>(),
    )
        .prop_map(|(calls, faults, answered, hung_up)| {
            json!({
                "calls": calls,
                "faults": faults,
                "expect": {"answeredWithin": answered, "hungUp": hung_up},
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        graph_comms_fuzz_checks::scenario(&bytes);
    }

    #[test]
    fn any_json_reads_without_panic_or_quoting(value in scenario_like()) {
        let text = value.to_string();
        graph_comms_fuzz_checks::scenario(text.as_bytes());
        if let Err(err) = Scenario::from_json(&text) {
            let message = err.to_string().replace(err.path(), "");
            let mut stack = vec![&value];
            while let Some(v) = stack.pop() {
                match v {
                    Value::String(s) if s.starts_with(['*', '#']) => {
                        prop_assert!(!message.contains(s.as_str()), "{}", message);
                    }
                    Value::Array(items) => stack.extend(items),
                    Value::Object(members) => stack.extend(members.values()),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn what_the_reader_accepts_the_schema_accepts(value in valid_scenario()) {
        let scenario = Scenario::from_value(&value);
        prop_assert!(scenario.is_ok(), "{:?}", scenario.err().map(|e| e.to_string()));
        let errors = schema_errors(&value);
        prop_assert!(errors.is_empty(), "{:#?}", errors);
        let scenario = scenario.unwrap();
        prop_assert_eq!(Scenario::from_json(&scenario.to_json()).unwrap(), scenario);
    }
}

// ---- Fuzz corpus ------------------------------------------------------------

/// Replays `fuzz/corpus/scenario/` and `fuzz/artifacts/scenario/` through
/// the fuzz target's check, as `cargo test` does for the other targets
/// (`crates/graph-comms-cli/tests/it/fuzz_replay.rs`).
#[test]
fn fuzz_corpus_replays() {
    let mut files = Vec::new();
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root().join("fuzz").join(dir).join("scenario")) else {
            continue;
        };
        files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
    }
    files.sort();
    assert!(files.len() >= 10, "no corpus for fuzz target scenario");
    for path in files {
        let data = match std::fs::read(&path) {
            Ok(data) => data,
            // A fuzzer running at the same time may delete inputs as it reduces them.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => panic!("{}: {err}", path.display()),
        };
        let outcome = std::panic::catch_unwind(|| graph_comms_fuzz_checks::scenario(&data));
        assert!(
            outcome.is_ok(),
            "fuzz check scenario fails on {}",
            path.display()
        );
    }
}

#[test]
fn the_pin_entry_timeline() {
    use graph_comms_emulator::scenario::CallerEvent;
    let scenario = Scenario::pin_entry();
    let timeline: Vec<(Duration, CallerEvent)> = scenario.calls[0].timeline().collect();
    let times: Vec<u128> = timeline.iter().map(|(at, _)| at.as_millis()).collect();
    assert_eq!(times, [1500, 1800, 2100, 2400, 32_400]);
    assert_eq!(timeline[4].1, CallerEvent::Hangup);
    let debug = format!("{timeline:?}");
    assert!(
        !debug.contains("Tone2") && !debug.contains("Tone4"),
        "{debug}"
    );
}

#[test]
fn a_property_given_twice_is_refused_with_its_path() {
    let err = Scenario::from_json(
        "{\"calls\": [{\"steps\": [\n  {\"after\": \"1s\", \"press\": \"9876\", \"press\": \"5432\"}\n]}]}",
    )
    .unwrap_err();
    assert_eq!(err.kind(), ScenarioErrorKind::Conflict);
    assert_eq!(err.path(), "$.calls[0].steps[0].press");
    assert_eq!(err.line(), Some(2));
    let message = err.to_string();
    assert!(
        !message.contains("9876") && !message.contains("5432"),
        "{message}"
    );
    insta::assert_snapshot!("duplicate-property", message);
    // The same name in two objects is no duplicate.
    Scenario::from_json(r#"{"calls": [{"comment": "a"}, {"comment": "b"}], "comment": "c"}"#)
        .unwrap();
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "{\"calls\":"] {
        let text = open.repeat(100_000);
        let err = Scenario::from_json(&text).unwrap_err();
        assert_eq!(err.kind(), ScenarioErrorKind::Syntax, "{err}");
    }
}
