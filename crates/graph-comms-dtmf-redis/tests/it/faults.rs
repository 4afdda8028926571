//! Redis away, slow, persisting, or not there: errors within the bound, and
//! collection going on once it is back.

use crate::{bounded, builder, bump, plain, read};
use graph_comms_dtmf::{StoreError, StoreErrorKind};
use graph_comms_dtmf_redis::{ConnectErrorKind, Persistence, RedisStore, StateKey};
use graph_comms_test_redis::RedisServer;
use std::net::TcpListener;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_millis(500);
/// What an update may take past its timeout (scheduling on a busy machine
/// shared with other builds).
const SLACK: Duration = Duration::from_secs(1);

/// A store with the short update timeout, holding state 1 for call-1.
async fn short_timeout_store(server: &RedisServer) -> RedisStore {
    let store = builder(server, 1).timeout(TIMEOUT).connect().await.unwrap();
    bump(&store, "call-1").await.unwrap();
    store
}

/// An update while Redis is away: a transient error within the bound.
async fn fails_within_the_bound(store: &RedisStore) -> StoreError {
    let started = Instant::now();
    let error = bump(store, "call-1").await.unwrap_err();
    let waited = started.elapsed();
    assert!(waited < TIMEOUT + SLACK, "{waited:?}");
    assert!(
        matches!(
            error.kind(),
            StoreErrorKind::Unavailable | StoreErrorKind::TimedOut
        ),
        "{error:?}"
    );
    error
}

#[tokio::test]
async fn killed_and_restarted_redis_fails_within_the_bound_then_collection_goes_on() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = short_timeout_store(&server).await;
        // Killed outright (no persistence): errors within the bound, then
        // updates go on, from no state.
        server.stop();
        fails_within_the_bound(&store).await;
        server.restart();
        for _ in 0..3 {
            bump(&store, "call-1").await.unwrap();
        }

        // Down with its data saved: a Redis that comes back with it.
        server.stop_keeping_data();
        for _ in 0..3 {
            fails_within_the_bound(&store).await;
        }
        assert_eq!(store.stats().unavailable + store.stats().timed_out, 4);
        server.restart();
        // Back: the first update after the restart succeeds, on the state
        // written before (3), with the script loaded again.
        assert_eq!(bump(&store, "call-1").await.unwrap(), 4);
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(4));
    })
    .await;
}

#[tokio::test]
async fn a_redis_that_does_not_answer_gives_timed_out_within_the_bound() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = short_timeout_store(&server).await;
        server.pause();
        let started = Instant::now();
        let error = fails_within_the_bound(&store).await;
        let waited = started.elapsed();
        server.resume();
        assert_eq!(error.kind(), StoreErrorKind::TimedOut, "{error:?}");
        assert!(error.to_string().contains("in time"), "{error}");
        assert!(waited >= TIMEOUT - Duration::from_millis(50), "{waited:?}");
        // Answering again: the update that timed out was never applied (it
        // timed out waiting for its read, so it never sent its write), and
        // updates go on.
        assert_eq!(bump(&store, "call-1").await.unwrap(), 2);

        // DEBUG SLEEP: a slow command ahead of ours.
        let mut plain = plain(&server).await;
        let sleeper = tokio::spawn(async move {
            redis::cmd("DEBUG")
                .arg(&["SLEEP", "1"][..])
                .query_async::<()>(&mut plain)
                .await
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        let error = fails_within_the_bound(&store).await;
        assert_eq!(error.kind(), StoreErrorKind::TimedOut);
        // The plain client may itself time out waiting: only wait for it.
        let _ = sleeper.await;
    })
    .await;
}

