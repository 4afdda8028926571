//! Property tests: order and duplicates within the window do not change the
//! digits; a serialised state continues exactly; memory stays bounded for any
//! ids.

use graph_comms_dtmf::{
    CallCollectors, CallLimits, CollectorOptions, Completion, DigitCollector, SequencerEvent,
    SequencerOptions, Timestamp, ToneSequencer,
};
use graph_comms_models::{Tone, ToneEvent};
use proptest::prelude::*;
use std::time::Duration;

const KEYS: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D',
];

fn key() -> impl Strategy<Value = Tone> {
    prop::sample::select(KEYS).prop_map(|k| Tone::from_char(k).unwrap())
}

fn any_tone() -> impl Strategy<Value = Tone> {
    prop_oneof![8 => key(), 1 => Just(Tone::Flash)]
}

/// What a completion says, in comparable form.
fn summary(completion: &Completion) -> (String, String, u64) {
    (
        completion.reason.as_str().to_owned(),
        completion.digits.expose().to_owned(),
        completion.missed_tones,
    )
}

/// A stream of `keys` with ids `base ..`, each displaced by less than `window`
/// positions, plus copies placed anywhere after their displacement.
fn shuffled_stream() -> impl Strategy<Value = (u16, i64, bool, Vec<Tone>, Vec<(i64, Tone)>)> {
    (
        1u16..=12,
        -50i64..50,
        any::<bool>(),
        prop::collection::vec(key(), 1..40),
    )
        .prop_flat_map(|(window, base, anchored, keys)| {
            let n = keys.len();
            let offsets = prop::collection::vec(0..u64::from(window), n);
            let copies = prop::collection::vec((0..n, 0..u64::from(window) * 3), 0..n);
            (offsets, copies).prop_map(move |(offsets, copies)| {
                // Sort key: position + offset (a copy: at least its original's).
                let mut arrivals: Vec<(u64, usize)> = offsets
                    .iter()
                    .enumerate()
                    .map(|(i, off)| (i as u64 + off, i))
                    .collect();
                for (i, extra) in copies {
                    arrivals.push((i as u64 + offsets[i] + extra, i));
                }
                arrivals.sort_by_key(|(at, _)| *at);
                let stream = arrivals
                    .into_iter()
                    .map(|(_, i)| (base + i as i64, keys[i].clone()))
                    .collect();
                (window, base, anchored, keys.clone(), stream)
            })
        })
}

fn collect(options: &CollectorOptions, stream: &[(i64, Tone)]) -> (String, String, u64) {
    let mut collector = DigitCollector::new(options.clone(), Timestamp::ZERO).unwrap();
    for (i, (id, tone)) in stream.iter().enumerate() {
        collector.handle_tone(Timestamp::from_millis(i as u64), *id, tone.clone());
    }
    collector.handle_timeout(Timestamp::from_millis(1_000_000));
    summary(&collector.poll_completion().expect("the timeouts end it"))
}

proptest! {
    #[test]
    fn any_order_and_duplication_within_the_window_gives_the_same_digits(
        (window, base, anchored, keys, stream) in shuffled_stream(),
        clear in prop::option::of(Just(Tone::Star)),
    ) {
        let options = CollectorOptions::new()
            .with_clear_tone(clear)
            .with_sequencer(
                SequencerOptions::new()
                    .with_window(window)
                    .with_first_sequence_id(anchored.then_some(base)),
            );
        let ordered: Vec<(i64, Tone)> =
            keys.iter().enumerate().map(|(i, t)| (base + i as i64, t.clone())).collect();
        let expected = collect(&options, &ordered);
        prop_assert_eq!(expected.2, 0, "no gap in the ordered stream");
        prop_assert_eq!(collect(&options, &stream), expected);
    }

    #[test]
    fn the_sequencer_releases_each_id_once_in_order(
        (window, base, anchored, keys, stream) in shuffled_stream(),
    ) {
        let mut sequencer = ToneSequencer::new(
            SequencerOptions::new()
                .with_window(window)
                .with_first_sequence_id(anchored.then_some(base)),
        )
        .unwrap();
        let mut released = Vec::new();
        for (id, tone) in &stream {
            sequencer.handle_tone(Timestamp::ZERO, *id, tone.clone());
            while let Some(event) = sequencer.poll_event() {
                match event {
                    SequencerEvent::Tone(tone) => released.push((tone.sequence_id, tone.tone)),
                    other => prop_assert!(false, "unexpected {:?}", other),
                }
            }
        }
        sequencer.handle_timeout(Timestamp::from_millis(10_000));
        while let Some(SequencerEvent::Tone(tone)) = sequencer.poll_event() {
            released.push((tone.sequence_id, tone.tone));
        }
        let ordered: Vec<(i64, Tone)> =
            keys.iter().enumerate().map(|(i, t)| (base + i as i64, t.clone())).collect();
        prop_assert_eq!(released, ordered);
    }
}

