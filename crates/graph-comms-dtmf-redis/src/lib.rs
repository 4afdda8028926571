//! A bot's per-call state — where the call is in the bot's flow, the
//! operations it waits for, its [`DigitCollector`](graph_comms_dtmf::DigitCollector)
//! — shared by a fleet of webhook workers through Redis, so that any worker
//! can take any notification of any call.
//!
//! [`RedisStore`] implements graph-comms-dtmf's
//! [`CallStore`](graph_comms_dtmf::CallStore), the interface of
//! [`MemoryStore`](graph_comms_dtmf::MemoryStore): a bot switches between
//! them with configuration.
//!
//! - **One key per call**: the prefix (default `graph-comms:call:`) and the
//!   call id, with a TTL of the idle timeout, set again on every write.
//! - **Atomic**: an update reads the value, runs your function on the
//!   state, and writes with a compare-and-set Lua script; when another
//!   update of the call won in between, it runs the function again on the
//!   state that won (bounded retries with a small random backoff, then
//!   [`StoreErrorKind::Contended`](graph_comms_dtmf::StoreErrorKind::Contended)).
//!   Two workers handling two notifications of one call lose neither; a
//!   duplicate notification handled by two workers counts once (the
//!   collector de-duplicates tones by sequence id). An update that changes
//!   nothing writes nothing. (Not `WATCH`/`MULTI`/`EXEC`: `WATCH` belongs
//!   to a connection, and the connection manager shares one connection
//!   between all tasks.)
//! - **Sealed**: the state is stored as XChaCha20-Poly1305 ciphertext under
//!   a [`StateKey`] the process supplies, with the key's name as associated
//!   data: no tone, digit or field name is stored in clear, and a value
//!   copied to another call's key does not open
//!   ([`StoreErrorKind::Damaged`](graph_comms_dtmf::StoreErrorKind::Damaged)).
//! - **Bounded**: every update ends within its timeout (default 2 s; up
//!   to `min(timeout, 500 ms)` more when the answer to its write was lost
//!   and it reads the key to learn whether the write was applied, so that a
//!   committed write is reported `Ok`, not as an error):
//!   `TimedOut` when Redis is slow, `Unavailable` when it is down: both
//!   transient ([`StoreError::is_transient`](graph_comms_dtmf::StoreError::is_transient)),
//!   answer the callback with `503` so that Graph retries it. `Damaged`
//!   (a state that does not open, something else at the key, or a server
//!   that does not answer the compare-and-set script as Redis does),
//!   `Encoding` and `InvalidCallId` are not: waiting does not fix them,
//!   answer `500`. Never `202` after an error. The connection reconnects by
//!   itself, and updates succeed again once Redis is back.
//! - **Persistence checked**: at connect the store reads `save` and
//!   `appendonly`; [`RedisStore::persistence`] says when Redis writes to
//!   disk, for the bot to print as a warning.
//!
//! Redis Cluster: a call's state is one key and the script touches only that
//! key, so a call lives in one slot and nothing in the data layout changes.
//! This version connects to one node (a standalone Redis or a proxy such as
//! a managed service's endpoint); it does not follow `MOVED` redirections.
//!
//! # Tutorial
//!
//! Make the state key once, and give every worker the same file:
//!
//! ```text
//! head -c 32 /dev/urandom > state.key && chmod 600 state.key
//! ```
//!
//! Then, in each worker, a tone notification of a call is one update:
//!
//! ```
//! use graph_comms_dtmf::{CallLimits, CallStore, CollectorOptions, DigitCollector, Timestamp};
//! use graph_comms_dtmf_redis::{RedisStore, StateKey};
//! use graph_comms_models::Tone;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let Some(server) = graph_comms_test_redis::RedisServer::start() else { return Ok(()) };
//! # let url = server.url();
//! // let url = "redis://127.0.0.1:6379/";
//! let key = StateKey::from_bytes([7; 32]); // a bot: StateKey::from_file("state.key")?
//! let store = RedisStore::builder(url, key)
//!     .limits(&CallLimits::default()) // TTL: the idle timeout, 10 minutes
//!     .connect()
//!     .await?;
//! if !store.persistence().is_off() {
//!     eprintln!("{}", store.persistence()); // tones would be written to disk
//! }
//!
//! let options = CollectorOptions::new().with_max_digits(2);
//! let now = Timestamp::from_millis(0);
//! let fresh = DigitCollector::new(options, now)?;
//! // Two notifications of one call, the second one delivered twice (to two
//! // workers, say): each is one atomic update.
//! let mut completions = Vec::new();
//! for (sequence_id, tone) in [(1, Tone::Tone4), (2, Tone::Tone2), (2, Tone::Tone2)] {
//!     let done = store
//!         .update("call-1", now, |state: &mut Option<DigitCollector>| {
//!             // No side effect in here: it may run again after a conflict.
//!             let collector = state.get_or_insert_with(|| fresh.clone());
//!             collector.handle_tone(now, sequence_id, tone.clone());
//!             collector.poll_completion()
//!         })
//!         .await?; // an error: 503 when transient, else 500
//!     completions.extend(done);
//! }
//! assert_eq!(completions.len(), 1);
//! assert_eq!(completions[0].digits.expose(), "42");
//! assert_eq!(store.stats().updates, 3);
//!
//! // The call ended: setting the state to None deletes its key.
//! store.update("call-1", now, |state: &mut Option<DigitCollector>| *state = None).await?;
//! # Ok(()) }
//! ```
//!
//! The bot's state is usually more than the collector: any
//! `Serialize + DeserializeOwned` type, stored as JSON inside the sealed
//! value. Workers of two versions of a bot share a store only if the second
//! reads what the first wrote.

mod connect;
mod key;
mod store;

pub use connect::{ConnectError, ConnectErrorKind, Persistence};
pub use key::{StateKey, StateKeyError, StateKeyErrorKind};
pub use store::{DEFAULT_KEY_PREFIX, RedisStore, RedisStoreBuilder, StoreStats};

/// The README shown on crates.io: its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