#[tokio::test]
async fn connecting_to_nothing_fails_clearly_within_the_connect_timeout() {
    bounded(async {
        // A port nobody listens on: refused.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let started = Instant::now();
        let error = RedisStore::builder(
            format!("redis://127.0.0.1:{port}/"),
            StateKey::from_bytes([1; 32]),
        )
        .connect_timeout(Duration::from_secs(2))
        .connect()
        .await
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2) + SLACK);
        assert_eq!(error.kind(), ConnectErrorKind::Unavailable, "{error:?}");
        assert!(error.to_string().contains("cannot be reached"), "{error}");

        // A listener that never answers: timed out at the connect timeout.
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("redis://127.0.0.1:{}/", silent.local_addr().unwrap().port());
        let started = Instant::now();
        let error = RedisStore::builder(url, StateKey::from_bytes([1; 32]))
            .connect_timeout(TIMEOUT)
            .connect()
            .await
            .unwrap_err();
        assert!(
            started.elapsed() < TIMEOUT + SLACK,
            "{:?}",
            started.elapsed()
        );
        assert_eq!(error.kind(), ConnectErrorKind::TimedOut, "{error:?}");
        assert!(error.to_string().contains("500 ms"), "{error}");

        // Not a Redis URL; a password in it never shows.
        let error = RedisStore::builder("http://user:s3cret@host/", StateKey::from_bytes([1; 32]))
            .connect()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ConnectErrorKind::Url, "{error:?}");
        assert!(!format!("{error} {error:?}").contains("s3cret"));

        let error = RedisStore::builder("redis://127.0.0.1:1/", StateKey::from_bytes([1; 32]))
            .idle_timeout(Duration::ZERO)
            .connect()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ConnectErrorKind::Options);
        assert!(error.to_string().contains("idle timeout"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_is_rejected() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let url = format!("redis://nobody:wrong@127.0.0.1:{}/", server.port());
        let error = RedisStore::builder(url, StateKey::from_bytes([1; 32]))
            .connect()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ConnectErrorKind::Rejected, "{error:?}");
        assert!(
            error.to_string().contains("user name and password"),
            "{error}"
        );
        assert!(!error.to_string().contains("wrong"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn persistence_is_read_at_connect_and_warned_about() {
    let Some(quiet) = RedisServer::start() else {
        return;
    };
    let Some(persisting) = RedisServer::builder().persistence(true).start() else {
        return;
    };
    bounded(async {
        assert_eq!(
            builder(&quiet, 1).connect().await.unwrap().persistence(),
            Persistence::Off
        );
        let store = builder(&persisting, 1).connect().await.unwrap();
        let persistence = store.persistence();
        assert_eq!(
            persistence,
            Persistence::On {
                snapshots: true,
                append_only: true
            }
        );
        let warning = persistence.to_string();
        assert!(
            warning.starts_with("warning:") && warning.contains("appendonly no"),
            "{warning}"
        );

        // A user that may not run CONFIG, as on managed Redis: not checked,
        // not an error.
        let mut plain = plain(&quiet).await;
        let () = redis::cmd("ACL")
            .arg(&["SETUSER", "bot", "on", ">pw", "~*", "+@all", "-config"][..])
            .query_async(&mut plain)
            .await
            .unwrap();
        let url = format!("redis://bot:pw@127.0.0.1:{}/", quiet.port());
        let store = RedisStore::builder(url, StateKey::from_bytes([1; 32]))
            .connect()
            .await
            .unwrap();
        assert_eq!(store.persistence(), Persistence::Unknown);
        assert!(
            store
                .persistence()
                .to_string()
                .contains("could not be checked")
        );
        bump(&store, "call-1").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn something_else_at_the_key_is_damaged_not_transient() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = builder(&server, 1).connect().await.unwrap();
        let mut plain = plain(&server).await;
        let () = redis::cmd("RPUSH")
            .arg(store.key_for("call-1"))
            .arg("x")
            .query_async(&mut plain)
            .await
            .map(|_: i64| ())
            .unwrap();
        let error = bump(&store, "call-1").await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Damaged, "{error:?}");
        assert!(!error.is_transient());
        assert!(error.to_string().contains("delete it"), "{error}");
        assert_eq!(store.stats().damaged, 1);
    })
    .await;
}

#[tokio::test]
async fn an_idle_timeout_redis_would_refuse_is_refused_at_connect() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        for idle in [Duration::MAX, Duration::from_secs(31 * 24 * 3600)] {
            let error = builder(&server, 1)
                .idle_timeout(idle)
                .connect()
                .await
                .unwrap_err();
            assert_eq!(error.kind(), ConnectErrorKind::Options, "{error:?}");
            assert!(error.to_string().contains("30 days"), "{error}");
        }
        let store = builder(&server, 1)
            .idle_timeout(Duration::from_secs(30 * 24 * 3600))
            .connect()
            .await
            .unwrap();
        assert_eq!(bump(&store, "call-1").await.unwrap(), 1);
        // A timeout too long to add to an instant is refused too, not a
        // panic at the first update.
        for timeout in [Duration::MAX, Duration::from_secs(3601)] {
            let error = builder(&server, 1)
                .timeout(timeout)
                .connect()
                .await
                .unwrap_err();
            assert_eq!(error.kind(), ConnectErrorKind::Options, "{error:?}");
            assert!(error.to_string().contains("1 hour"), "{error}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_invalid_call_id_is_refused_before_any_round_trip() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = builder(&server, 1).connect().await.unwrap();
        for id in ["", "a/b", "..", "secret id", &"x".repeat(257)] {
            let error = bump(&store, id).await.unwrap_err();
            assert_eq!(error.kind(), StoreErrorKind::InvalidCallId, "{error:?}");
            assert!(!error.is_transient());
            assert!(!error.to_string().contains("secret"), "{error}");
        }
        assert_eq!(store.stats().invalid_call_id, 5);
        assert_eq!(store.stats().errors(), 5);
        let mut plain = plain(&server).await;
        let size: u64 = redis::cmd("DBSIZE").query_async(&mut plain).await.unwrap();
        assert_eq!(size, 0);
    })
    .await;
}
