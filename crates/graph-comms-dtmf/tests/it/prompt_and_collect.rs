//! A prompt-and-collect step: the first-key (barge-in) signal, type-ahead,
//! and the end of a call from `call_events()`.

use graph_comms_dtmf::{
    CallCollectors, CallLimits, CollectorOptions, CompletionReason, DigitCollector, InvalidTone,
    SequencerOptions, Timestamp,
};
use graph_comms_models::{CommsNotifications, Tone};
use proptest::prelude::*;
use std::time::Duration;

fn ms(ms: u64) -> Timestamp {
    Timestamp::from_millis(ms)
}

fn fixture(path: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("the fixture file is in the repository")
}

/// No collection timeout: only keys end a collection.
fn untimed() -> CollectorOptions {
    CollectorOptions::new()
        .with_initial_timeout(None)
        .with_inter_digit_timeout(None)
}

#[test]
fn the_first_key_signals_once_and_duplicates_do_not() {
    let mut collector = DigitCollector::new(untimed(), ms(0)).unwrap();
    assert_eq!(collector.poll_first_key(), None);
    collector.handle_tone(ms(400), 2, Tone::Tone2); // held: id 1 is missing
    assert_eq!(collector.poll_first_key(), None, "not released yet");
    collector.handle_tone(ms(500), 1, Tone::Tone1);
    // Key 1 was pressed before key 2 was received.
    assert_eq!(collector.poll_first_key(), Some(ms(400)));
    for _ in 0..3 {
        collector.handle_tone(ms(600), 1, Tone::Tone1);
        collector.handle_tone(ms(600), 3, Tone::Tone3);
        assert_eq!(collector.poll_first_key(), None);
    }
    assert_eq!(collector.digit_count(), 3);
}

#[test]
fn a_tone_that_is_not_allowed_does_not_signal_but_stop_and_clear_keys_do() {
    let options = untimed()
        .with_allowed_tones([Tone::Tone1, Tone::Tone2])
        .with_on_invalid_tone(InvalidTone::Ignore)
        .with_clear_tone(Tone::Star);
    for (key, signals) in [
        (Tone::Tone9, false),
        (Tone::Flash, false),
        (Tone::Tone1, true),
        (Tone::Star, true),  // clear
        (Tone::Pound, true), // stop
    ] {
        let mut collector = DigitCollector::new(options.clone(), ms(0)).unwrap();
        collector.handle_tone(ms(100), 1, key);
        assert_eq!(collector.poll_first_key().is_some(), signals, "{signals}");
    }
}

#[test]
fn a_key_that_ends_the_collection_still_signals() {
    let mut collector = DigitCollector::new(untimed().with_max_digits(1), ms(0)).unwrap();
    collector.handle_tone(ms(300), 1, Tone::Tone4);
    assert_eq!(
        collector.poll_completion().unwrap().reason,
        CompletionReason::MaxDigits
    );
    // The menu's prompt may still be playing: cancel it.
    assert_eq!(collector.poll_first_key(), Some(ms(300)));
}

#[test]
fn each_collection_signals_its_own_first_key() {
    let mut collector = DigitCollector::new(untimed().with_max_digits(1), ms(0)).unwrap();
    collector.handle_tone(ms(100), 1, Tone::Tone1);
    assert!(collector.poll_first_key().is_some());
    assert!(collector.poll_completion().is_some());
    collector.restart(ms(1_000)); // the next menu
    collector.handle_tone(ms(1_200), 2, Tone::Tone2);
    assert_eq!(collector.poll_first_key(), Some(ms(1_200)));
}

#[test]
fn without_type_ahead_keys_before_the_start_are_dropped_and_counted() {
    let mut collector = DigitCollector::new_waiting(untimed(), ms(0)).unwrap();
    collector.handle_tone(ms(100), 1, Tone::Tone1);
    collector.handle_tone(ms(200), 2, Tone::Tone2);
    assert_eq!(collector.poll_first_key(), None, "nothing will count");
    assert_eq!(collector.stats().ignored_tones, 2);
    collector.restart(ms(500));
    collector.handle_tone(ms(600), 3, Tone::Tone3);
    collector.handle_tone(ms(700), 4, Tone::Pound);
    assert_eq!(collector.poll_first_key(), Some(ms(600)));
    assert_eq!(collector.poll_completion().unwrap().digits.expose(), "3");
}

