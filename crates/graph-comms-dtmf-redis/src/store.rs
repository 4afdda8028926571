//! The store: one Redis key per call, updated with a compare-and-set script.

use crate::connect::{ConnectError, Detail, Persistence};
use crate::key::{Sealer, StateKey};
use graph_comms_dtmf::{CallLimits, CallStore, StoreError, StoreErrorKind, Timestamp};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;
// The state's JSON in clear holds tones: wiped when dropped.
use zeroize::Zeroizing;

/// The compare-and-set: `KEYS[1]` is the call's key, `ARGV[1]` the value
/// read (empty: there was none), `ARGV[2]` the value to write (empty:
/// delete), `ARGV[3]` the TTL in milliseconds. Returns `{1}` when it wrote,
/// `{0, current}` (`{0}` when the key is gone) when another update won, so
/// that the retry needs no second read. Sealed values are never empty, and
/// each carries a fresh random nonce, so comparing values compares versions
/// (no ABA).
const CAS: &str = r"
local current = redis.call('GET', KEYS[1])
if current == false then
  if ARGV[1] ~= '' then return {0} end
elseif current ~= ARGV[1] then
  return {0, current}
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return {1}
";

/// The default bound on one update: every round trip and retry included.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);
/// The default bound on connecting (with the first `PING` and the
/// persistence check).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The most an update waits past its timeout to learn whether a
/// compare-and-set whose answer was lost was applied (one `GET`).
const VERIFY_BOUND: Duration = Duration::from_millis(500);
/// The longest update or connect timeout.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// The longest idle timeout (the keys' `PX`): 30 days, far below what
/// Redis refuses (a `PX` whose expiry overflows its millisecond clock).
const MAX_TTL_MS: u64 = 30 * 24 * 60 * 60 * 1000;
/// Conflicts retried by default before an update gives up with `Contended`.
const DEFAULT_MAX_RETRIES: u32 = 16;
/// The default key prefix: a call's key is the prefix and its call id.
pub const DEFAULT_KEY_PREFIX: &str = "graph-comms:call:";

/// Settings for a [`RedisStore`]: from [`RedisStore::builder`].
pub struct RedisStoreBuilder {
    url: String,
    key: StateKey,
    idle_timeout: Duration,
    key_prefix: String,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
}

impl fmt::Debug for RedisStoreBuilder {
    /// No URL (it may hold a password) and no key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStoreBuilder")
            .field("idle_timeout", &self.idle_timeout)
            .field("key_prefix", &self.key_prefix)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl RedisStoreBuilder {
    /// How long a call's state lives after its last write: the key's TTL,
    /// set again on every write. Default: [`CallLimits`]'s default idle
    /// timeout (10 minutes). Millisecond resolution, at least 1 ms, at most
    /// 30 days ([`connect`](Self::connect) refuses others).
    pub fn idle_timeout(mut self, idle_timeout: Duration) -> Self {
        self.idle_timeout = idle_timeout;
        self
    }

    /// The idle timeout of `limits` (its `max_calls` does not apply: Redis's
    /// own `maxmemory` bounds the store, and a full Redis gives
    /// [`StoreErrorKind::Full`]).
    pub fn limits(self, limits: &CallLimits) -> Self {
        self.idle_timeout(limits.idle_timeout())
    }

    /// The prefix of every key (default `graph-comms:call:`): a call's key
    /// is the prefix followed by its call id. Give each bot its own prefix
    /// when bots share a Redis.
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.key_prefix = prefix.into();
        self
    }

