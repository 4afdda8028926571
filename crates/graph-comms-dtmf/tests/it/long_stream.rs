//! A million tones across many calls stay within the memory bound: the number
//! of entries kept is checked, not the time taken.

use graph_comms_dtmf::{
    CallCollectors, CallLimits, CollectorOptions, SequencerOptions, Timestamp, ToneSequencer,
};
use graph_comms_models::Tone;
use std::time::Duration;

/// A small deterministic generator (no randomness from outside the test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

const TONES: [Tone; 13] = [
    Tone::Tone0,
    Tone::Tone1,
    Tone::Tone2,
    Tone::Tone3,
    Tone::Tone4,
    Tone::Tone5,
    Tone::Tone6,
    Tone::Tone7,
    Tone::Tone8,
    Tone::Tone9,
    Tone::Star,
    Tone::Pound,
    Tone::Flash,
];

#[test]
fn a_million_tones_across_many_calls_stay_within_the_bound() {
    const MAX_CALLS: usize = 200;
    const WINDOW: u16 = 8;
    let options = CollectorOptions::new()
        .with_max_digits(12)
        .with_sequencer(SequencerOptions::new().with_window(WINDOW));
    let limits = CallLimits::default()
        .with_max_calls(MAX_CALLS)
        .with_idle_timeout(Duration::from_secs(30));
    let mut calls = CallCollectors::new(options.clone(), limits).unwrap();
    let per_collector = ToneSequencer::new(options.sequencer().clone())
        .unwrap()
        .max_retained();
    // Calls, waiting completions and first-key signals, and each
    // collector's sequencer entries (no type-ahead with these options).
    let bound = MAX_CALLS + MAX_CALLS + MAX_CALLS + MAX_CALLS * per_collector;

    let mut rng = Lcg(7);
    let mut next_id = vec![1i64; 4_096];
    let mut call_names: Vec<String> = (0..4_096).map(|i| format!("call-{i:05}")).collect();
    let mut completions = 0u64;
    let mut first_keys = 0u64;
    let mut most_retained = 0;
    for i in 0..1_000_000u64 {
        let now = Timestamp::from_millis(i * 3);
        // Calls come and go: about 64 are active at a time, drifting upwards;
        // some ids of far-away calls come in too.
        let call = if rng.next().is_multiple_of(50) {
            rng.next() as usize % 4_096
        } else {
            ((i / 400) as usize + rng.next() as usize % 64) % 4_096
        };
        let id = match rng.next() % 100 {
            0..=79 => {
                next_id[call] += 1;
                next_id[call] - 1
            }
            80..=89 => next_id[call] - 1 - (rng.next() % 4) as i64, // duplicate or late
            90..=97 => next_id[call] + (rng.next() % 12) as i64,    // ahead: held or gap
            98 => i64::MAX - (rng.next() % 3) as i64,               // extreme
            _ => -(rng.next() as i64),                              // negative
        };
        let tone = TONES[rng.next() as usize % TONES.len()].clone();
        calls.handle_tone(now, &call_names[call], id, tone).unwrap();
        if i.is_multiple_of(1_000) {
            calls.handle_timeout(now);
        }
        while calls.poll_completion().is_some() {
            completions += 1;
        }
        // Polled now and then only: the waiting signals stay bounded.
        if i.is_multiple_of(7) {
            while calls.poll_first_key().is_some() {
                first_keys += 1;
            }
        }
        if i.is_multiple_of(97) {
            let retained = calls.retained();
            most_retained = most_retained.max(retained);
            assert!(calls.len() <= MAX_CALLS, "{} calls", calls.len());
            assert!(retained <= bound, "{retained} entries > {bound}");
        }
        if i == 500_000 {
            // Rename half the calls: new calls, same traffic.
            for name in call_names.iter_mut().step_by(2) {
                name.push('x');
            }
        }
    }
    calls.handle_timeout(Timestamp::from_millis(u64::MAX));
    while calls.poll_completion().is_some() {
        completions += 1;
    }
    while calls.poll_first_key().is_some() {
        first_keys += 1;
    }
    assert!(calls.is_empty(), "every call is evicted once idle");
    assert_eq!(calls.retained(), 0);
    let stats = calls.stats();
    assert!(
        stats.evicted_for_room > 0 && stats.evicted_idle > 0,
        "{stats:?}"
    );
    assert!(completions > 10_000, "{completions} completions");
    // One signal per collection with a key that counts, at most.
    assert!(
        first_keys > 10_000 && first_keys <= completions,
        "{first_keys} first keys, {completions} completions"
    );
    assert!(
        most_retained > MAX_CALLS,
        "the bound was approached: {most_retained}"
    );
}
