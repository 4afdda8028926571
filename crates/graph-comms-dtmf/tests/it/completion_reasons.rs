//! Table-driven: every way a collection ends, and the options that lead there.

use graph_comms_dtmf::{
    CollectorOptions, CompletionReason, DigitCollector, InvalidTone, SequencerOptions, Timestamp,
};
use graph_comms_models::Tone;
use std::collections::BTreeSet;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
enum Input {
    /// A tone at a time (ms), with its sequence id and key.
    Key(u64, i64, char),
    /// A tone with no key character (hook flash).
    Flash(u64, i64),
    Timeout(u64),
    Cancel(u64),
    End(u64),
}

struct Case {
    name: &'static str,
    options: CollectorOptions,
    inputs: &'static [Input],
    reason: CompletionReason,
    digits: &'static str,
    at: u64,
}

use Input::*;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn cases() -> Vec<Case> {
    let opts = CollectorOptions::new;
    vec![
        Case {
            name: "max digits",
            options: opts().with_max_digits(3),
            inputs: &[
                Key(100, 1, '1'),
                Key(200, 2, '2'),
                Key(300, 3, '3'),
                Key(400, 4, '4'),
            ],
            reason: CompletionReason::MaxDigits,
            digits: "123",
            at: 300,
        },
        Case {
            name: "max digits without a maximum: the digit limit",
            options: opts()
                .with_stop_tones([])
                .with_inter_digit_timeout(None)
                .with_sequencer(SequencerOptions::new().with_window(1)),
            inputs: &[],
            reason: CompletionReason::MaxDigits,
            digits: "",
            at: 0,
        },
        Case {
            name: "stop tone (default #, not kept)",
            options: opts(),
            inputs: &[Key(100, 1, '1'), Key(200, 2, '2'), Key(300, 3, '#')],
            reason: CompletionReason::StopTone,
            digits: "12",
            at: 300,
        },
        Case {
            name: "stop tone kept",
            options: opts().with_keep_stop_tone(true),
            inputs: &[Key(100, 1, '1'), Key(300, 2, '#')],
            reason: CompletionReason::StopTone,
            digits: "1#",
            at: 300,
        },
        Case {
            name: "stop tone from a custom set",
            options: opts().with_stop_tones([Tone::Star, Tone::Tone0]),
            inputs: &[Key(100, 1, '#'), Key(200, 2, '0')],
            reason: CompletionReason::StopTone,
            digits: "#",
            at: 200,
        },
        Case {
            name: "stop tone right away with no minimum: empty digits",
            options: opts(),
            inputs: &[Key(100, 1, '#')],
            reason: CompletionReason::StopTone,
            digits: "",
            at: 100,
        },
        Case {
            name: "clear tone empties the digits",
            options: opts().with_clear_tone(Tone::Star),
            inputs: &[
                Key(100, 1, '1'),
                Key(200, 2, '2'),
                Key(300, 3, '*'),
                Key(400, 4, '3'),
                Key(500, 5, '#'),
            ],
            reason: CompletionReason::StopTone,
            digits: "3",
            at: 500,
        },
        Case {
            name: "inter-digit timeout (5 s default)",
            options: opts(),
            inputs: &[
                Key(1_000, 1, '4'),
                Key(2_000, 2, '2'),
                Timeout(6_999),
                Timeout(7_000),
            ],
            reason: CompletionReason::InterDigitTimeout,
            digits: "42",
            at: 7_000,
        },
        Case {
            name: "inter-digit timeout applied by a late input",
            options: opts().with_inter_digit_timeout(secs(2)),
            inputs: &[Key(1_000, 1, '4'), Key(9_000, 2, '2')],
            reason: CompletionReason::InterDigitTimeout,
            digits: "4",
            at: 3_000,
        },
        Case {
            name: "a clear tone restarts the inter-digit timeout",
            options: opts()
                .with_clear_tone(Tone::Star)
                .with_inter_digit_timeout(secs(2)),
            inputs: &[
                Key(1_000, 1, '4'),
                Key(2_500, 2, '*'),
                Timeout(4_000),
                Timeout(4_500),
            ],
            reason: CompletionReason::InterDigitTimeout,
            digits: "",
            at: 4_500,
        },
        Case {
            name: "initial timeout (5 s default)",
            options: opts(),
            inputs: &[Timeout(4_999), Timeout(5_000)],
            reason: CompletionReason::InitialTimeout,
            digits: "",
            at: 5_000,
        },
        Case {
            name: "initial timeout applied by a cancel that comes late",
            options: opts().with_initial_timeout(secs(1)),
            inputs: &[Cancel(60_000)],
            reason: CompletionReason::InitialTimeout,
            digits: "",
            at: 1_000,
        },
        Case {
            name: "overall timeout",
            options: opts().with_overall_timeout(secs(3)),
            inputs: &[Key(1_000, 1, '1'), Key(2_000, 2, '2'), Key(3_000, 3, '3')],
            reason: CompletionReason::OverallTimeout,
            digits: "12",
            at: 3_000,
        },
        Case {
            name: "overall timeout wins a tie with the inter-digit timeout",
            options: opts().with_overall_timeout(secs(7)),
            inputs: &[Key(2_000, 1, '1'), Timeout(10_000)],
            reason: CompletionReason::OverallTimeout,
            digits: "1",
            at: 7_000,
        },
        Case {
            name: "no timeouts at all: only a cancel ends it",
            options: opts()
                .with_initial_timeout(None)
                .with_inter_digit_timeout(None),
            inputs: &[Key(1_000, 1, '5'), Timeout(u64::MAX), Cancel(u64::MAX)],
            reason: CompletionReason::Cancelled,
            digits: "5",
            at: u64::MAX,
        },
        Case {
            name: "cancelled",
            options: opts(),
            inputs: &[Key(100, 1, '7'), Cancel(200), Key(300, 2, '#')],
            reason: CompletionReason::Cancelled,
            digits: "7",
            at: 200,
        },
        Case {
            name: "call ended: held tones are collected first",
            options: opts(),
            // 2 never comes; 3 is held when the call ends.
            inputs: &[Key(100, 1, '4'), Key(200, 3, '5'), End(300)],
            reason: CompletionReason::CallEnded,
            digits: "45",
            at: 300,
        },
        Case {
            name: "invalid input: a tone not allowed",
            options: opts().with_allowed_tones(
                (0..=9).map(|d| Tone::from_char(char::from_digit(d, 10).unwrap()).unwrap()),
            ),
            inputs: &[Key(100, 1, '1'), Key(200, 2, '*'), Key(300, 3, '#')],
            reason: CompletionReason::InvalidInput,
            digits: "1",
            at: 200,
        },
        Case {
            name: "invalid input: a hook flash (no key) by default",
            options: opts(),
            inputs: &[Key(100, 1, '1'), Flash(200, 2)],
            reason: CompletionReason::InvalidInput,
            digits: "1",
            at: 200,
        },
        Case {
            name: "ignored invalid tones do not end the input",
            options: opts().with_on_invalid_tone(InvalidTone::Ignore),
            inputs: &[Key(100, 1, '1'), Flash(200, 2), Key(300, 3, '#')],
            reason: CompletionReason::StopTone,
            digits: "1",
            at: 300,
        },
        Case {
            name: "invalid input: a stop tone before the minimum",
            options: opts().with_min_digits(4),
            inputs: &[Key(100, 1, '1'), Key(200, 2, '2'), Key(300, 3, '#')],
            reason: CompletionReason::InvalidInput,
            digits: "12",
            at: 300,
        },
        Case {
            name: "a late notification overtaken by a later key is not silence",
            options: opts().with_inter_digit_timeout(secs(5)),
            // Key 2 was pressed before key 3, whose notification came at 4 s;
            // key 2's notification only comes at 5.5 s, after the 5 s deadline.
            inputs: &[
                Key(0, 1, '1'),
                Key(4_000, 3, '3'),
                Key(5_500, 2, '2'),
                Key(6_000, 4, '#'),
            ],
            reason: CompletionReason::StopTone,
            digits: "123",
            at: 6_000,
        },
        Case {
            name: "a timeout waits for a held key received before it",
            options: opts().with_inter_digit_timeout(secs(2)),
            // 2 is lost; 3 arrives at 1.9 s and is held for the 2 s gap timeout,
            // past the 2 s inter-digit deadline.
            inputs: &[
                Key(0, 1, '1'),
                Key(1_900, 3, '3'),
                Timeout(2_000),
                Timeout(3_899),
                Timeout(10_000),
            ],
            reason: CompletionReason::InterDigitTimeout,
            digits: "13",
            at: 3_900,
        },
    ]
}