    /// The bound on one [`update`](CallStore::update), every round trip and
    /// retry included (default 2 s): past it, the update fails with
    /// [`StoreErrorKind::TimedOut`]. When the answer to the compare-and-set
    /// is lost, the update reads the key once more to learn whether its
    /// write was applied, which may take it up to `min(timeout, 500 ms)`
    /// past this bound. Updates of one call from one process take turns
    /// (they would only race each other's compare-and-set); the wait for
    /// the turn counts in the same bound. At most 1 hour.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The bound on [`connect`](Self::connect) (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times an update whose compare-and-set lost to another
    /// update of the same call is tried again, on the state that won
    /// (default 16), before it fails with [`StoreErrorKind::Contended`].
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Connects, checks that Redis answers, and reads its persistence
    /// settings ([`RedisStore::persistence`]).
    ///
    /// Once connected, the store reconnects by itself: while Redis is away
    /// updates fail with [`StoreErrorKind::Unavailable`] or
    /// [`StoreErrorKind::TimedOut`], and when it is back they succeed again.
    ///
    /// # Errors
    ///
    /// A [`ConnectError`], within the connect timeout: the URL is not
    /// valid, an option is out of range, Redis cannot be reached, does not
    /// answer, or refuses the client.
    pub async fn connect(self) -> Result<RedisStore, ConnectError> {
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(ConnectError::options("a timeout must be more than 0"));
        }
        if self.timeout > MAX_TIMEOUT || self.connect_timeout > MAX_TIMEOUT {
            // `now + timeout` must stay a valid instant; a callback cannot
            // wait that long anyway.
            return Err(ConnectError::options("a timeout must be at most 1 hour"));
        }
        let ttl_ms = u64::try_from(self.idle_timeout.as_millis()).unwrap_or(u64::MAX);
        if ttl_ms == 0 {
            return Err(ConnectError::options(
                "the idle timeout (the keys' TTL) must be at least 1 ms",
            ));
        }
        if ttl_ms > MAX_TTL_MS {
            // Redis refuses a `PX` past its own range with an error that
            // every write would then hit.
            return Err(ConnectError::options(
                "the idle timeout (the keys' TTL) must be at most 30 days: a call idle for longer is over",
            ));
        }
        let client = redis::Client::open(self.url.as_str()).map_err(ConnectError::from_redis)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            // Few, quick reconnection attempts: an update that finds the
            // connection down fails fast with `Unavailable` (and starts
            // another attempt) instead of waiting for a long backoff.
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(20))
            .set_max_delay(Duration::from_millis(200));
        let connect_timeout = self.connect_timeout;
        let timed_out = || {
            ConnectError::new(
                crate::ConnectErrorKind::TimedOut,
                Detail::Waited(connect_timeout),
                None,
            )
        };
        let (connection, persistence) = tokio::time::timeout(connect_timeout, async {
            let mut connection = ConnectionManager::new_with_config(client, config)
                .await
                .map_err(ConnectError::from_redis)?;
            redis::cmd("PING")
                .query_async::<()>(&mut connection)
                .await
                .map_err(ConnectError::from_redis)?;
            let persistence = read_persistence(&mut connection).await?;
            Ok::<_, ConnectError>((connection, persistence))
        })
        .await
        .map_err(|_| timed_out())??;
        Ok(RedisStore {
            connection,
            sealer: Sealer::new(&self.key),
            script: Arc::new(redis::Script::new(CAS)),
            key_prefix: self.key_prefix,
            ttl_ms,
            timeout: self.timeout,
            max_retries: self.max_retries,
            persistence,
            counters: Arc::new(Counters::default()),
            turns: Arc::new(Turns::default()),
        })
    }
}

/// `CONFIG GET save` and `CONFIG GET appendonly`; a server that refuses
/// `CONFIG` gives [`Persistence::Unknown`], a lost connection an error.
async fn read_persistence(connection: &mut ConnectionManager) -> Result<Persistence, ConnectError> {
    let mut values = Vec::with_capacity(2);
    for name in ["save", "appendonly"] {
        let reply: redis::RedisResult<Vec<String>> = redis::cmd("CONFIG")
            .arg("GET")
            .arg(name)
            .query_async(connection)
            .await;
        match reply {
            // [name, value]; an empty list when the name is unknown.
            Ok(pair) => values.push(pair.get(1).cloned().unwrap_or_default()),
            Err(error) if error.is_io_error() || error.is_timeout() => {
                return Err(ConnectError::from_redis(error));
            }
            Err(_) => return Ok(Persistence::Unknown),
        }
    }
    Ok(Persistence::from_config(&values[0], &values[1]))
}