#[test]
fn type_ahead_is_bounded_and_keeps_the_first_keys() {
    let options = untimed().with_type_ahead(2);
    let mut collector = DigitCollector::new_waiting(options, ms(0)).unwrap();
    for (id, tone) in [(1, Tone::Tone1), (2, Tone::Tone2), (3, Tone::Tone3)] {
        collector.handle_tone(ms(100), id, tone);
    }
    assert_eq!(collector.retained(), 2);
    assert_eq!(collector.stats().ignored_tones, 1);
    assert!(!collector.is_collecting());
    assert_eq!(
        collector.next_deadline(),
        None,
        "no timeout before the start"
    );
    collector.restart(ms(5_000));
    collector.cancel(ms(5_000));
    let done = collector.poll_completion().unwrap();
    assert_eq!(done.digits.expose(), "12");
    assert_eq!(done.dropped_type_ahead, 1, "key 3 found no room");
}

#[test]
fn dropped_type_ahead_counts_for_the_collection_the_keys_were_typed_for() {
    let options = untimed().with_type_ahead(1).with_max_digits(1);
    let mut calls = CallCollectors::new(options, CallLimits::default()).unwrap();
    calls.track(ms(0), "call-a").unwrap();
    for id in 1..=3 {
        calls
            .handle_tone(ms(100), "call-a", id, Tone::Tone1)
            .unwrap();
    }
    // The count waits in the stored state, and survives a round trip.
    let mut calls: CallCollectors =
        serde_json::from_value(serde_json::to_value(&calls).unwrap()).unwrap();
    calls.start(ms(1_000), "call-a").unwrap();
    let first = calls
        .poll_completion()
        .expect("one key typed ahead ends it");
    assert_eq!(first.completion.dropped_type_ahead, 2);
    // Keys after the completion are for the next menu: one kept, four
    // dropped, and the next collection says so, not this one.
    for id in 4..=8 {
        calls
            .handle_tone(ms(1_100), "call-a", id, Tone::Tone2)
            .unwrap();
    }
    calls.start(ms(2_000), "call-a").unwrap();
    let second = calls.poll_completion().expect("ended by the kept key");
    assert_eq!(
        (
            second.completion.digits.expose(),
            second.completion.dropped_type_ahead
        ),
        ("2", 4)
    );
    // A collection with room for every key typed ahead drops none.
    calls.start(ms(3_000), "call-a").unwrap();
    calls
        .handle_tone(ms(3_100), "call-a", 9, Tone::Tone3)
        .unwrap();
    let third = calls.poll_completion().unwrap();
    assert_eq!(third.completion.dropped_type_ahead, 0);
}

#[test]
fn keys_after_a_completion_are_type_ahead_for_the_next_menu() {
    let options = CollectorOptions::new().with_type_ahead(8);
    let mut collector = DigitCollector::new(options, ms(0)).unwrap();
    // "1#2#" in one breath: the second answer is for the next menu.
    let mut signals = Vec::new();
    let mut completions = Vec::new();
    for (id, tone) in [
        (1, Tone::Tone1),
        (2, Tone::Pound),
        (3, Tone::Tone2),
        (4, Tone::Pound),
    ] {
        collector.handle_tone(ms(100 * id as u64), id, tone);
        signals.extend(collector.poll_first_key());
        completions.extend(collector.poll_completion());
    }
    // Key 3 signalled for the next collection, whose prompt is starting.
    assert_eq!(signals, [ms(100), ms(300)]);
    assert_eq!(completions.len(), 1);
    assert_eq!(completions[0].digits.expose(), "1");
    collector.restart(ms(2_000));
    let next = collector
        .poll_completion()
        .expect("typed ahead, ended at once");
    assert_eq!(
        (next.reason, next.digits.expose(), next.at),
        (CompletionReason::StopTone, "2", ms(2_000))
    );
    assert_eq!(collector.poll_first_key(), None, "signalled already");
}

#[test]
fn type_ahead_after_the_key_that_ends_a_collection_waits_for_the_next_start() {
    let options = untimed().with_type_ahead(8).with_max_digits(2);
    let mut collector = DigitCollector::new_waiting(options, ms(0)).unwrap();
    for (id, tone) in [(1, Tone::Tone5), (2, Tone::Tone6), (3, Tone::Tone7)] {
        collector.handle_tone(ms(100), id, tone);
    }
    collector.restart(ms(1_000));
    assert_eq!(collector.poll_completion().unwrap().digits.expose(), "56");
    collector.restart(ms(2_000));
    collector.cancel(ms(3_000));
    assert_eq!(collector.poll_completion().unwrap().digits.expose(), "7");
}

