//! The Redis store against a real redis-server on 127.0.0.1 (started per
//! test by graph-comms-test-redis; skipped LOUDLY without one, failing under
//! CI=true). Every test is bounded in time.

mod concurrency;
mod faults;
mod key_file;
mod lost_answer;
mod sealing;

use graph_comms_dtmf::{CallStore, StoreError, Timestamp};
use graph_comms_dtmf_redis::{RedisStore, RedisStoreBuilder, StateKey};
use graph_comms_test_redis::RedisServer;
use std::future::Future;
use std::time::Duration;

/// The bound on any one test.
const TEST_BOUND: Duration = Duration::from_secs(60);

/// Runs a test body under [`TEST_BOUND`].
async fn bounded<T>(body: impl Future<Output = T>) -> T {
    tokio::time::timeout(TEST_BOUND, body)
        .await
        .expect("the test ran past its bound")
}

fn builder(server: &RedisServer, key_byte: u8) -> RedisStoreBuilder {
    RedisStore::builder(server.url(), StateKey::from_bytes([key_byte; 32]))
}

async fn store(server: &RedisServer, key_byte: u8) -> RedisStore {
    builder(server, key_byte).connect().await.unwrap()
}

/// A plain client, to look at what the store wrote.
async fn plain(server: &RedisServer) -> redis::aio::MultiplexedConnection {
    redis::Client::open(server.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

/// Adds one to a counter state.
async fn bump(store: &RedisStore, call: &str) -> Result<u64, StoreError> {
    store
        .update(call, Timestamp::ZERO, |state: &mut Option<u64>| {
            let n = state.get_or_insert(0);
            *n += 1;
            *n
        })
        .await
}

/// The counter state, read without writing.
async fn read(store: &RedisStore, call: &str) -> Result<Option<u64>, StoreError> {
    store
        .update(call, Timestamp::ZERO, |state: &mut Option<u64>| *state)
        .await
}
