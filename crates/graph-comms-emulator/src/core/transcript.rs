//! The transcript: the last entries of what the emulator saw and did,
//! bounded so that a long `graph-comms emulate` run or a load test does not
//! grow memory without end.
//!
//! Nothing the emulator judges is computed from the transcript: the
//! scenario expectations read each call's own state
//! ([`CallView`](super::CallView)), so dropping the oldest entries loses
//! history a person reads, never a result.

use serde_json::Value;
use std::collections::VecDeque;

/// At most `limit` entries, the oldest dropped first, with a count of the
/// dropped ones.
#[derive(Debug)]
pub(crate) struct Transcript {
    entries: VecDeque<Value>,
    limit: usize,
    dropped: u64,
}

impl Transcript {
    pub(crate) fn new(limit: usize) -> Transcript {
        Transcript {
            entries: VecDeque::new(),
            limit,
            dropped: 0,
        }
    }

    /// Appends an entry, dropping the oldest while over the limit (a limit
    /// of 0 keeps nothing and counts every entry as dropped).
    pub(crate) fn push(&mut self, entry: Value) {
        self.entries.push_back(entry);
        while self.entries.len() > self.limit {
            self.entries.pop_front();
            self.dropped += 1;
        }
    }

    pub(crate) fn entries(&self) -> &VecDeque<Value> {
        &self.entries
    }

    pub(crate) fn dropped(&self) -> u64 {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_the_newest_in_order_and_counts_the_dropped() {
        let mut transcript = Transcript::new(3);
        for i in 0..5 {
            transcript.push(json!(i));
        }
        let kept: Vec<&Value> = transcript.entries().iter().collect();
        assert_eq!(kept, [&json!(2), &json!(3), &json!(4)]);
        assert_eq!(transcript.dropped(), 2);
    }

    #[test]
    fn a_zero_limit_keeps_nothing() {
        let mut transcript = Transcript::new(0);
        transcript.push(json!(1));
        assert!(transcript.entries().is_empty());
        assert_eq!(transcript.dropped(), 1);
    }
}