/// A [`CallStore`] on Redis for a fleet of workers: each call's state in
/// one key (the prefix and the call id) with a TTL of the idle timeout,
/// sealed with a [`StateKey`], updated with a compare-and-set script.
///
/// Cheap to clone (clones share the connection and the counters); use one
/// per process. See the [crate docs](crate) for a tutorial.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    sealer: Sealer,
    script: Arc<redis::Script>,
    key_prefix: String,
    ttl_ms: u64,
    timeout: Duration,
    max_retries: u32,
    persistence: Persistence,
    counters: Arc<Counters>,
    turns: Arc<Turns>,
}

/// One lock per call being updated in this process: updates of one call
/// from one worker take turns instead of racing each other's
/// compare-and-set (a race that only costs a retry, but under load the
/// retries of many concurrent updates of one call ran past the timeout).
/// Updates from other workers still meet at the compare-and-set.
#[derive(Default)]
struct Turns {
    calls: std::sync::Mutex<
        std::collections::HashMap<String, std::sync::Weak<tokio::sync::Mutex<()>>>,
    >,
}

impl Turns {
    /// The lock of `key`, shared by every update of it running now.
    fn of(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut calls = self
            .calls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(lock) = calls.get(key).and_then(std::sync::Weak::upgrade) {
            return lock;
        }
        // Forget the calls nobody is updating before the map doubles.
        if calls.len() >= 1024 && calls.len().is_power_of_two() {
            calls.retain(|_, lock| lock.strong_count() > 0);
        }
        let lock = Arc::new(tokio::sync::Mutex::new(()));
        calls.insert(key.to_owned(), Arc::downgrade(&lock));
        lock
    }
}

impl fmt::Debug for RedisStore {
    /// Settings and counters: no state, no key, no URL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("key_prefix", &self.key_prefix)
            .field("ttl_ms", &self.ttl_ms)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("persistence", &self.persistence)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Settings for a store on the Redis at `url`
    /// (`redis://[USER:PASSWORD@]HOST[:PORT][/DB]`), sealing with `key`.
    pub fn builder(url: impl Into<String>, key: StateKey) -> RedisStoreBuilder {
        RedisStoreBuilder {
            url: url.into(),
            key,
            idle_timeout: CallLimits::default().idle_timeout(),
            key_prefix: DEFAULT_KEY_PREFIX.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
        }
    }

    /// Whether the server persists to disk, as read at connect: print it
    /// when it is not [`Persistence::Off`].
    pub fn persistence(&self) -> Persistence {
        self.persistence
    }

    /// The Redis key of a call's state: the prefix and the call id (to
    /// delete a damaged state with `redis-cli DEL`, for example).
    pub fn key_for(&self, call_id: &str) -> String {
        format!("{}{call_id}", self.key_prefix)
    }

    /// Whether Redis answers now (`PING`), within the update timeout: for a
    /// worker's readiness check, so that a balancer stops sending it
    /// callbacks it would answer with `503`.
    ///
    /// # Errors
    ///
    /// [`StoreErrorKind::Unavailable`] or [`StoreErrorKind::TimedOut`], as
    /// an update would fail, or [`StoreErrorKind::Damaged`] for an error
    /// waiting does not fix (the server refuses the client: `NOAUTH`,
    /// `NOPERM`). Not counted in [`stats`](Self::stats).
    pub async fn ping(&self) -> Result<(), StoreError> {
        let deadline = Instant::now() + self.timeout;
        let mut connection = self.connection.clone();
        round_trip(
            deadline,
            redis::cmd("PING").query_async::<()>(&mut connection),
        )
        .await
    }

    /// What the store has done since it connected (all clones together).
    pub fn stats(&self) -> StoreStats {
        self.counters.snapshot()
    }

