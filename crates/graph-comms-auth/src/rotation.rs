//! When to fetch the service's OpenID configuration and keys again: a state
//! machine that is told the time, the unknown `kid`s seen and the outcome of
//! each fetch, and holds the key set in force.

use crate::keys::KeySet;
use std::time::{Duration, SystemTime};

/// How often keys are fetched again on the timer by default: every 2 hours,
/// as the calling SDK samples do.
pub const DEFAULT_REFRESH_INTERVAL: Duration = Duration::from_secs(2 * 60 * 60);

/// The shortest time between two fetches caused by unknown `kid`s by default:
/// 5 minutes, the `RefreshInterval` default of
/// `Microsoft.IdentityModel.Protocols.ConfigurationManager`.
pub const DEFAULT_UNKNOWN_KEY_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// When to fetch the keys: the timer, the rate limit on fetches for unknown
/// `kid`s, the fetch timeout and the delays after failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RotationPolicy {
    /// Fetch again this long after the last successful fetch.
    pub refresh_interval: Duration,
    /// At most one fetch for unknown `kid`s per this long: anyone can send a
    /// token with a made-up `kid`, and that must not make the bot hammer the
    /// key endpoint.
    pub unknown_key_interval: Duration,
    /// Count a fetch not reported after this long as failed.
    pub fetch_timeout: Duration,
    /// The wait after a first failure; doubled per failure in a row.
    pub first_retry_delay: Duration,
    /// The longest wait after failures.
    pub max_retry_delay: Duration,
}

impl Default for RotationPolicy {
    /// Timer [`DEFAULT_REFRESH_INTERVAL`], unknown-`kid` rate limit
    /// [`DEFAULT_UNKNOWN_KEY_INTERVAL`], fetch timeout 30 s, retries after
    /// 10 s doubling up to 10 minutes.
    fn default() -> Self {
        RotationPolicy {
            refresh_interval: DEFAULT_REFRESH_INTERVAL,
            unknown_key_interval: DEFAULT_UNKNOWN_KEY_INTERVAL,
            fetch_timeout: Duration::from_secs(30),
            first_retry_delay: Duration::from_secs(10),
            max_retry_delay: Duration::from_secs(10 * 60),
        }
    }
}

/// Why a fetch is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FetchReason {
    /// No key set has been fetched yet.
    Initial,
    /// The refresh interval has passed since the last successful fetch.
    Timer,
    /// A token named a `kid` that is not in the key set.
    UnknownKey,
}

/// What the rotation waits for before the next fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RotationWait {
    /// The fetch under way (`until`: when it counts as failed).
    FetchUnderWay,
    /// The timer (`until`: the next refresh).
    Timer,
    /// The delay after a failed fetch.
    RetryDelay,
    /// The rate limit on fetches for unknown `kid`s; one is pending.
    UnknownKeyRateLimit,
}

/// What to do now, as [`KeyRotation::step`] decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RotationStep {
    /// Fetch the OpenID configuration and its `jwks_uri`, then report with
    /// [`KeyRotation::fetched`] or [`KeyRotation::fetch_failed`]. Only one
    /// fetch is asked for at a time.
    Fetch(FetchReason),
    /// Nothing to do before `until` (unless an unknown `kid` is reported).
    Wait {
        /// What is waited for.
        reason: RotationWait,
        /// When to step again.
        until: SystemTime,
    },
}

/// What a reported fetch did to the key set in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyUpdate {
    /// The new key set differs and is now in force: give it to the validator
    /// ([`CallbackValidator::set_keys`](crate::CallbackValidator::set_keys)).
    Changed,
    /// The new key set is the one in force.
    Unchanged,
    /// The new key set has no usable key, so the previous one stays in force
    /// and the fetch counts as failed (the retry delay applies).
    Rejected,
}

/// The service's keys over time: when to fetch them again, and the key set
/// in force.
///
/// It does no I/O and reads no clock. Call [`step`](KeyRotation::step) with
/// the time (on a timer task, say) and fetch when it says so; report an
/// unknown `kid` with [`unknown_key`](KeyRotation::unknown_key) (when
/// [`AuthError::should_refresh_keys`](crate::AuthError::should_refresh_keys)).
/// The key set in force is kept while a new one is fetched, and kept when
/// the fetch fails or brings no usable key.
///
/// ```
/// use graph_comms_auth::{FetchReason, KeyRotation, KeySet, KeyUpdate, RotationStep, RotationWait};
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let mut rotation = KeyRotation::new(Default::default());
/// let t0 = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// assert_eq!(rotation.step(t0), RotationStep::Fetch(FetchReason::Initial));
/// // ...GET the OpenID configuration, then its jwks_uri...
/// let jwks = graph_comms_auth::testing::jwks_json();
/// assert_eq!(rotation.fetched(t0, KeySet::from_jwks_json(jwks.as_bytes())?), KeyUpdate::Changed);
/// // validator.set_keys(rotation.keys().clone());
/// assert_eq!(rotation.step(t0), RotationStep::Wait {
///     reason: RotationWait::Timer, until: t0 + Duration::from_secs(2 * 3600) });
///
/// // A token with an unknown kid asks for a fetch...
/// let t1 = t0 + Duration::from_secs(600);
/// assert_eq!(rotation.unknown_key(t1), RotationStep::Fetch(FetchReason::UnknownKey));
/// rotation.fetch_failed(t1);
/// assert_eq!(rotation.keys().len(), 1); // the previous keys are kept
/// // ...and a second one, a minute later, waits for the rate limit.
/// let t2 = t1 + Duration::from_secs(60);
/// assert_eq!(rotation.unknown_key(t2), RotationStep::Wait {
///     reason: RotationWait::UnknownKeyRateLimit, until: t1 + Duration::from_secs(300) });
/// # Ok::<(), graph_comms_auth::MetadataError>(())
/// ```
#[derive(Clone, Debug)]
pub struct KeyRotation {
    policy: RotationPolicy,
    keys: KeySet,
    last_success: Option<SystemTime>,
    /// The fetch under way: when it started, and why.
    fetch: Option<(SystemTime, FetchReason)>,
    /// When the last fetch for an unknown `kid` started.
    last_unknown_key_fetch: Option<SystemTime>,
    /// An unknown `kid` was reported that no fetch started since answers.
    unknown_key_pending: bool,
    failures: u32,
    retry_at: Option<SystemTime>,
}

