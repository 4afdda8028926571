//! When to use the app token held and when to fetch a new one: a state
//! machine that is told the time and the outcome of each fetch.

use crate::rotation::add;
use crate::token::{AccessToken, AppToken};
use std::time::{Duration, SystemTime};

/// How long before expiry a token is refreshed by default: five minutes,
/// the refresh offset MSAL and the Azure identity SDKs use.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// How long a fetch may take by default before another may start: 30 s.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// The first wait after a failed fetch (then doubled per failure).
const FIRST_RETRY_DELAY: Duration = Duration::from_secs(1);
/// The longest wait after failed fetches.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);

/// What to do for a request that needs an app token, as
/// [`AppTokenCache::step`] decides it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenStep {
    /// Use this token.
    Use(AccessToken),
    /// Use this token, and fetch a new one: it expires within the refresh
    /// margin. You hold the one fetch: report its outcome with
    /// [`AppTokenCache::fetched`] or [`AppTokenCache::fetch_failed`].
    Refresh(AccessToken),
    /// There is no usable token: fetch one. You hold the one fetch, as for
    /// [`TokenStep::Refresh`].
    Fetch,
    /// There is no usable token and a fetch may not start now: ask again at
    /// `until` (or when the fetch under way is reported).
    Wait {
        /// What the cache waits for.
        reason: TokenWait,
        /// When to ask again at the latest.
        until: SystemTime,
    },
}

/// What an [`AppTokenCache`] waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenWait {
    /// Another fetch is under way; `until` is when it counts as lost (the
    /// fetch timeout).
    FetchUnderWay,
    /// The last fetch failed; `until` is when the next may start.
    RetryDelay,
}

/// The app token of one set of credentials, and when to fetch the next.
///
/// It does no I/O and reads no clock: call [`step`](AppTokenCache::step)
/// with the time before each Graph request, do what it says, and report the
/// outcome of any fetch it asked for. Only one fetch is asked for at a time:
/// while it is under way, other callers use the current token, or wait when
/// there is none. A fetch not reported within the fetch timeout counts as
/// lost, so a cancelled task cannot block the cache. After a failure the
/// next fetch waits 1 s, doubling per failure up to 60 s (or the
/// `Retry-After` reported).
///
/// Behind a `Mutex` it serves every task of a bot. It holds one token: keep
/// one cache per tenant and cloud.
///
/// ```
/// use graph_comms_auth::{AccessToken, AppToken, AppTokenCache, TokenResponse, TokenStep};
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let mut cache = AppTokenCache::new();
/// let t0 = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// assert_eq!(cache.step(t0), TokenStep::Fetch); // nothing yet: fetch
/// // ...send AppCredentials::token_request, read the answer...
/// let answer = br#"{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0.e30.c2ln"}"#;
/// cache.fetched(TokenResponse::from_json(answer)?.into_token(t0), t0);
/// assert!(matches!(cache.step(t0 + Duration::from_secs(60)), TokenStep::Use(_)));
/// // Five minutes before expiry, one caller is asked to refresh...
/// let late = t0 + Duration::from_secs(3599 - 200);
/// assert!(matches!(cache.step(late), TokenStep::Refresh(_)));
/// // ...and the others keep using the token meanwhile.
/// assert!(matches!(cache.step(late), TokenStep::Use(_)));
/// # Ok::<(), graph_comms_auth::AppTokenError>(())
/// ```
#[derive(Clone, Debug)]
pub struct AppTokenCache {
    token: Option<AppToken>,
    /// When to start refreshing the token held.
    refresh_at: Option<SystemTime>,
    refresh_margin: Duration,
    fetch_timeout: Duration,
    /// When the fetch under way started.
    fetch_started: Option<SystemTime>,
    failures: u32,
    retry_at: Option<SystemTime>,
}

impl Default for AppTokenCache {
    fn default() -> Self {
        AppTokenCache::new()
    }
}