#[test]
fn the_initial_timeout_runs_from_the_start_not_from_the_prompt() {
    let options = CollectorOptions::new()
        .with_type_ahead(4)
        .with_initial_timeout(Duration::from_secs(2));
    let mut collector = DigitCollector::new_waiting(options, ms(0)).unwrap();
    collector.handle_timeout(ms(10_000)); // a long prompt
    assert!(collector.poll_completion().is_none());
    collector.restart(ms(10_000));
    assert_eq!(collector.next_deadline(), Some(ms(12_000)));
}

#[test]
fn the_documented_hang_up_ends_a_tracked_call_and_drops_its_tone_data() {
    // The documented hang-up names the call in upper-case hex without
    // dashes: the id the collector is keyed by must be the same string.
    let ended = CommsNotifications::from_slice(&fixture(
        "action-notifications/hang-up-v1-docs-terminated.json",
    ))
    .unwrap();
    let terminating = CommsNotifications::from_slice(&fixture(
        "action-notifications/hang-up-v1-docs-terminating.json",
    ))
    .unwrap();
    let call = "57DAB8B1894C409AB240BD8BEAE78896";
    let options = untimed().with_type_ahead(4);
    let mut calls = CallCollectors::new(options, CallLimits::default()).unwrap();
    assert!(calls.track(ms(0), call).unwrap());
    calls.handle_tone(ms(100), call, 1, Tone::Tone1).unwrap();
    calls.handle_tone(ms(100), call, 3, Tone::Tone3).unwrap(); // held
    let retained_with_tones = calls.retained();

    for event in terminating.call_events() {
        assert!(!calls.handle_call_event(ms(200), &event).unwrap());
    }
    assert!(
        calls.poll_completion().is_none(),
        "terminating is not the end"
    );
    for event in ended.call_events() {
        assert!(calls.handle_call_event(ms(300), &event).unwrap());
    }
    let done = calls.poll_completion().unwrap();
    assert_eq!(done.call_id, call);
    assert_eq!(done.completion.reason, CompletionReason::CallEnded);
    assert!(done.completion.digits.is_empty(), "it never started");
    assert!(calls.poll_first_key().is_none(), "no prompt left to cancel");
    assert!(calls.retained() < retained_with_tones);
    assert_eq!(calls.retained(), 1, "only the call's entry, for late tones");
    // Late copies start nothing.
    calls.handle_tone(ms(400), call, 4, Tone::Tone4).unwrap();
    assert!(calls.poll_completion().is_none());
    assert!(calls.poll_first_key().is_none());
    assert!(!calls.start(ms(500), call).unwrap());
}

#[test]
fn a_call_that_ends_while_collecting_keeps_the_keys_pressed() {
    let body = br##"{"value": [{"changeType": "deleted",
        "resourceUrl": "/communications/calls/abc",
        "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "terminated"}}]}"##;
    let batch = CommsNotifications::from_slice(body).unwrap();
    let mut calls = CallCollectors::new(untimed(), CallLimits::default()).unwrap();
    calls.handle_tone(ms(100), "abc", 1, Tone::Tone8).unwrap();
    calls.handle_tone(ms(100), "abc", 3, Tone::Tone9).unwrap(); // 2 is lost
    let event = batch.call_events().next().unwrap();
    calls.handle_call_event(ms(200), &event).unwrap();
    let done = calls.poll_completion().unwrap().completion;
    assert_eq!(done.reason, CompletionReason::CallEnded);
    assert_eq!(done.digits.expose(), "89");
    assert_eq!(done.missed_tones, 1);
}