    async fn apply<S, R>(
        &self,
        call_id: &str,
        deadline: Instant,
        f: &mut (impl FnMut(&mut Option<S>) -> R + Send),
    ) -> Result<R, StoreError>
    where
        S: Serialize + DeserializeOwned,
    {
        let key = self.key_for(call_id);
        let mut connection = self.connection.clone();
        // A connection found down at the first round trip is tried once
        // more: the first attempt starts the reconnection.
        let mut current: Option<Vec<u8>> =
            match round_trip(deadline, connection_get(&mut connection, &key)).await {
                Err(error) if error.kind() == StoreErrorKind::Unavailable => {
                    backoff(deadline, 0).await;
                    round_trip(deadline, connection_get(&mut connection, &key)).await?
                }
                other => other?,
            };
        let mut conflicts = 0u32;
        loop {
            let plaintext = match &current {
                Some(value) => Some(Zeroizing::new(
                    self.sealer.open(key.as_bytes(), value).map_err(|error| {
                        StoreError::new(StoreErrorKind::Damaged, Some(Box::new(error)))
                    })?,
                )),
                None => None,
            };
            let mut state: Option<S> = match &plaintext {
                Some(json) => Some(serde_json::from_slice(json).map_err(decode_error)?),
                None => None,
            };
            let output = f(&mut state);
            let written = match &state {
                Some(state) => Some(Zeroizing::new(serde_json::to_vec(state).map_err(
                    |error| StoreError::new(StoreErrorKind::Encoding, Some(Box::new(error))),
                )?)),
                None => None,
            };
            if written == plaintext {
                return Ok(output);
            }
            let sealed = written
                .map(|json| self.sealer.seal(key.as_bytes(), &json))
                .transpose()
                .map_err(|error| {
                    StoreError::new(StoreErrorKind::Encoding, Some(Box::new(error)))
                })?;
            let mut invocation = self.script.key(&key);
            invocation
                .arg(current.as_deref().unwrap_or_default())
                .arg(sealed.as_deref().unwrap_or_default())
                .arg(self.ttl_ms);
            let reply: Vec<redis::Value> =
                match round_trip(deadline, invocation.invoke_async(&mut connection)).await {
                    Ok(reply) => reply,
                    Err(error) if ambiguous(&error) => {
                        // The script may have run with its answer lost.
                        if let Some(sealed) = &sealed
                            && self
                                .written_anyway(deadline, &mut connection, &key, sealed)
                                .await
                        {
                            self.counters.writes.fetch_add(1, Ordering::Relaxed);
                            return Ok(output);
                        }
                        // A delete cannot be told apart: the key being
                        // gone may be its TTL or another worker's delete.
                        return Err(error);
                    }
                    Err(error) => return Err(error),
                };
            match cas_answer(reply)? {
                CasAnswer::Written => {
                    self.counters.writes.fetch_add(1, Ordering::Relaxed);
                    return Ok(output);
                }
                CasAnswer::Conflict(now_stored) => current = now_stored,
            }
            conflicts += 1;
            if conflicts > self.max_retries {
                return Err(StoreError::new(StoreErrorKind::Contended, None));
            }
            self.counters.conflicts.fetch_add(1, Ordering::Relaxed);
            backoff(deadline, conflicts).await;
        }
    }
}

impl RedisStore {
    /// After the compare-and-set's answer was lost (timed out, connection
    /// lost): one `GET` of the key, tried again once if the connection is
    /// still coming back, within what is left of the update's bound or
    /// [`VERIFY_BOUND`] if that is more. `true` only when the key holds
    /// exactly the `sealed` value this update sent: its random nonce makes
    /// it unique, so the script ran and the change is committed.
    async fn written_anyway(
        &self,
        deadline: Instant,
        connection: &mut ConnectionManager,
        key: &str,
        sealed: &[u8],
    ) -> bool {
        let deadline = deadline.max(Instant::now() + VERIFY_BOUND.min(self.timeout));
        let mut read = round_trip(deadline, connection_get(connection, key)).await;
        if matches!(&read, Err(error) if error.kind() == StoreErrorKind::Unavailable) {
            backoff(deadline, 0).await;
            read = round_trip(deadline, connection_get(connection, key)).await;
        }
        matches!(read, Ok(Some(value)) if value == sealed)
    }
}

