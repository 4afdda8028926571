//! The stored state: its format (pinned by snapshots, since workers of
//! different versions may share a store) and the checks on reading it.

use graph_comms_dtmf::{
    CallCollectors, CallLimits, CollectorOptions, DigitCollector, SequencerOptions, Timestamp,
    ToneSequencer,
};
use graph_comms_models::Tone;
use serde_json::{Value, json};

fn ms(ms: u64) -> Timestamp {
    Timestamp::from_millis(ms)
}

/// A collector with two digits, a held tone and a gap pending.
fn collector() -> DigitCollector {
    let options = CollectorOptions::new()
        .with_max_digits(6)
        .with_clear_tone(Tone::Star);
    let mut collector = DigitCollector::new(options, ms(1_000)).unwrap();
    collector.handle_tone(ms(1_200), 1, Tone::Tone4);
    collector.handle_tone(ms(1_300), 2, Tone::Tone2);
    collector.handle_tone(ms(1_400), 4, Tone::Pound);
    collector
}

#[test]
fn collector_state_format() {
    insta::assert_json_snapshot!("collector", collector());
}

#[test]
fn call_map_state_format() {
    let mut calls = CallCollectors::new(
        CollectorOptions::new().with_max_digits(4),
        CallLimits::default().with_max_calls(8),
    )
    .unwrap();
    calls.handle_tone(ms(10), "call-a", 1, Tone::Tone1).unwrap();
    calls.handle_tone(ms(20), "call-b", 1, Tone::Pound).unwrap();
    calls.end_call(ms(30), "call-c").unwrap();
    insta::assert_json_snapshot!("call_map", calls);
}

#[test]
fn sequencer_state_format() {
    let mut sequencer = ToneSequencer::new(SequencerOptions::new().with_window(4)).unwrap();
    sequencer.handle_tone(ms(5), 3, Tone::Tone3);
    sequencer.handle_tone(ms(6), 1, Tone::Tone1);
    insta::assert_json_snapshot!("sequencer", sequencer);
}

/// Reads a collector state after `edit`, and returns the error message.
fn read_edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut state = serde_json::to_value(collector()).unwrap();
    edit(&mut state);
    serde_json::from_value::<DigitCollector>(state)
        .map(|_| "read".to_owned())
        .unwrap_or_else(|err| err.to_string())
}

#[test]
fn the_state_reads_back_equal() {
    let json = serde_json::to_string(&collector()).unwrap();
    let read: DigitCollector = serde_json::from_str(&json).unwrap();
    assert_eq!(read, collector());
    assert_eq!(read_edited(|_| {}), "read");
}

#[test]
fn a_damaged_state_is_an_error_that_names_the_problem_and_no_tone() {
    type Edit = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|s| s["state"]["sequencer"]["held"][0]["sequenceId"] = json!(400)),
            "invalid state: sequencer.held: a held tone is outside the window",
        ),
        (
            Box::new(|s| {
                let held = s["state"]["sequencer"]["held"][0].clone();
                s["state"]["sequencer"]["held"] = json!([held.clone(), held]);
            }),
            "invalid state: sequencer.held: sequence ids not strictly increasing",
        ),
        (
            Box::new(|s| s["state"]["sequencer"]["options"]["window"] = json!(0)),
            "invalid state: options: sequencer window 0 is out of range: it must be 1 to 1024",
        ),
        (
            Box::new(|s| s["options"]["sequencer"]["window"] = json!(5)),
            "invalid state: collector.sequencer: sequencer options differ from the collector's",
        ),
        (
            Box::new(|s| s["state"]["digits"] = json!("1234567")),
            "invalid state: collector.digits: more digits than the options allow",
        ),
        (
            Box::new(|s| s["state"]["status"] = json!({"polled": {"reason": "stop-tone"}})),
            "invalid state: collector.digits: digits kept after the completion was polled",
        ),
        (
            Box::new(|s| s["options"]["maxDigits"] = json!(0)),
            "invalid state: options: max_digits 0 is out of range: it must be 1 to 1024",
        ),
        (
            Box::new(|s| s["state"]["digits"] = json!("42x")),
            "invalid digits: only 0-9, *, #, A-D are DTMF keys",
        ),
    ];
    for (edit, message) in cases {
        let error = read_edited(edit);
        assert!(error.starts_with(message), "{error}\n  expected: {message}");
        assert!(!error.contains("42"), "{error}");
        assert!(!error.contains("pound"), "{error}");
    }
    assert!(read_edited(|s| s["surprise"] = json!(1)).contains("unknown field `surprise`"));
}

#[test]
fn a_damaged_call_map_is_an_error() {
    let calls = CallCollectors::new(
        CollectorOptions::new(),
        CallLimits::default().with_max_calls(1),
    )
    .unwrap();
    let mut state = serde_json::to_value(&calls).unwrap();
    let entry = json!({
        "collector": serde_json::to_value(DigitCollector::new(CollectorOptions::new(), ms(0)).unwrap()).unwrap()["state"],
        "lastActive": 0,
        "ended": false
    });
    state["calls"] = json!({"a": entry.clone(), "b": entry});
    let error = serde_json::from_value::<CallCollectors>(state).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid state: calls: more calls than max_calls"
    );
}
