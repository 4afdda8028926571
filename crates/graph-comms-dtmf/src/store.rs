//! Where a call's state lives between two notifications: one small
//! interface, [`CallStore`], so that a bot switches stores with
//! configuration.
//!
//! - [`MemoryStore`] (the default): one process, a map behind a mutex,
//!   bounded by [`CallLimits`].
//! - `graph-comms-dtmf-redis`: a fleet of workers behind a load balancer,
//!   the state of each call in one Redis key, sealed with an AEAD key, updated
//!   with compare-and-set.
//!
//! The state `S` is the bot's: typically where the call is in the bot's flow,
//! the operations it waits for, and the call's [`DigitCollector`](crate::DigitCollector),
//! so that any worker can take any notification of any call.

use crate::time::Timestamp;
use crate::{CallLimits, OptionsError};
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Mutex;

/// A store of per-call state, updated one event at a time, atomically.
///
/// [`update`](CallStore::update) gives `f` the call's state (`None` when the
/// call has none, or its state expired) to change in place; setting it to
/// `None` deletes it. The change is applied atomically: two updates of the
/// same call, from two tasks or two processes, never lose one another.
///
/// `f` may run more than once (a store using optimistic concurrency runs it
/// again on a fresh copy after a conflict), so it must have no side effect:
/// return what to do (the `R`), and do it once `update` has returned `Ok`.
///
/// **Idle**: a call's state expires once no update has *written* it for the
/// store's idle timeout. That is what every store guarantees; a store may
/// keep a state longer. [`MemoryStore`] also counts an update that only
/// reads (it puts the state back with the new time); the Redis store does
/// not (an update that changes nothing writes nothing, so the key's TTL is
/// not set again). A bot that must keep a quiet call alive writes something
/// (a last-seen time, say) rather than only reading.
///
/// ```
/// use graph_comms_dtmf::{CallLimits, CallStore, MemoryStore, Timestamp};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let store: MemoryStore<u32> = MemoryStore::new(CallLimits::default())?;
/// let count = store
///     .update("call-1", Timestamp::from_millis(0), |state| {
///         let n = state.get_or_insert(0);
///         *n += 1;
///         *n
///     })
///     .await?;
/// assert_eq!(count, 1);
/// # Ok(()) }
/// # let mut future = std::pin::pin!(demo());
/// # let waker = std::task::Waker::noop();
/// # let std::task::Poll::Ready(result) = future.as_mut().poll(&mut std::task::Context::from_waker(waker)) else { unreachable!() };
/// # result.unwrap();
/// ```
pub trait CallStore<S>: Send + Sync {
    /// Applies `f` to the state of `call_id` atomically and returns what `f`
    /// returned. `now` is the caller's time (for stores that expire entries
    /// themselves).
    ///
    /// # Errors
    ///
    /// A [`StoreError`]: the store is unavailable or did not answer in time,
    /// the update kept conflicting, the stored state cannot be read, the
    /// call id is not valid, or the store is full.
    ///
    /// What a caller can rely on:
    ///
    /// - `Ok(r)`: the change `f` made is committed, and `r` is what `f`
    ///   returned on the state that was committed. A store that loses the
    ///   answer to its write checks whether the write was applied anyway
    ///   and returns `Ok` when it was, so a committed change is not reported
    ///   as an error (the Redis store does this for writes; it cannot for
    ///   deletes, see below).
    /// - An error other than [`StoreErrorKind::Unavailable`] or
    ///   [`StoreErrorKind::TimedOut`]: nothing was changed.
    /// - [`StoreErrorKind::Unavailable`] or [`StoreErrorKind::TimedOut`]:
    ///   the change may or may not have been applied (a delete whose answer
    ///   was lost, or a write that could not be checked). `f` must therefore
    ///   give the same result when the same event is applied twice (the
    ///   collector's de-duplication does this for tones), and a caller that
    ///   answers `503` gets the event again and applies it again.
    fn update<R, F>(
        &self,
        call_id: &str,
        now: Timestamp,
        f: F,
    ) -> impl Future<Output = Result<R, StoreError>> + Send
    where
        F: FnMut(&mut Option<S>) -> R + Send,
        R: Send;
}

/// Why a [`CallStore`] update failed.
///
/// The message says what failed and what to do; it never contains the state,
/// a call's tones, or a key.
#[derive(Debug)]
pub struct StoreError {
    kind: StoreErrorKind,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// What went wrong: see [`StoreError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The store cannot be reached (connection refused or lost).
    Unavailable,
    /// The store did not answer within the configured time.
    TimedOut,
    /// Other updates of the same call kept winning; the retries ran out.
    Contended,
    /// The stored state cannot be read: it was not written with this key or
    /// this version of the state, or it was changed; or the store refused
    /// the request in a way that waiting does not fix (something else
    /// stored at the call's key, a permission refused: the source says
    /// what the store answered). Not transient.
    Damaged,
    /// The store holds as many calls as it may; a new call was refused.
    Full,
    /// The state could not be encoded for the store (or sealed: the
    /// system's random number generator failed).
    Encoding,
    /// The call id is not a valid call id (see
    /// [`graph_comms_core::CallId`]: at most 256 bytes, one safe URL path
    /// segment). Nothing was read or stored: every store checks it, so that
    /// what it keeps per call stays bounded whatever ids it is given.
    InvalidCallId,
}