/// Whether an error of the compare-and-set leaves open whether the script
/// ran: the request may have reached Redis and only the answer been lost.
fn ambiguous(error: &StoreError) -> bool {
    matches!(
        error.kind(),
        StoreErrorKind::TimedOut | StoreErrorKind::Unavailable
    )
}

impl<S> CallStore<S> for RedisStore
where
    S: Serialize + DeserializeOwned + Send,
{
    /// `now` is not used: the key's TTL expires an idle call (only writes
    /// set it again). When the answer to the compare-and-set is lost, one
    /// more `GET` tells whether a write was applied (`Ok` then); a delete
    /// whose answer was lost stays `Unavailable`/`TimedOut`, as a missing
    /// key does not prove it ran.
    async fn update<R, F>(&self, call_id: &str, _now: Timestamp, mut f: F) -> Result<R, StoreError>
    where
        F: FnMut(&mut Option<S>) -> R + Send,
        R: Send,
    {
        // An invalid id is refused before anything is kept for it.
        let result = match graph_comms_core::CallId::check(call_id) {
            Err(error) => Err(StoreError::new(
                StoreErrorKind::InvalidCallId,
                Some(Box::new(error)),
            )),
            Ok(()) => {
                // This worker's earlier updates of the call go first; the
                // wait for the turn and the update share one deadline.
                let deadline = Instant::now() + self.timeout;
                let turn = self.turns.of(call_id);
                match tokio::time::timeout_at(deadline, turn.lock()).await {
                    Ok(_guard) => self.apply(call_id, deadline, &mut f).await,
                    Err(_) => Err(StoreError::new(StoreErrorKind::TimedOut, None)),
                }
            }
        };
        self.counters.count(&result);
        result
    }
}

async fn connection_get(
    connection: &mut ConnectionManager,
    key: &str,
) -> redis::RedisResult<Option<Vec<u8>>> {
    redis::cmd("GET").arg(key).query_async(connection).await
}

/// One round trip, bounded by the update's deadline.
async fn round_trip<T>(
    deadline: Instant,
    request: impl Future<Output = redis::RedisResult<T>>,
) -> Result<T, StoreError> {
    match tokio::time::timeout_at(deadline, request).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(classify(error)),
        Err(_) => Err(StoreError::new(StoreErrorKind::TimedOut, None)),
    }
}

/// What the compare-and-set ([`CAS`]) answered.
#[derive(Debug, PartialEq, Eq)]
enum CasAnswer {
    /// `{1}`: the change is committed.
    Written,
    /// `{0, current}` or `{0}`: another update won; what the key holds now.
    Conflict(Option<Vec<u8>>),
}

/// Reads the compare-and-set's answer. Any other shape is `Damaged`, not
/// `Unavailable`: it is no network problem that waiting would fix (a bot
/// answering 503 would have Graph retry it forever), but a server that does
/// not run the script as Redis does. The error names the shape only, never
/// a value from the answer.
fn cas_answer(reply: Vec<redis::Value>) -> Result<CasAnswer, StoreError> {
    let mut reply = reply.into_iter();
    let unexpected = match (reply.next(), reply.next(), reply.next()) {
        (Some(redis::Value::Int(1)), None, None) => return Ok(CasAnswer::Written),
        (Some(redis::Value::Int(0)), None, None) => return Ok(CasAnswer::Conflict(None)),
        (Some(redis::Value::Int(0)), Some(redis::Value::BulkString(current)), None) => {
            return Ok(CasAnswer::Conflict(Some(current)));
        }
        (None, ..) => "an empty array",
        (Some(redis::Value::Int(1)), Some(_), _) => "more than the one item of {1}",
        (Some(redis::Value::Int(0)), Some(_), None) => {
            "a second item that is not a string (the value at the key)"
        }
        (Some(redis::Value::Int(0)), Some(_), Some(_)) => "more than the two items of {0, value}",
        (Some(_), ..) => "a first item that is not the integer 0 or 1",
    };
    let message = format!(
        "the compare-and-set script answered {unexpected}, where Redis answers {{1}}, {{0}} or \
         {{0, value}}: the server at the store's URL does not run Lua scripts as Redis does (a \
         proxy, or another server?); point the store at a Redis server"
    );
    Err(StoreError::new(
        StoreErrorKind::Damaged,
        Some(message.into()),
    ))
}