/// Ids that stress the arithmetic: extremes, huge jumps, negatives, and runs.
fn wild_id() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        -20i64..20,
        Just(i64::MIN),
        Just(i64::MAX),
        (i64::MAX - 20)..=i64::MAX,
        i64::MIN..(i64::MIN + 20),
    ]
}

#[derive(Clone, Debug)]
enum SeqOp {
    Tone(u64, i64, Tone),
    Timeout(u64),
    Poll(usize),
    Reset(u64),
    Flush(u64),
}

fn seq_op() -> impl Strategy<Value = SeqOp> {
    prop_oneof![
        6 => (0u64..10_000, wild_id(), any_tone()).prop_map(|(t, id, tone)| SeqOp::Tone(t, id, tone)),
        1 => (0u64..10_000).prop_map(SeqOp::Timeout),
        2 => (0usize..8).prop_map(SeqOp::Poll),
        1 => (0u64..10_000).prop_map(SeqOp::Reset),
        1 => (0u64..10_000).prop_map(SeqOp::Flush),
    ]
}

proptest! {
    #[test]
    fn memory_is_bounded_whatever_the_ids_and_even_without_polling(
        window in 1u16..=8,
        first in prop::option::of(wild_id()),
        ops in prop::collection::vec(seq_op(), 0..200),
    ) {
        let mut sequencer = ToneSequencer::new(
            SequencerOptions::new()
                .with_window(window)
                .with_gap_timeout(Duration::from_millis(1_000))
                .with_first_sequence_id(first),
        )
        .unwrap();
        // Within one subscription (between resets) ids come out strictly
        // increasing, tones and gaps never overlapping.
        let mut last_out: Option<i64> = None;
        for op in ops {
            match op {
                SeqOp::Tone(t, id, tone) => {
                    sequencer.handle_tone(Timestamp::from_millis(t), id, tone);
                }
                SeqOp::Timeout(t) => sequencer.handle_timeout(Timestamp::from_millis(t)),
                SeqOp::Poll(n) => {
                    for _ in 0..n {
                        let Some(event) = sequencer.poll_event() else { break };
                        let (first, last) = match event {
                            SequencerEvent::Tone(tone) => (tone.sequence_id, tone.sequence_id),
                            SequencerEvent::Gap(gap) => {
                                prop_assert!(gap.first <= gap.last);
                                (gap.first, gap.last)
                            }
                            _ => unreachable!(),
                        };
                        if let Some(previous) = last_out {
                            prop_assert!(first > previous, "{} after {}", first, previous);
                        }
                        last_out = Some(last);
                    }
                }
                SeqOp::Reset(t) => {
                    sequencer.reset(Timestamp::from_millis(t));
                    // What the reset released still belongs to the old run.
                    while let Some(event) = sequencer.poll_event() {
                        drop(event);
                    }
                    last_out = None;
                }
                SeqOp::Flush(t) => sequencer.flush(Timestamp::from_millis(t)),
            }
            prop_assert!(sequencer.held() <= usize::from(window));
            prop_assert!(
                sequencer.retained() <= sequencer.max_retained(),
                "{} > {}", sequencer.retained(), sequencer.max_retained()
            );
            if let Some(deadline) = sequencer.next_deadline() {
                prop_assert!(deadline > sequencer.now() || sequencer.held() > 0);
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    Tone(u64, usize, i64, Tone),
    Timeout(u64),
    Cancel(u64, usize),
    Start(u64, usize),
    End(u64, usize),
    Track(u64, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        10 => (0u64..20_000, 0usize..4, 0i64..12, any_tone())
            .prop_map(|(t, call, id, tone)| Op::Tone(t, call, id, tone)),
        3 => (0u64..20_000).prop_map(Op::Timeout),
        1 => (0u64..20_000, 0usize..4).prop_map(|(t, c)| Op::Cancel(t, c)),
        1 => (0u64..20_000, 0usize..4).prop_map(|(t, c)| Op::Start(t, c)),
        1 => (0u64..20_000, 0usize..4).prop_map(|(t, c)| Op::End(t, c)),
        1 => (0u64..20_000, 0usize..4).prop_map(|(t, c)| Op::Track(t, c)),
    ]
}

const CALLS: [&str; 4] = ["call-a", "call-b", "call-c", "call-d"];

fn options() -> impl Strategy<Value = CollectorOptions> {
    (
        prop::option::of(1u16..6),
        0u16..2,
        any::<bool>(),
        prop::option::of(1u64..4),
        1u16..5,
        0u16..4,
    )
        .prop_map(|(max, min, keep, overall, window, type_ahead)| {
            CollectorOptions::new()
                .with_type_ahead(type_ahead)
                .with_max_digits(max)
                .with_min_digits(min.min(max.unwrap_or(min)))
                .with_keep_stop_tone(keep)
                .with_clear_tone(Tone::Star)
                .with_inter_digit_timeout(Duration::from_secs(2))
                .with_overall_timeout(overall.map(Duration::from_secs))
                .with_sequencer(SequencerOptions::new().with_window(window))
        })
}

/// Applies one op to a single collector (the call index is ignored) and
/// returns what came out.
fn step_collector(collector: &mut DigitCollector, op: &Op) -> String {
    let admission = match op {
        Op::Tone(t, _, id, tone) => {
            format!(
                "{:?}",
                collector.handle_tone(Timestamp::from_millis(*t), *id, tone.clone())
            )
        }
        Op::Timeout(t) => {
            collector.handle_timeout(Timestamp::from_millis(*t));
            String::new()
        }
        Op::Cancel(t, _) => {
            collector.cancel(Timestamp::from_millis(*t));
            String::new()
        }
        Op::Start(t, _) => {
            collector.restart(Timestamp::from_millis(*t));
            String::new()
        }
        Op::End(t, _) => {
            collector.call_ended(Timestamp::from_millis(*t));
            String::new()
        }
        // One collector has no calls to track.
        Op::Track(..) => String::new(),
    };
    let first_key = collector.poll_first_key();
    let completion = collector.poll_completion().map(|c| summary(&c));
    format!(
        "{admission} {first_key:?} {completion:?} {:?}",
        collector.next_deadline()
    )
}

fn step_calls(calls: &mut CallCollectors, op: &Op) -> String {
    let admission = match op {
        Op::Tone(t, call, id, tone) => {
            let batch = tone_batch(CALLS[*call], *id, tone);
            let event: ToneEvent<'_> = batch.tone_events().next().unwrap().unwrap();
            format!(
                "{:?}",
                calls.handle_event(Timestamp::from_millis(*t), &event)
            )
        }
        Op::Timeout(t) => {
            calls.handle_timeout(Timestamp::from_millis(*t));
            String::new()
        }
        Op::Cancel(t, call) => {
            calls.cancel(Timestamp::from_millis(*t), CALLS[*call]);
            String::new()
        }
        Op::Start(t, call) => format!(
            "{:?}",
            calls.start(Timestamp::from_millis(*t), CALLS[*call])
        ),
        Op::End(t, call) => format!(
            "{:?}",
            calls.end_call(Timestamp::from_millis(*t), CALLS[*call])
        ),
        Op::Track(t, call) => format!(
            "{:?}",
            calls.track(Timestamp::from_millis(*t), CALLS[*call])
        ),
    };
    let first_keys: Vec<_> = std::iter::from_fn(|| calls.poll_first_key())
        .map(|k| (k.call_id, k.at))
        .collect();
    let completions: Vec<_> = std::iter::from_fn(|| calls.poll_completion())
        .map(|c| (c.call_id.clone(), summary(&c.completion)))
        .collect();
    format!(
        "{admission} {first_keys:?} {completions:?} {:?}",
        calls.next_deadline()
    )
}

/// A notification batch with one tone event, the way callers get events.
fn tone_batch(
    call_id: &str,
    sequence_id: i64,
    tone: &Tone,
) -> graph_comms_models::CommsNotifications {
    let body = serde_json::json!({"value": [{
        "resourceUrl": format!("/communications/calls/{call_id}"),
        "resourceData": {"@odata.type": "#microsoft.graph.call",
                         "toneInfo": {"sequenceId": sequence_id, "tone": tone.as_str()}}
    }]});
    graph_comms_models::CommsNotifications::from_value(body).unwrap()
}

/// Runs `ops` straight, and again with the state serialised and read back
/// before op `cut`; both must give the same outputs and the same final state.
fn round_trip_anywhere<S, F>(
    mut state: S,
    ops: &[Op],
    cut: usize,
    step: F,
) -> Result<(), TestCaseError>
where
    S: Clone + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    F: Fn(&mut S, &Op) -> String,
{
    let mut copy = state.clone();
    let mut straight = Vec::new();
    for op in ops {
        straight.push(step(&mut state, op));
    }
    let mut resumed = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        if i == cut {
            let json = serde_json::to_string(&copy).unwrap();
            let read: S =
                serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&read, &copy, "the copy equals the original");
            prop_assert_eq!(
                serde_json::to_string(&read).unwrap(),
                json,
                "and writes the same"
            );
            copy = read;
        }
        resumed.push(step(&mut copy, op));
    }
    prop_assert_eq!(straight, resumed);
    prop_assert_eq!(
        serde_json::to_string(&state).unwrap(),
        serde_json::to_string(&copy).unwrap()
    );
    Ok(())
}

proptest! {
    #[test]
    fn a_collector_continues_exactly_from_a_serialised_copy(
        options in options(),
        ops in prop::collection::vec(op(), 0..40),
        cut in 0usize..40,
        waiting in any::<bool>(),
    ) {
        let collector = if waiting {
            DigitCollector::new_waiting(options, Timestamp::from_millis(100)).unwrap()
        } else {
            DigitCollector::new(options, Timestamp::from_millis(100)).unwrap()
        };
        round_trip_anywhere(collector, &ops, cut, step_collector)?;
    }

    #[test]
    fn the_call_map_continues_exactly_from_a_serialised_copy(
        options in options(),
        max_calls in 1usize..4,
        ops in prop::collection::vec(op(), 0..40),
        cut in 0usize..40,
    ) {
        let limits = CallLimits::default()
            .with_max_calls(max_calls)
            .with_idle_timeout(Duration::from_secs(8));
        let calls = CallCollectors::new(options, limits).unwrap();
        round_trip_anywhere(calls, &ops, cut, step_calls)?;
    }

    #[test]
    fn a_sequencer_continues_exactly_from_a_serialised_copy(
        ops in prop::collection::vec(seq_op(), 0..60),
        cut in 0usize..60,
    ) {
        let run = |cut: Option<usize>| {
            let mut s = ToneSequencer::new(SequencerOptions::new().with_window(4)).unwrap();
            let mut out = Vec::new();
            for (i, op) in ops.iter().enumerate() {
                if Some(i) == cut {
                    s = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
                }
                match op {
                    SeqOp::Tone(t, id, tone) => {
                        out.push(format!("{:?}", s.handle_tone(Timestamp::from_millis(*t), *id, tone.clone())));
                    }
                    SeqOp::Timeout(t) => s.handle_timeout(Timestamp::from_millis(*t)),
                    SeqOp::Poll(n) => {
                        for _ in 0..*n {
                            out.push(format!("{:?}", s.poll_event().map(|e| serde_json::to_string(&e).unwrap())));
                        }
                    }
                    SeqOp::Reset(t) => s.reset(Timestamp::from_millis(*t)),
                    SeqOp::Flush(t) => s.flush(Timestamp::from_millis(*t)),
                }
            }
            (out, serde_json::to_string(&s).unwrap())
        };
        prop_assert_eq!(run(None), run(Some(cut)));
    }
}