#[test]
fn the_state_of_a_prompt_step_round_trips_and_a_0_1_state_reads() {
    let options = untimed().with_type_ahead(4);
    let mut calls = CallCollectors::new(options, CallLimits::default().with_max_calls(4)).unwrap();
    calls.track(ms(0), "call-a").unwrap();
    calls
        .handle_tone(ms(100), "call-a", 1, Tone::Tone1)
        .unwrap();
    calls
        .handle_tone(ms(100), "call-a", 3, Tone::Tone3)
        .unwrap();
    insta::assert_json_snapshot!("waiting_call_map", calls);
    let read: CallCollectors =
        serde_json::from_value(serde_json::to_value(&calls).unwrap()).unwrap();
    assert_eq!(read, calls);

    // A 0.1 collector state: no `firstKey`, `typeAhead` or `callEnded`.
    let old = r#"{"options":{"minDigits":0,"maxDigits":6,"stopTones":["pound"],
      "keepStopTone":false,"allowedTones":null,"onInvalidTone":"complete","clearTone":null,
      "initialTimeoutMs":5000,"interDigitTimeoutMs":5000,"overallTimeoutMs":null,
      "sequencer":{"window":16,"gapTimeoutMs":2000,"firstSequenceId":1}},
      "state":{"sequencer":{"options":{"window":16,"gapTimeoutMs":2000,"firstSequenceId":1},
      "cursor":{"next":3},"held":[],"ready":[],"now":1300,
      "stats":{"released":2,"duplicates":0,"stale":0,"gaps":0,"missing":0}},
      "startedAt":1000,"lastKeyAt":1300,"digits":"42","missedTones":0,"status":"collecting",
      "stats":{"ignoredTones":0}}}"#;
    let mut collector: DigitCollector = serde_json::from_str(old).unwrap();
    collector.handle_tone(ms(1_400), 3, Tone::Tone7);
    assert_eq!(
        collector.poll_first_key(),
        None,
        "its first key came before"
    );
    collector.handle_tone(ms(1_500), 4, Tone::Pound);
    assert_eq!(collector.poll_completion().unwrap().digits.expose(), "427");
}

#[test]
fn a_damaged_type_ahead_is_an_error_without_tones() {
    let mut collector = DigitCollector::new_waiting(untimed().with_type_ahead(2), ms(0)).unwrap();
    collector.handle_tone(ms(100), 1, Tone::Tone1);
    collector.handle_tone(ms(100), 2, Tone::Tone2);
    let mut state = serde_json::to_value(&collector).unwrap();
    state["options"]["typeAhead"] = 1.into();
    let err = serde_json::from_value::<DigitCollector>(state).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid state: collector.typeAhead: more type-ahead tones"),
        "{err}"
    );
    assert!(!err.to_string().contains("tone1"), "{err}");
    let err = CollectorOptions::new()
        .with_type_ahead(2_000)
        .validate()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "type_ahead 2000 is out of range: it must be 0 to 1024"
    );
}

#[test]
fn debug_shows_no_type_ahead_tone() {
    let mut collector = DigitCollector::new_waiting(untimed().with_type_ahead(2), ms(0)).unwrap();
    collector.handle_tone(ms(100), 1, Tone::Tone9);
    let text = format!("{collector:?}");
    assert!(!text.contains("Tone9") && !text.contains("tone9"), "{text}");
}

/// Digit keys only, so that every one counts and is collected.
fn digit() -> impl Strategy<Value = Tone> {
    (0u8..10).prop_map(|d| Tone::from_char(char::from(b'0' + d)).unwrap())
}

/// Each of `n` sequence ids at least once, with duplicates, shuffled.
fn deliveries(n: usize) -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..n, 0..n * 2)
        .prop_map(move |extra| (0..n).chain(extra).collect::<Vec<_>>())
        .prop_shuffle()
}