impl KeyRotation {
    /// A rotation with no key set yet: its first step is a fetch.
    pub fn new(policy: RotationPolicy) -> Self {
        KeyRotation {
            policy,
            keys: KeySet::new(),
            last_success: None,
            fetch: None,
            last_unknown_key_fetch: None,
            unknown_key_pending: false,
            failures: 0,
            retry_at: None,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &RotationPolicy {
        &self.policy
    }

    /// The key set in force (empty until a fetch succeeds).
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// When the last successful fetch was reported.
    pub fn last_success(&self) -> Option<SystemTime> {
        self.last_success
    }

    /// What to do at `now`.
    pub fn step(&mut self, now: SystemTime) -> RotationStep {
        if let Some((started, _)) = self.fetch {
            let deadline = add(started, self.policy.fetch_timeout);
            if now < deadline {
                return RotationStep::Wait {
                    reason: RotationWait::FetchUnderWay,
                    until: deadline,
                };
            }
            // Lost: count it as failed, from its deadline.
            self.fetch_failed(deadline);
        }
        let (reason, due) = self.next_fetch();
        if now >= due {
            if reason == FetchReason::UnknownKey {
                self.last_unknown_key_fetch = Some(now);
            }
            // Any fetch answers the unknown kids reported before it.
            self.unknown_key_pending = false;
            self.fetch = Some((now, reason));
            return RotationStep::Fetch(reason);
        }
        let wait = match reason {
            _ if self.retry_at == Some(due) => RotationWait::RetryDelay,
            FetchReason::UnknownKey => RotationWait::UnknownKeyRateLimit,
            FetchReason::Timer | FetchReason::Initial => RotationWait::Timer,
        };
        RotationStep::Wait {
            reason: wait,
            until: due,
        }
    }

    /// The next fetch when none is under way: why, and when it is due.
    fn next_fetch(&self) -> (FetchReason, SystemTime) {
        let retry = self.retry_at;
        let later = |at: SystemTime| retry.map_or(at, |r| r.max(at));
        let Some(last) = self.last_success else {
            return (
                FetchReason::Initial,
                later(retry.unwrap_or(SystemTime::UNIX_EPOCH)),
            );
        };
        let timer = later(add(last, self.policy.refresh_interval));
        if self.unknown_key_pending {
            let allowed = self
                .last_unknown_key_fetch
                .map_or(SystemTime::UNIX_EPOCH, |at| {
                    add(at, self.policy.unknown_key_interval)
                });
            let unknown = later(allowed);
            if unknown < timer {
                return (FetchReason::UnknownKey, unknown);
            }
        }
        (FetchReason::Timer, timer)
    }

    /// Reports a token whose `kid` is not in the key set, at `now`, and
    /// steps: a fetch is asked for at once unless one is under way, the rate
    /// limit or a retry delay holds it back (then it happens when they allow).
    pub fn unknown_key(&mut self, now: SystemTime) -> RotationStep {
        self.unknown_key_pending = true;
        self.step(now)
    }

    /// Reports a fetched key set (at `now`). A set with a usable key is put
    /// in force; one without keeps the previous set and counts as a failure.
    pub fn fetched(&mut self, now: SystemTime, keys: KeySet) -> KeyUpdate {
        if keys.is_empty() {
            self.fetch_failed(now);
            return KeyUpdate::Rejected;
        }
        self.fetch = None;
        self.failures = 0;
        self.retry_at = None;
        self.last_success = Some(now);
        if keys == self.keys {
            KeyUpdate::Unchanged
        } else {
            self.keys = keys;
            KeyUpdate::Changed
        }
    }

    /// Reports a failed fetch (at `now`): the key set in force stays, and
    /// the next fetch waits the retry delay.
    pub fn fetch_failed(&mut self, now: SystemTime) {
        self.fetch = None;
        self.failures = self.failures.saturating_add(1);
        let shift = (self.failures - 1).min(16);
        let delay = self
            .policy
            .first_retry_delay
            .saturating_mul(1 << shift)
            .min(self.policy.max_retry_delay);
        self.retry_at = Some(add(now, delay));
    }
}

/// `at + d`, saturating at a time in the year 4147 (so that a huge
/// duration means "not before then", never "now").
pub(crate) fn add(at: SystemTime, d: Duration) -> SystemTime {
    let far = SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 36);
    at.checked_add(d)
        .map_or(far.max(at), |t| t.min(far.max(at)))
}
