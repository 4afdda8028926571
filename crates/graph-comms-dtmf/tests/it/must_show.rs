//! The "Must show" cases, from the real fixture file.

use graph_comms_dtmf::{
    CallCollectors, CallLimits, CollectorOptions, CompletionReason, DigitCollector, Timestamp,
};
use graph_comms_models::{CommsNotifications, Tone};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/notifications/documented-tone.json"
);

/// The documented notification (sequenceId 1, tone1), read from the fixture.
fn documented() -> Vec<u8> {
    std::fs::read(FIXTURE).expect("the fixture file is in the repository")
}

/// The same notification as the second key press of the call: sequenceId 2,
/// pound.
fn second_pound() -> Vec<u8> {
    let mut json: serde_json::Value = serde_json::from_slice(&documented()).unwrap();
    let info = &mut json["value"][0]["resourceData"]["toneInfo"];
    info["sequenceId"] = 2.into();
    info["tone"] = "pound".into();
    serde_json::to_vec(&json).unwrap()
}

#[test]
fn fixture_is_the_documented_tone() {
    let batch = CommsNotifications::from_slice(&documented()).unwrap();
    let events: Vec<_> = batch.tone_events().collect::<Result<_, _>>().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].sequence_id, &events[0].tone), (1, &Tone::Tone1));
}

#[test]
fn documented_tone_three_times_after_its_pound_gives_exactly_1_on_the_stop_tone() {
    // Delivery order: (2, pound) first, then (1, tone1) three times.
    let bodies = [second_pound(), documented(), documented(), documented()];
    let mut collector = DigitCollector::new(CollectorOptions::new(), Timestamp::ZERO).unwrap();
    let mut calls = CallCollectors::new(CollectorOptions::new(), CallLimits::default()).unwrap();
    let mut call_id = String::new();
    for (i, body) in bodies.iter().enumerate() {
        let now = Timestamp::from_millis(100 * (i as u64 + 1));
        let batch = CommsNotifications::from_slice(body).unwrap();
        for event in batch.tone_events() {
            let event = event.unwrap();
            call_id = event.call_id.to_owned();
            collector.handle_event(now, &event);
            calls.handle_event(now, &event).unwrap();
        }
    }

    let completion = collector.poll_completion().expect("completed");
    assert_eq!(completion.reason, CompletionReason::StopTone);
    assert_eq!(completion.digits.expose(), "1");
    assert_eq!(completion.stop_tone, Some(Tone::Pound));
    assert_eq!(completion.missed_tones, 0);
    assert_eq!(collector.sequencer().stats().stale, 2, "two copies dropped");
    assert!(collector.poll_completion().is_none(), "completes once");

    let call = calls.poll_completion().expect("the call completed");
    assert_eq!(call.call_id, "57dab8b1-894c-409a-b240-bd8beae78896");
    assert_eq!(call.call_id, call_id);
    assert_eq!(call.completion, completion);
    assert!(calls.poll_completion().is_none(), "exactly one completion");
}

#[test]
fn debug_of_digits_and_completions_never_shows_the_digits() {
    let mut collector = DigitCollector::new(CollectorOptions::new(), Timestamp::ZERO).unwrap();
    for (sequence_id, key) in (1..).zip("918273645".chars()) {
        collector.handle_tone(
            Timestamp::from_millis(10),
            sequence_id,
            Tone::from_char(key).unwrap(),
        );
    }
    // Mid-collection: the collector's Debug shows no digit.
    let debug = format!("{collector:?} {collector:#?}");
    for key in "918273645".chars() {
        assert!(
            !debug.contains(&format!("'{key}'")),
            "key {key} leaked: {debug}"
        );
    }
    assert!(!debug.contains("918273645"), "{debug}");

    collector.cancel(Timestamp::from_millis(20));
    let completion = collector.poll_completion().unwrap();
    let digits = &completion.digits;
    assert_eq!(format!("{digits:?}"), "Digits(<9 redacted>)");
    assert_eq!(format!("{digits:#?}"), "Digits(<9 redacted>)");
    assert_eq!(format!("{digits}"), "<9 digits redacted>");
    assert_eq!(
        format!("{completion:?}"),
        "Completion { reason: Cancelled, digits: Digits(<9 redacted>), stop_tone: None, \
         at: Timestamp(20), missed_tones: 0, dropped_type_ahead: 0 }"
    );
    assert_eq!(digits.expose(), "918273645");
}