proptest! {
    /// One collection: however the keys are duplicated and reordered, the
    /// first-key signal comes once, and only if a key counted.
    #[test]
    fn the_first_key_signals_at_most_once_per_collection(
        tones in prop::collection::vec(prop_oneof![4 => digit(), 1 => Just(Tone::Flash), 1 => Just(Tone::Pound)], 1..12),
        order in prop::collection::vec(any::<prop::sample::Index>(), 0..30),
        ignore_invalid in any::<bool>(),
    ) {
        let policy = if ignore_invalid { InvalidTone::Ignore } else { InvalidTone::Complete };
        let options = untimed().with_on_invalid_tone(policy)
            .with_sequencer(SequencerOptions::new().with_window(16));
        let mut collector = DigitCollector::new(options, ms(0)).unwrap();
        let mut signals = 0;
        for (t, index) in order.iter().enumerate() {
            let i = index.index(tones.len());
            collector.handle_tone(ms(10 * t as u64), i as i64 + 1, tones[i].clone());
            signals += usize::from(collector.poll_first_key().is_some());
        }
        collector.handle_timeout(ms(100_000)); // gaps give up: all released
        signals += usize::from(collector.poll_first_key().is_some());
        prop_assert!(signals <= 1);
        // The released keys, in order: the first one that counts signals,
        // unless a key that is not allowed ended the collection before it.
        let mut delivered: Vec<usize> = order.iter().map(|i| i.index(tones.len())).collect();
        delivered.sort_unstable();
        delivered.dedup();
        let mut expected = 0;
        for i in delivered {
            if tones[i] == Tone::Flash {
                if ignore_invalid { continue } else { break }
            }
            expected = 1;
            break;
        }
        // Ids below the first delivered one never arrived: the sequencer
        // waits for them, then releases in order, as above.
        prop_assert_eq!(signals, expected);
    }

    /// Keys typed ahead, duplicated and reordered, reach the collection in
    /// the order they were pressed, and signal once, before the start.
    #[test]
    fn type_ahead_keeps_the_order_under_duplicates_and_reordering(
        (keys, order) in (1usize..16).prop_flat_map(|n| {
            (prop::collection::vec(digit(), n), deliveries(n))
        }),
    ) {
        let options = untimed().with_type_ahead(16).with_stop_tones([])
            .with_sequencer(SequencerOptions::new().with_window(16));
        let mut collector = DigitCollector::new_waiting(options, ms(0)).unwrap();
        let mut signals = Vec::new();
        for (t, &i) in order.iter().enumerate() {
            collector.handle_tone(ms(10 * t as u64), i as i64 + 1, keys[i].clone());
            signals.extend(collector.poll_first_key());
        }
        prop_assert_eq!(signals.len(), 1);
        collector.restart(ms(10_000));
        prop_assert_eq!(collector.poll_first_key(), None);
        collector.cancel(ms(10_000));
        let done = collector.poll_completion().unwrap();
        let typed: String = keys.iter().filter_map(Tone::to_char).collect();
        prop_assert_eq!(done.digits.expose(), typed);
        prop_assert_eq!(done.missed_tones, 0);
    }

    /// Whatever happened before, a terminated call completes once with
    /// `call-ended` if its collection was going or waiting, and then neither
    /// signals nor completes again.
    #[test]
    fn a_terminated_call_ends_with_call_ended_and_stays_ended(
        before in prop::collection::vec((0u8..3, 1i64..6, digit()), 0..10),
        after in prop::collection::vec((1i64..10, digit()), 0..5),
        tracked in any::<bool>(),
    ) {
        let options = untimed().with_type_ahead(3).with_max_digits(4);
        let mut calls = CallCollectors::new(options, CallLimits::default()).unwrap();
        if tracked {
            calls.track(ms(0), "abc").unwrap();
        }
        for (t, (what, id, tone)) in before.iter().enumerate() {
            let now = ms(10 * t as u64);
            match what {
                0 => drop(calls.start(now, "abc").unwrap()),
                _ => drop(calls.handle_tone(now, "abc", *id, tone.clone()).unwrap()),
            }
        }
        // Not tracked, never started: an unknown call, whose end completes
        // nothing.
        let going = calls.contains("abc")
            && (calls.is_collecting("abc") || calls.track(ms(100), "abc").unwrap());
        while calls.poll_completion().is_some() {}
        while calls.poll_first_key().is_some() {}
        let body = br##"{"value": [{"changeType": "deleted",
            "resourceUrl": "/communications/calls/abc",
            "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "terminated"}}]}"##;
        let batch = CommsNotifications::from_slice(body).unwrap();
        for event in batch.call_events() {
            prop_assert!(calls.handle_call_event(ms(200), &event).unwrap());
        }
        let done: Vec<_> = std::iter::from_fn(|| calls.poll_completion()).collect();
        if going {
            prop_assert_eq!(done.len(), 1);
            // Keys still held are collected first: they may fill it.
            let reason = done[0].completion.reason;
            prop_assert!(
                reason == CompletionReason::CallEnded || reason == CompletionReason::MaxDigits,
                "{reason}"
            );
        } else {
            prop_assert!(done.is_empty());
        }
        prop_assert!(calls.poll_first_key().is_none());
        for (t, (id, tone)) in after.iter().enumerate() {
            calls.handle_tone(ms(300 + t as u64), "abc", *id, tone.clone()).unwrap();
            prop_assert!(!calls.start(ms(300 + t as u64), "abc").unwrap());
        }
        calls.handle_timeout(ms(60_000));
        prop_assert!(calls.poll_completion().is_none());
        prop_assert!(calls.poll_first_key().is_none());
    }
}
