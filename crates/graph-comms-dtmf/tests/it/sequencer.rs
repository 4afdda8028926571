//! ToneSequencer: dedupe, reorder, gaps, reset, extremes, bounds.

use graph_comms_dtmf::{
    Admission, Gap, SequencerEvent, SequencerOptions, Timestamp, ToneSequencer,
};
use graph_comms_models::Tone;
use std::time::Duration;

fn ms(ms: u64) -> Timestamp {
    Timestamp::from_millis(ms)
}

/// The polled events, as `Ok(id)` for a tone and `Err((first, last))` for a gap.
fn drain(sequencer: &mut ToneSequencer) -> Vec<Result<i64, (i64, i64)>> {
    std::iter::from_fn(|| sequencer.poll_event())
        .map(|event| match event {
            SequencerEvent::Tone(tone) => Ok(tone.sequence_id),
            SequencerEvent::Gap(gap) => Err((gap.first, gap.last)),
            _ => unreachable!("no other events yet"),
        })
        .collect()
}

fn sequencer(window: u16, first: Option<i64>) -> ToneSequencer {
    ToneSequencer::new(
        SequencerOptions::new()
            .with_window(window)
            .with_first_sequence_id(first),
    )
    .unwrap()
}

#[test]
fn duplicates_are_dropped_and_order_restored() {
    let mut s = sequencer(8, Some(1));
    let t = Tone::Tone5;
    assert_eq!(s.handle_tone(ms(0), 3, t.clone()), Admission::Held);
    assert_eq!(s.handle_tone(ms(0), 3, t.clone()), Admission::Duplicate);
    assert_eq!(s.handle_tone(ms(0), 2, t.clone()), Admission::Held);
    assert_eq!(drain(&mut s), []);
    assert_eq!(s.handle_tone(ms(0), 1, t.clone()), Admission::Released);
    assert_eq!(drain(&mut s), [Ok(1), Ok(2), Ok(3)]);
    assert_eq!(s.handle_tone(ms(0), 2, t.clone()), Admission::Stale);
    assert_eq!(s.next_sequence_id(), Some(4));
    let stats = s.stats();
    assert_eq!(
        (stats.released, stats.duplicates, stats.stale, stats.gaps),
        (3, 1, 1, 0)
    );
}

#[test]
fn a_tone_window_or_more_ahead_moves_the_window_and_reports_the_gap() {
    let mut s = sequencer(4, Some(1));
    assert_eq!(s.handle_tone(ms(0), 2, Tone::Tone2), Admission::Held);
    // 7 is 6 ahead of 1: ids up to 3 are passed (2 released, 1 and 3 missing).
    assert_eq!(s.handle_tone(ms(0), 7, Tone::Tone7), Admission::Held);
    assert_eq!(drain(&mut s), [Err((1, 1)), Ok(2), Err((3, 3))]);
    assert_eq!(s.next_sequence_id(), Some(4));
    for id in [5, 4, 6] {
        s.handle_tone(ms(0), id, Tone::Tone0);
    }
    assert_eq!(drain(&mut s), [Ok(4), Ok(5), Ok(6), Ok(7)]);
    assert_eq!(
        s.handle_tone(ms(0), 3, Tone::Tone3),
        Admission::Stale,
        "reported missing"
    );
    assert_eq!(s.stats().missing, 2);
}

#[test]
fn a_window_of_one_reorders_nothing() {
    let mut s = sequencer(1, Some(1));
    assert_eq!(s.handle_tone(ms(0), 3, Tone::Tone3), Admission::Released);
    assert_eq!(drain(&mut s), [Err((1, 2)), Ok(3)]);
    assert_eq!(s.handle_tone(ms(0), 2, Tone::Tone2), Admission::Stale);
}

#[test]
fn a_held_tone_is_released_after_the_gap_timeout() {
    let mut s =
        ToneSequencer::new(SequencerOptions::new().with_gap_timeout(Duration::from_millis(1_500)))
            .unwrap();
    s.handle_tone(ms(1_000), 3, Tone::Tone3);
    s.handle_tone(ms(1_200), 5, Tone::Tone5);
    assert_eq!(s.next_deadline(), Some(ms(2_500)));
    s.handle_timeout(ms(2_499));
    assert_eq!(drain(&mut s), []);
    s.handle_timeout(ms(2_500));
    // 3 has waited long enough; 5 has not, and 4 may still come.
    assert_eq!(drain(&mut s), [Err((1, 2)), Ok(3)]);
    assert_eq!(s.next_deadline(), Some(ms(2_700)));
    s.handle_timeout(ms(2_700));
    assert_eq!(drain(&mut s), [Err((4, 4)), Ok(5)]);
    assert_eq!(s.next_deadline(), None);
}

#[test]
fn a_late_handle_timeout_gives_the_same_result_as_an_input_after_the_deadline() {
    let run = |call_timeout: bool| {
        let mut s = sequencer(8, Some(1));
        s.handle_tone(ms(0), 2, Tone::Tone2);
        if call_timeout {
            s.handle_timeout(ms(5_000));
        }
        s.handle_tone(ms(5_000), 1, Tone::Tone1);
        drain(&mut s)
    };
    assert_eq!(run(true), run(false));
    assert_eq!(run(false), [Err((1, 1)), Ok(2)]);
}