impl AppTokenCache {
    /// An empty cache with [`DEFAULT_REFRESH_MARGIN`] and
    /// [`DEFAULT_FETCH_TIMEOUT`].
    pub fn new() -> Self {
        AppTokenCache {
            token: None,
            refresh_at: None,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            fetch_timeout: DEFAULT_FETCH_TIMEOUT,
            fetch_started: None,
            failures: 0,
            retry_at: None,
        }
    }

    /// Refreshes this long before expiry (at most half the token's lifetime,
    /// so that a short-lived token is not refreshed on every use).
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Counts a fetch not reported after this long as lost.
    #[must_use]
    pub fn with_fetch_timeout(mut self, timeout: Duration) -> Self {
        self.fetch_timeout = timeout;
        self
    }

    /// The token held, if any (it may have expired).
    pub fn token(&self) -> Option<&AppToken> {
        self.token.as_ref()
    }

    /// Whether a fetch is under way at `now` (asked for, not reported, not
    /// timed out).
    pub fn is_fetching(&self, now: SystemTime) -> bool {
        self.fetch_started
            .is_some_and(|started| now < add(started, self.fetch_timeout))
    }

    /// What to do at `now`.
    pub fn step(&mut self, now: SystemTime) -> TokenStep {
        let fetching = self.is_fetching(now);
        if !fetching {
            self.fetch_started = None; // never started, reported, or lost
        }
        let may_fetch = !fetching && self.retry_at.is_none_or(|at| now >= at);
        let usable = self.token.as_ref().filter(|t| now < t.expires_at());
        match usable {
            Some(token) => {
                let token = token.access_token().clone();
                let due = self.refresh_at.is_none_or(|at| now >= at);
                if due && may_fetch {
                    self.fetch_started = Some(now);
                    TokenStep::Refresh(token)
                } else {
                    TokenStep::Use(token)
                }
            }
            None if may_fetch => {
                self.fetch_started = Some(now);
                TokenStep::Fetch
            }
            None => match self.fetch_started {
                Some(started) if fetching => TokenStep::Wait {
                    reason: TokenWait::FetchUnderWay,
                    until: add(started, self.fetch_timeout),
                },
                _ => TokenStep::Wait {
                    reason: TokenWait::RetryDelay,
                    until: self.retry_at.unwrap_or(now),
                },
            },
        }
    }

    /// Reports a fetched token (received at `now`). It replaces the one held,
    /// ends the fetch under way, and clears the retry delay.
    pub fn fetched(&mut self, token: AppToken, now: SystemTime) {
        let lifetime = token
            .expires_at()
            .duration_since(now)
            .unwrap_or(Duration::ZERO);
        let margin = self.refresh_margin.min(lifetime / 2);
        self.refresh_at = token.expires_at().checked_sub(margin);
        self.token = Some(token);
        self.fetch_started = None;
        self.failures = 0;
        self.retry_at = None;
    }

    /// Reports a failed fetch (at `now`): the next one waits, 1 s doubling
    /// per failure up to 60 s, or `retry_after` (the answer's `Retry-After`)
    /// when that is longer. The token held, if any, is kept while it lasts.
    pub fn fetch_failed(&mut self, now: SystemTime, retry_after: Option<Duration>) {
        self.failures = self.failures.saturating_add(1);
        let shift = (self.failures - 1).min(16);
        let delay = FIRST_RETRY_DELAY
            .saturating_mul(1 << shift)
            .min(MAX_RETRY_DELAY)
            .max(retry_after.unwrap_or(Duration::ZERO));
        self.retry_at = Some(add(now, delay));
        self.fetch_started = None;
    }

    /// Forgets the token (after Graph answered `401` for it, say), so that
    /// the next step fetches one, the retry delay permitting.
    pub fn clear(&mut self) {
        self.token = None;
        self.refresh_at = None;
    }
}