fn run(case: &Case) -> (CompletionReason, String, u64) {
    let mut collector = DigitCollector::new(case.options.clone(), Timestamp::ZERO).unwrap();
    if case.inputs.is_empty() {
        // The digit-limit case: type the limit.
        let limit = CollectorOptions::DIGIT_LIMIT as i64;
        for sequence_id in 1..=limit + 5 {
            collector.handle_tone(Timestamp::ZERO, sequence_id, Tone::Tone8);
        }
    }
    for input in case.inputs {
        let (ms, out) = match *input {
            Key(ms, id, key) => {
                let tone = Tone::from_char(key).unwrap();
                (ms, Some((id, tone)))
            }
            Flash(ms, id) => (ms, Some((id, Tone::Flash))),
            Timeout(ms) | Cancel(ms) | End(ms) => (ms, None),
        };
        let now = Timestamp::from_millis(ms);
        match (*input, out) {
            (_, Some((id, tone))) => {
                collector.handle_tone(now, id, tone);
            }
            (Timeout(_), _) => collector.handle_timeout(now),
            (Cancel(_), _) => collector.cancel(now),
            (End(_), _) => collector.call_ended(now),
            _ => unreachable!(),
        }
        if let Some(deadline) = collector.next_deadline() {
            assert!(
                deadline > now || !collector.is_collecting(),
                "{}: deadline in the past",
                case.name
            );
        }
    }
    let completion = collector
        .poll_completion()
        .unwrap_or_else(|| panic!("{}: did not complete", case.name));
    assert!(collector.poll_completion().is_none());
    assert_eq!(collector.next_deadline(), None, "{}", case.name);
    (
        completion.reason,
        completion.digits.expose().to_owned(),
        completion.at.as_millis(),
    )
}