/// What a Redis error means for the bot: transient (`Unavailable`,
/// `TimedOut`: answer `503`) only when waiting may fix it.
fn classify(error: redis::RedisError) -> StoreError {
    let kind = if error.is_timeout() {
        StoreErrorKind::TimedOut
    } else if error.is_io_error() || error.is_connection_dropped() || error.is_connection_refusal()
    {
        // Connection refused or lost: the store cannot be used now.
        StoreErrorKind::Unavailable
    } else {
        match error.code() {
            // `maxmemory` reached with a policy that refuses writes.
            Some("OOM") => StoreErrorKind::Full,
            // A server loading its data, a replica, a failover, a busy
            // script, a cluster slot moving: it passes.
            Some(
                "LOADING" | "READONLY" | "MASTERDOWN" | "BUSY" | "TRYAGAIN" | "CLUSTERDOWN"
                | "NOREPLICAS" | "NOSCRIPT",
            ) => StoreErrorKind::Unavailable,
            // WRONGTYPE (something else at the call's key), an ACL refusal,
            // a refused argument, an answer the client cannot parse:
            // waiting does not fix them, so not transient. Damaged says to
            // look at (and delete) what is at the key.
            _ => StoreErrorKind::Damaged,
        }
    };
    StoreError::new(kind, Some(Box::new(error)))
}

/// The state read does not decode as `S`: written by another version of
/// the bot. serde_json's message may quote the state, so only its line and
/// column are kept.
fn decode_error(error: serde_json::Error) -> StoreError {
    let message = format!(
        "the stored state opens but does not decode as this bot's state (at line {}, column {}): written by another version of the bot? delete the key to start the call's state again",
        error.line(),
        error.column()
    );
    StoreError::new(StoreErrorKind::Damaged, Some(message.into()))
}

/// Waits a little before a retry: random, growing with the attempt
/// (≤ 1 ms, 2 ms, 4 ms … 32 ms), never past the deadline.
async fn backoff(deadline: Instant, attempt: u32) {
    let cap_us = 1_000u64 << attempt.min(5);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let wait = Duration::from_micros(random % cap_us);
    tokio::time::sleep_until((Instant::now() + wait).min(deadline)).await;
}

/// What a [`RedisStore`] has done since it connected: counts, never state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoreStats {
    /// Updates that succeeded (writing or not).
    pub updates: u64,
    /// Values written or deleted.
    pub writes: u64,
    /// Compare-and-sets that lost to another update of the same call and
    /// were tried again.
    pub conflicts: u64,
    /// Updates that failed with [`StoreErrorKind::Unavailable`].
    pub unavailable: u64,
    /// Updates that failed with [`StoreErrorKind::TimedOut`].
    pub timed_out: u64,
    /// Updates that failed with [`StoreErrorKind::Contended`].
    pub contended: u64,
    /// Updates that failed with [`StoreErrorKind::Damaged`].
    pub damaged: u64,
    /// Updates that failed with [`StoreErrorKind::Full`].
    pub full: u64,
    /// Updates that failed with [`StoreErrorKind::Encoding`].
    pub encoding: u64,
    /// Updates refused with [`StoreErrorKind::InvalidCallId`].
    pub invalid_call_id: u64,
    /// Updates that failed with a kind newer than this version's fields.
    pub other: u64,
}

