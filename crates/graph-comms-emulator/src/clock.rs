//! Time for the emulator: real time for people, a virtual clock for tests.
//!
//! The core never reads a clock: every call into it takes `now`, the time
//! since the emulator started. The runtime reads this [`Clock`] to get that
//! `now`. Under [`Clock::virtual_clock`] time stands still until the runtime
//! sees the system quiescent (no callback in flight, no request of the bot
//! being handled, nothing new for a short settle period) and jumps straight
//! to the next scheduled event, so a 30-second scenario runs in milliseconds.
//! Unlike tokio's paused time, sockets and their timeouts keep running on
//! real time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// The emulator's clock: [`Clock::real`] or [`Clock::virtual_clock`].
///
/// ```
/// use graph_comms_emulator::Clock;
/// use std::time::Duration;
///
/// let clock = Clock::virtual_clock();
/// assert_eq!(clock.now(), Duration::ZERO);
/// assert!(clock.is_virtual());
/// ```
#[derive(Clone, Debug)]
pub struct Clock {
    inner: Inner,
}

#[derive(Clone, Debug)]
enum Inner {
    Real {
        start: Instant,
        system_start: SystemTime,
    },
    Virtual(Arc<VirtualState>),
}

#[derive(Debug)]
struct VirtualState {
    system_start: SystemTime,
    /// Nanoseconds since the start.
    nanos: AtomicU64,
}

impl Clock {
    /// Real time: `now` is the time elapsed since this call.
    pub fn real() -> Clock {
        Clock {
            inner: Inner::Real {
                start: Instant::now(),
                system_start: SystemTime::now(),
            },
        }
    }

    /// A virtual clock starting at zero (its wall-clock time starts at the
    /// real time of this call, so that tokens signed under it are valid
    /// for a verifier that uses [`Clock::system_time`]). Only the runtime
    /// moves it forward.
    pub fn virtual_clock() -> Clock {
        Clock {
            inner: Inner::Virtual(Arc::new(VirtualState {
                system_start: SystemTime::now(),
                nanos: AtomicU64::new(0),
            })),
        }
    }

    /// Whether this clock is virtual.
    pub fn is_virtual(&self) -> bool {
        matches!(self.inner, Inner::Virtual(_))
    }

    /// The time since the clock started.
    pub fn now(&self) -> Duration {
        match &self.inner {
            Inner::Real { start, .. } => start.elapsed(),
            Inner::Virtual(state) => Duration::from_nanos(state.nanos.load(Ordering::SeqCst)),
        }
    }

    /// The wall-clock time of [`Clock::now`]: what a callback token's `iat`
    /// says, and what a bot verifying it under the virtual clock passes as
    /// its `now`.
    pub fn system_time(&self) -> SystemTime {
        let system_start = match &self.inner {
            Inner::Real { system_start, .. } => *system_start,
            Inner::Virtual(state) => state.system_start,
        };
        system_start + self.now()
    }

    /// Moves a virtual clock forward to `to` (never backward); a real clock
    /// ignores it.
    pub(crate) fn advance_to(&self, to: Duration) {
        if let Inner::Virtual(state) = &self.inner {
            let nanos = u64::try_from(to.as_nanos()).unwrap_or(u64::MAX);
            state.nanos.fetch_max(nanos, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_virtual_clock_moves_only_forward_and_only_when_told() {
        let clock = Clock::virtual_clock();
        clock.advance_to(Duration::from_secs(3));
        clock.advance_to(Duration::from_secs(1));
        assert_eq!(clock.now(), Duration::from_secs(3));
        let copy = clock.clone();
        copy.advance_to(Duration::from_secs(5));
        assert_eq!(clock.now(), Duration::from_secs(5));
    }
}