impl StoreError {
    /// An error of `kind`, with the error that caused it (kept as the
    /// [`source`](std::error::Error::source); it must not hold state or
    /// secrets either). For store implementations.
    pub fn new(
        kind: StoreErrorKind,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        StoreError { kind, source }
    }

    /// What went wrong.
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }

    /// Whether trying again later may succeed (unavailable, timed out,
    /// contended): a bot answers such a callback with `503`, never `202`.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            StoreErrorKind::Unavailable | StoreErrorKind::TimedOut | StoreErrorKind::Contended
        )
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            StoreErrorKind::Unavailable => {
                "the call state store cannot be reached: check that it is running and reachable, then retry"
            }
            StoreErrorKind::TimedOut => {
                "the call state store did not answer in time: retry, or raise the store's timeout"
            }
            StoreErrorKind::Contended => {
                "the call's state kept changing under this update and the retries ran out: retry"
            }
            StoreErrorKind::Damaged => {
                "the stored call state cannot be read, or the store refused the request (the source says which): for a state written with another key or version, changed, or something else at the call's key, delete it to start the call's state again; for a refused permission, grant it"
            }
            StoreErrorKind::Full => {
                "the call state store holds as many calls as its limit allows: raise max_calls or wait for calls to end"
            }
            StoreErrorKind::Encoding => {
                "the call state could not be encoded or sealed for the store: check that the state serializes to JSON (maps with string keys) and that the system's random number generator works"
            }
            StoreErrorKind::InvalidCallId => {
                "the call id given to the call state store is not a valid call id, so nothing was stored: pass the call id exactly as Graph gave it (the source says what is wrong with it)"
            }
        })
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// The call id as every store requires it: a [`graph_comms_core::CallId`].
fn check_call_id(call_id: &str) -> Result<(), StoreError> {
    graph_comms_core::CallId::check(call_id)
        .map_err(|error| StoreError::new(StoreErrorKind::InvalidCallId, Some(Box::new(error))))
}

/// The in-memory [`CallStore`]: one process, a map behind a mutex.
///
/// Bounded by [`CallLimits`]: a call idle for longer than the idle timeout
/// is dropped (as a Redis key's TTL would), and a new call beyond
/// `max_calls` is refused with [`StoreErrorKind::Full`] once the idle calls
/// are gone (refused, not evicted: the state is the bot's, and dropping a
/// live call's flow would strand it).
pub struct MemoryStore<S> {
    limits: CallLimits,
    calls: Mutex<HashMap<String, Entry<S>>>,
}

struct Entry<S> {
    touched: Timestamp,
    state: S,
}

impl<S> fmt::Debug for MemoryStore<S> {
    /// Counts only: the states hold tones.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("limits", &self.limits)
            .field("calls", &self.len())
            .finish()
    }
}

impl<S> MemoryStore<S> {
    /// An empty store with these limits.
    ///
    /// # Errors
    ///
    /// [`OptionsErrorKind::MaxCalls`](crate::OptionsErrorKind::MaxCalls)
    /// when `max_calls` is 0.
    pub fn new(limits: CallLimits) -> Result<Self, OptionsError> {
        limits.validate()?;
        Ok(MemoryStore {
            limits,
            calls: Mutex::new(HashMap::new()),
        })
    }