impl StoreStats {
    /// Updates that failed, all kinds together.
    pub fn errors(&self) -> u64 {
        self.unavailable
            + self.timed_out
            + self.contended
            + self.damaged
            + self.full
            + self.encoding
            + self.invalid_call_id
            + self.other
    }
}

#[derive(Default)]
struct Counters {
    updates: AtomicU64,
    writes: AtomicU64,
    conflicts: AtomicU64,
    unavailable: AtomicU64,
    timed_out: AtomicU64,
    contended: AtomicU64,
    damaged: AtomicU64,
    full: AtomicU64,
    encoding: AtomicU64,
    invalid_call_id: AtomicU64,
    other: AtomicU64,
}

impl Counters {
    fn count<R>(&self, result: &Result<R, StoreError>) {
        let counter = match result {
            Ok(_) => &self.updates,
            Err(error) => match error.kind() {
                StoreErrorKind::Unavailable => &self.unavailable,
                StoreErrorKind::TimedOut => &self.timed_out,
                StoreErrorKind::Contended => &self.contended,
                StoreErrorKind::Damaged => &self.damaged,
                StoreErrorKind::Full => &self.full,
                StoreErrorKind::Encoding => &self.encoding,
                StoreErrorKind::InvalidCallId => &self.invalid_call_id,
                _ => &self.other,
            },
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> StoreStats {
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        StoreStats {
            updates: load(&self.updates),
            writes: load(&self.writes),
            conflicts: load(&self.conflicts),
            unavailable: load(&self.unavailable),
            timed_out: load(&self.timed_out),
            contended: load(&self.contended),
            damaged: load(&self.damaged),
            full: load(&self.full),
            encoding: load(&self.encoding),
            invalid_call_id: load(&self.invalid_call_id),
            other: load(&self.other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CasAnswer, cas_answer};
    use graph_comms_dtmf::StoreErrorKind;
    use redis::Value;
    use std::error::Error as _;

    #[test]
    fn the_answers_of_the_script_read() {
        assert_eq!(cas_answer(vec![Value::Int(1)]).unwrap(), CasAnswer::Written);
        assert_eq!(
            cas_answer(vec![Value::Int(0)]).unwrap(),
            CasAnswer::Conflict(None)
        );
        assert_eq!(
            cas_answer(vec![Value::Int(0), Value::BulkString(b"sealed".to_vec())]).unwrap(),
            CasAnswer::Conflict(Some(b"sealed".to_vec()))
        );
    }

    #[test]
    fn another_answer_is_damaged_and_quotes_nothing_from_it() {
        let secret = || Value::BulkString(b"1234#".to_vec());
        let answers = [
            (vec![], "an empty array"),
            (
                vec![Value::Int(7)],
                "a first item that is not the integer 0 or 1",
            ),
            (
                vec![secret()],
                "a first item that is not the integer 0 or 1",
            ),
            (
                vec![Value::Int(1), secret()],
                "more than the one item of {1}",
            ),
            (
                vec![Value::Int(0), Value::Int(4321)],
                "a second item that is not a string",
            ),
            (
                vec![Value::Int(0), Value::Nil],
                "a second item that is not a string",
            ),
            (
                vec![Value::Int(0), secret(), secret()],
                "more than the two items of {0, value}",
            ),
        ];
        for (answer, what) in answers {
            let error = cas_answer(answer).unwrap_err();
            assert_eq!(error.kind(), StoreErrorKind::Damaged, "{what}");
            let source = error
                .source()
                .expect("the source says what came")
                .to_string();
            assert!(source.contains(what), "{source}");
            assert!(
                source.contains("point the store at a Redis server"),
                "{source}"
            );
            for quoted in ["1234", "4321", "7"] {
                assert!(!source.contains(quoted), "{source} quotes {quoted}");
            }
        }
    }
}
