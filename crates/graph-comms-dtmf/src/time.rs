//! Time as the caller passes it in: [`Timestamp`], and millisecond durations.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A point in time: whole milliseconds since an epoch the caller chooses.
///
/// The crate never reads a clock. Every input carries a `Timestamp` and every
/// deadline comes back as one, so the caller decides what time is:
///
/// - one process: keep an `origin = std::time::Instant::now()` and pass
///   `Timestamp::from_duration(origin.elapsed())`;
/// - a fleet of stateless workers that share state through a store: pass
///   milliseconds since the Unix epoch (`SystemTime::now().duration_since(UNIX_EPOCH)`),
///   so that every worker agrees on the epoch;
/// - tests: any numbers.
///
/// Time never runs backwards inside a state machine: a `now` earlier than one
/// already seen is taken as the latest seen (workers' clocks may differ a
/// little). It serialises as a plain integer.
///
/// ```
/// use graph_comms_dtmf::Timestamp;
/// use std::time::Duration;
///
/// let t = Timestamp::from_millis(1_500);
/// assert_eq!(t.saturating_add(Duration::from_secs(2)), Timestamp::from_millis(3_500));
/// assert_eq!(serde_json::to_string(&t).unwrap(), "1500");
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(u64);

impl Timestamp {
    /// The epoch itself.
    pub const ZERO: Timestamp = Timestamp(0);
    /// The latest representable time.
    pub const MAX: Timestamp = Timestamp(u64::MAX);

    /// The time `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: u64) -> Self {
        Timestamp(millis)
    }

    /// The time `since_epoch` after the epoch, in whole milliseconds (the
    /// sub-millisecond part is dropped; beyond `u64::MAX` ms it saturates).
    pub fn from_duration(since_epoch: Duration) -> Self {
        Timestamp(u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX))
    }

    /// Milliseconds since the epoch.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// This time plus `duration` (whole milliseconds, rounded up), saturating at
    /// [`Timestamp::MAX`].
    pub fn saturating_add(self, duration: Duration) -> Self {
        Timestamp(self.0.saturating_add(millis_ceil(duration)))
    }

    /// How long after `earlier` this is; zero if it is not after it.
    pub fn saturating_duration_since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }

    pub(crate) fn plus_millis(self, millis: u64) -> Self {
        Timestamp(self.0.saturating_add(millis))
    }
}

/// A duration in whole milliseconds, rounded up so that a non-zero duration
/// never becomes zero; saturating at `u64::MAX`.
pub(crate) fn millis_ceil(duration: Duration) -> u64 {
    let millis = duration.as_millis();
    let rounded = if duration.subsec_nanos().is_multiple_of(1_000_000) {
        millis
    } else {
        millis.saturating_add(1)
    };
    u64::try_from(rounded).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_up_to_whole_milliseconds() {
        assert_eq!(millis_ceil(Duration::ZERO), 0);
        assert_eq!(millis_ceil(Duration::from_nanos(1)), 1);
        assert_eq!(millis_ceil(Duration::from_millis(5)), 5);
        assert_eq!(millis_ceil(Duration::from_micros(5_001)), 6);
        assert_eq!(millis_ceil(Duration::MAX), u64::MAX);
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(
            Timestamp::MAX.saturating_add(Duration::from_secs(1)),
            Timestamp::MAX
        );
        assert_eq!(
            Timestamp::ZERO.saturating_duration_since(Timestamp::from_millis(5)),
            Duration::ZERO
        );
        assert_eq!(Timestamp::from_duration(Duration::MAX), Timestamp::MAX);
        assert_eq!(
            Timestamp::from_duration(Duration::from_micros(2_999)),
            Timestamp::from_millis(2)
        );
    }
}