    /// How many calls have a state (expired ones included until the next
    /// update sweeps them).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no call has a state.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The limits given at construction.
    pub fn limits(&self) -> &CallLimits {
        &self.limits
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry<S>>> {
        // A panic in another update's `f` drops that call's state (its
        // entry is taken out of the map before `f` runs and not put back);
        // the map and every other call are intact.
        self.calls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn apply<R>(
        &self,
        call_id: &str,
        now: Timestamp,
        mut f: impl FnMut(&mut Option<S>) -> R,
    ) -> Result<R, StoreError> {
        check_call_id(call_id)?;
        let idle = self.limits.idle_timeout();
        let expired = |entry: &Entry<S>| entry.touched.saturating_add(idle) <= now;
        let mut calls = self.lock();
        let mut state = match calls.remove(call_id) {
            Some(entry) if !expired(&entry) => Some(entry.state),
            _ => None,
        };
        let output = f(&mut state);
        if let Some(state) = state {
            if calls.len() >= self.limits.max_calls() {
                calls.retain(|_, entry| !expired(entry));
            }
            if calls.len() >= self.limits.max_calls() {
                return Err(StoreError::new(StoreErrorKind::Full, None));
            }
            calls.insert(
                call_id.to_owned(),
                Entry {
                    touched: now,
                    state,
                },
            );
        }
        Ok(output)
    }
}

impl<S: Send> CallStore<S> for MemoryStore<S> {
    fn update<R, F>(
        &self,
        call_id: &str,
        now: Timestamp,
        f: F,
    ) -> impl Future<Output = Result<R, StoreError>> + Send
    where
        F: FnMut(&mut Option<S>) -> R + Send,
        R: Send,
    {
        std::future::ready(self.apply(call_id, now, f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn run<T>(future: impl Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        let waker = std::task::Waker::noop();
        match future
            .as_mut()
            .poll(&mut std::task::Context::from_waker(waker))
        {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("the memory store never waits"),
        }
    }

    fn bump(store: &MemoryStore<u32>, call: &str, ms: u64) -> Result<u32, StoreError> {
        run(store.update(call, Timestamp::from_millis(ms), |state| {
            let n = state.get_or_insert(0);
            *n += 1;
            *n
        }))
    }

    #[test]
    fn updates_keep_state_per_call_and_none_deletes() {
        let store = MemoryStore::new(CallLimits::default()).unwrap();
        assert_eq!(bump(&store, "a", 0).unwrap(), 1);
        assert_eq!(bump(&store, "a", 1).unwrap(), 2);
        assert_eq!(bump(&store, "b", 2).unwrap(), 1);
        run(store.update("a", Timestamp::from_millis(3), |state| *state = None)).unwrap();
        assert_eq!(store.len(), 1);
        assert_eq!(bump(&store, "a", 4).unwrap(), 1);
    }

    #[test]
    fn an_idle_call_expires_and_a_full_store_refuses_new_calls() {
        let limits = CallLimits::default()
            .with_max_calls(1)
            .with_idle_timeout(Duration::from_secs(1));
        let store = MemoryStore::new(limits).unwrap();
        assert_eq!(bump(&store, "a", 0).unwrap(), 1);
        let full = bump(&store, "b", 10).unwrap_err();
        assert_eq!(full.kind(), StoreErrorKind::Full);
        assert!(!full.is_transient());
        // "a" is untouched by the refused update of "b".
        assert_eq!(bump(&store, "a", 20).unwrap(), 2);
        // 1 s after its last update "a" is gone, and "b" fits.
        assert_eq!(bump(&store, "b", 1_020).unwrap(), 1);
        assert_eq!(bump(&store, "a", 2_100).unwrap(), 1);
    }

    #[test]
    fn an_invalid_call_id_is_refused_without_being_quoted() {
        let store: MemoryStore<u32> = MemoryStore::new(CallLimits::default()).unwrap();
        for id in ["", "a/b", "..", "secret id", &"x".repeat(257)] {
            let error = bump(&store, id, 0).unwrap_err();
            assert_eq!(error.kind(), StoreErrorKind::InvalidCallId);
            assert!(!error.is_transient());
            let text = error.to_string();
            assert!(text.contains("as Graph gave it"), "{text}");
            assert!(!text.contains("secret"), "{text}");
        }
        assert!(store.is_empty());
        assert_eq!(bump(&store, &"x".repeat(256), 0).unwrap(), 1);
    }

    #[test]
    fn a_read_only_update_refreshes_a_memory_state_and_a_panic_in_f_drops_it() {
        let limits = CallLimits::default().with_idle_timeout(Duration::from_secs(1));
        let store = MemoryStore::new(limits).unwrap();
        assert_eq!(bump(&store, "a", 0).unwrap(), 1);
        // Read only at 900 ms: the state lives on to 1.9 s (documented:
        // this store counts reads as activity, Redis does not).
        let seen = run(store.update("a", Timestamp::from_millis(900), |state| *state)).unwrap();
        assert_eq!(seen, Some(1));
        assert_eq!(bump(&store, "a", 1_800).unwrap(), 2);

        // A panic in `f`: that call's state is gone, the store still works.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(
                store.update("a", Timestamp::from_millis(1_900), |_: &mut Option<u32>| {
                    panic!("the bot's f")
                }),
            )
        }));
        assert!(panicked.is_err());
        assert!(store.is_empty());
        assert_eq!(bump(&store, "a", 2_000).unwrap(), 1);
    }

    #[test]
    fn a_read_only_update_of_an_unknown_call_stores_nothing() {
        let store: MemoryStore<u32> = MemoryStore::new(CallLimits::default()).unwrap();
        let seen = run(store.update("x", Timestamp::ZERO, |state| state.is_some())).unwrap();
        assert!(!seen);
        assert!(store.is_empty());
    }

    #[test]
    fn messages_say_what_to_do_and_debug_shows_counts() {
        let error = StoreError::new(StoreErrorKind::Unavailable, None);
        assert!(error.is_transient());
        assert!(error.to_string().contains("retry"));
        let store: MemoryStore<String> = MemoryStore::new(CallLimits::default()).unwrap();
        run(store.update("c", Timestamp::ZERO, |s| *s = Some("1234".into()))).unwrap();
        let debug = format!("{store:?}");
        assert!(
            debug.contains("calls: 1") && !debug.contains("1234"),
            "{debug}"
        );
    }
}