#[test]
fn time_never_runs_backwards() {
    let mut s = sequencer(8, Some(1));
    s.handle_tone(ms(5_000), 2, Tone::Tone2);
    s.handle_timeout(ms(10));
    assert_eq!(s.now(), ms(5_000));
    assert_eq!(drain(&mut s), []);
}

#[test]
fn an_unknown_start_is_learnt_from_the_lowest_id() {
    let mut s = sequencer(8, None);
    for id in [102, 100, 101, 100] {
        s.handle_tone(ms(0), id, Tone::Tone1);
    }
    assert_eq!(s.next_sequence_id(), None);
    assert_eq!(drain(&mut s), []);
    s.handle_timeout(ms(2_000));
    assert_eq!(drain(&mut s), [Ok(100), Ok(101), Ok(102)]);
    assert_eq!(s.stats().duplicates, 1);
    assert_eq!(s.stats().gaps, 0);
}

#[test]
fn an_unknown_start_is_fixed_when_the_window_fills() {
    let mut s = sequencer(4, None);
    s.handle_tone(ms(0), -7, Tone::Tone1);
    s.handle_tone(ms(0), -5, Tone::Tone1);
    assert_eq!(drain(&mut s), []);
    // -7 ..= -3 is wider than the window: start at -7 and move the window
    // so that -3 is its last slot; -6 may still come.
    assert_eq!(s.handle_tone(ms(0), -3, Tone::Tone1), Admission::Held);
    assert_eq!(drain(&mut s), [Ok(-7)]);
    assert_eq!(s.next_sequence_id(), Some(-6));
    assert_eq!(s.handle_tone(ms(0), -6, Tone::Tone1), Admission::Released);
    assert_eq!(drain(&mut s), [Ok(-6), Ok(-5)]);
}

#[test]
fn reset_releases_what_is_held_and_expects_the_first_id_again() {
    let mut s = sequencer(8, Some(1));
    s.handle_tone(ms(0), 1, Tone::Tone1);
    s.handle_tone(ms(0), 3, Tone::Tone3);
    s.reset(ms(10));
    assert_eq!(drain(&mut s), [Ok(1), Err((2, 2)), Ok(3)]);
    assert_eq!(s.next_sequence_id(), Some(1));
    assert_eq!(s.handle_tone(ms(20), 1, Tone::Tone9), Admission::Released);
}

#[test]
fn extreme_ids_stay_within_the_bound() {
    let mut s = sequencer(16, None);
    for id in [i64::MAX, i64::MIN, 0, i64::MIN + 1, i64::MAX - 1, -1] {
        s.handle_tone(ms(0), id, Tone::Tone0);
        assert!(s.retained() <= s.max_retained());
        assert!(s.held() <= 16);
    }
    let events = drain(&mut s);
    assert_eq!(events[0], Ok(i64::MIN));
    assert!(events.contains(&Err((i64::MIN + 1, i64::MAX - 16))));
    s.handle_timeout(ms(2_000));
    let events = drain(&mut s);
    assert_eq!(events.last(), Some(&Ok(i64::MAX)));
    assert_eq!(s.next_sequence_id(), None, "nothing after i64::MAX");
    assert_eq!(
        s.handle_tone(ms(3_000), i64::MAX, Tone::Tone0),
        Admission::Stale
    );
    assert_eq!(s.handle_tone(ms(3_000), 5, Tone::Tone0), Admission::Stale);
}

#[test]
fn gap_length_saturates() {
    let gap: Gap =
        serde_json::from_str(&format!(r#"{{"first":{},"last":{}}}"#, i64::MIN, i64::MAX)).unwrap();
    assert_eq!(gap.len(), u64::MAX);
    assert!(!gap.is_empty());
}

#[test]
fn input_is_refused_until_the_caller_polls() {
    let mut s = sequencer(2, Some(1));
    assert_eq!(s.handle_tone(ms(0), 1, Tone::Tone1), Admission::Released);
    assert_eq!(s.handle_tone(ms(0), 2, Tone::Tone2), Admission::Released);
    assert_eq!(s.handle_tone(ms(0), 3, Tone::Tone3), Admission::Backlogged);
    assert_eq!(drain(&mut s), [Ok(1), Ok(2)]);
    assert_eq!(s.handle_tone(ms(0), 3, Tone::Tone3), Admission::Released);
}

#[test]
fn debug_shows_no_tone() {
    let mut s = sequencer(8, Some(1));
    s.handle_tone(ms(0), 2, Tone::Tone7);
    s.handle_tone(ms(0), 1, Tone::Star);
    let debug = format!("{s:?}");
    assert!(debug.contains("Tone(<redacted>)"), "{debug}");
    assert!(!debug.contains("Tone7") && !debug.contains("Star") && !debug.contains("tone7"));
}