#[test]
fn every_case_ends_as_expected() {
    for case in cases() {
        let (reason, digits, at) = run(&case);
        let expected_digits = if case.inputs.is_empty() {
            "8".repeat(CollectorOptions::DIGIT_LIMIT.into())
        } else {
            case.digits.to_owned()
        };
        assert_eq!(reason, case.reason, "{}", case.name);
        assert_eq!(digits, expected_digits, "{}", case.name);
        assert_eq!(at, case.at, "{}", case.name);
    }
}

#[test]
fn every_completion_reason_is_reached() {
    let reached: BTreeSet<_> = cases().iter().map(|case| run(case).0).collect();
    let all: BTreeSet<_> = CompletionReason::ALL.into_iter().collect();
    assert_eq!(reached, all);
}

#[test]
fn reasons_are_kebab_case_strings() {
    let names: Vec<_> = CompletionReason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        names,
        [
            "max-digits",
            "stop-tone",
            "inter-digit-timeout",
            "initial-timeout",
            "overall-timeout",
            "cancelled",
            "call-ended",
            "invalid-input"
        ]
    );
    for reason in CompletionReason::ALL {
        let json = serde_json::to_string(&reason).unwrap();
        assert_eq!(json, format!("\"{}\"", reason.as_str()));
        assert_eq!(reason.to_string(), reason.as_str());
        assert_eq!(
            serde_json::from_str::<CompletionReason>(&json).unwrap(),
            reason
        );
    }
}

#[test]
fn after_completion_tones_are_ignored_until_restart() {
    let mut collector = DigitCollector::new(CollectorOptions::new(), Timestamp::ZERO).unwrap();
    for (id, key) in [(1, '1'), (2, '#'), (3, '9')] {
        collector.handle_tone(
            Timestamp::from_millis(10),
            id,
            Tone::from_char(key).unwrap(),
        );
    }
    assert_eq!(collector.poll_completion().unwrap().digits.expose(), "1");
    assert_eq!(collector.stats().ignored_tones, 1);

    collector.restart(Timestamp::from_millis(20));
    assert!(collector.is_collecting());
    // A late copy of an earlier tone stays a duplicate after the restart.
    collector.handle_tone(Timestamp::from_millis(30), 1, Tone::Tone1);
    for (id, key) in [(4, '7'), (5, '#')] {
        collector.handle_tone(
            Timestamp::from_millis(40),
            id,
            Tone::from_char(key).unwrap(),
        );
    }
    let completion = collector.poll_completion().unwrap();
    assert_eq!(completion.digits.expose(), "7");
    assert_eq!(completion.reason, CompletionReason::StopTone);
}

#[test]
fn gaps_are_counted_in_the_completion() {
    let mut collector = DigitCollector::new(CollectorOptions::new(), Timestamp::ZERO).unwrap();
    collector.handle_tone(Timestamp::from_millis(10), 1, Tone::Tone1);
    collector.handle_tone(Timestamp::from_millis(20), 4, Tone::Tone4);
    collector.handle_tone(Timestamp::from_millis(30), 5, Tone::Pound);
    assert_eq!(
        collector.next_deadline(),
        Some(Timestamp::from_millis(2_020))
    );
    collector.handle_timeout(Timestamp::from_millis(2_020));
    let completion = collector.poll_completion().unwrap();
    assert_eq!(completion.digits.expose(), "14");
    assert_eq!(completion.missed_tones, 2);
}

#[test]
fn invalid_options_are_errors_that_name_the_option() {
    let cases = [
        (
            CollectorOptions::new().with_max_digits(0),
            "max_digits 0 is out of range: it must be 1 to 1024",
        ),
        (
            CollectorOptions::new().with_max_digits(2000),
            "max_digits 2000 is out of range: it must be 1 to 1024",
        ),
        (
            CollectorOptions::new()
                .with_max_digits(4)
                .with_min_digits(5),
            "min_digits 5 is above the maximum of 4 digits",
        ),
        (
            CollectorOptions::new().with_clear_tone(Tone::Pound),
            "the clear tone is also one of the stop tones",
        ),
        (
            CollectorOptions::new().with_sequencer(SequencerOptions::new().with_window(0)),
            "sequencer window 0 is out of range: it must be 1 to 1024",
        ),
    ];
    for (options, message) in cases {
        let err = DigitCollector::new(options, Timestamp::ZERO).unwrap_err();
        assert_eq!(err.to_string(), message);
    }
}
