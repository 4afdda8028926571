//! What is stored: sealed values (no tone, digit or field name in clear),
//! bound to their key and the state key; the TTL.

use crate::{bounded, builder, bump, plain, store};
use graph_comms_dtmf::{
    CallStore, CollectorOptions, DigitCollector, StoreError, StoreErrorKind, Timestamp,
};
use graph_comms_dtmf_redis::RedisStore;
use graph_comms_models::Tone;
use graph_comms_test_redis::RedisServer;
use redis::AsyncCommands;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Serialize, Deserialize)]
struct BotState {
    flow_step_name: String,
    collector: DigitCollector,
}

/// A state with the digits 2580 collected and a `#` held back.
async fn write_pin(store: &RedisStore, call: &str) {
    let mut collector =
        DigitCollector::new(CollectorOptions::new().with_max_digits(8), Timestamp::ZERO).unwrap();
    for (id, tone) in [
        (1, Tone::Tone2),
        (2, Tone::Tone5),
        (3, Tone::Tone8),
        (4, Tone::Tone0),
        (6, Tone::Pound),
    ] {
        collector.handle_tone(Timestamp::from_millis(id as u64), id, tone);
    }
    store
        .update(call, Timestamp::ZERO, |state: &mut Option<BotState>| {
            *state = Some(BotState {
                flow_step_name: "collecting-pin".into(),
                collector: collector.clone(),
            })
        })
        .await
        .unwrap();
}

async fn read_pin(store: &RedisStore, call: &str) -> Result<Option<usize>, StoreError> {
    store
        .update(call, Timestamp::ZERO, |state: &mut Option<BotState>| {
            state.as_ref().map(|state| state.collector.digit_count())
        })
        .await
}

#[tokio::test]
async fn stored_values_hold_no_tone_digit_or_field_name_in_clear() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = store(&server, 1).await;
        write_pin(&store, "call-1").await;
        assert_eq!(read_pin(&store, "call-1").await.unwrap(), Some(4));

        let mut plain = plain(&server).await;
        let keys: Vec<String> = plain.keys("*").await.unwrap();
        assert_eq!(keys, ["graph-comms:call:call-1"]);
        let value: Vec<u8> = plain.get(&keys[0]).await.unwrap();
        assert_eq!(value[0], 1, "the format version");
        let text = String::from_utf8_lossy(&value).to_lowercase();
        for clear in [
            "2580",
            "tone",
            "pound",
            "digits",
            "collector",
            "flow_step_name",
            "collecting-pin",
        ] {
            assert!(
                !text.contains(clear),
                "{clear:?} in clear in the stored value"
            );
        }
        // Writing the same state again writes nothing; deleted and written
        // again, it is stored as other bytes (a fresh random nonce).
        write_pin(&store, "call-1").await;
        assert_eq!(store.stats().writes, 1);
        let unchanged: Vec<u8> = plain.get(&keys[0]).await.unwrap();
        assert_eq!(value, unchanged);
        store
            .update("call-1", Timestamp::ZERO, |state: &mut Option<BotState>| {
                *state = None
            })
            .await
            .unwrap();
        write_pin(&store, "call-1").await;
        let again: Vec<u8> = plain.get(&keys[0]).await.unwrap();
        assert_ne!(value, again);
    })
    .await;
}

#[tokio::test]
async fn a_value_under_another_state_key_or_moved_to_another_call_is_damaged() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = store(&server, 1).await;
        write_pin(&store, "call-1").await;

        let other_key = crate::store(&server, 2).await;
        let error = read_pin(&other_key, "call-1").await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Damaged);
        assert!(!error.is_transient());
        assert!(error.to_string().contains("delete it"), "{error}");
        let cause = std::error::Error::source(&error).unwrap().to_string();
        assert!(
            cause.contains("state key file") && cause.contains("delete the key"),
            "{cause}"
        );
        assert_eq!(other_key.stats().damaged, 1);
        // The value is untouched: the right key still opens it.
        assert_eq!(read_pin(&store, "call-1").await.unwrap(), Some(4));

        // The sealed value of call-1 copied to call-2's key does not open.
        let mut plain = plain(&server).await;
        let value: Vec<u8> = plain.get(store.key_for("call-1")).await.unwrap();
        let () = plain.set(store.key_for("call-2"), &value).await.unwrap();
        let moved = read_pin(&store, "call-2").await.unwrap_err();
        assert_eq!(moved.kind(), StoreErrorKind::Damaged);

        // A byte changed: damaged too, and no error text shows the state.
        let mut tampered = value.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 0x40;
        let () = plain.set(store.key_for("call-3"), &tampered).await.unwrap();
        let error = read_pin(&store, "call-3").await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Damaged);
        let shown = format!(
            "{error} {error:?} {}",
            std::error::Error::source(&error).unwrap()
        );
        assert!(
            !shown.contains("2580") && !shown.contains("collecting"),
            "{shown}"
        );

        // A value another version of the format wrote.
        let () = plain
            .set(store.key_for("call-4"), b"\x02garbage")
            .await
            .unwrap();
        let error = read_pin(&store, "call-4").await.unwrap_err();
        let cause = std::error::Error::source(&error).unwrap().to_string();
        assert!(cause.contains("format version"), "{cause}");
    })
    .await;
}

#[tokio::test]
async fn a_state_of_another_shape_is_damaged_without_quoting_it() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = store(&server, 1).await;
        store
            .update("call-1", Timestamp::ZERO, |state: &mut Option<String>| {
                *state = Some("2580-secret".into())
            })
            .await
            .unwrap();
        let error = crate::read(&store, "call-1").await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Damaged);
        let cause = std::error::Error::source(&error).unwrap().to_string();
        assert!(cause.contains("another version of the bot"), "{cause}");
        assert!(!cause.contains("2580"), "{cause}");
    })
    .await;
}

#[tokio::test]
async fn the_ttl_is_the_idle_timeout_and_every_write_sets_it_again() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = builder(&server, 1)
            .idle_timeout(Duration::from_secs(60))
            .connect()
            .await
            .unwrap();
        let key = store.key_for("call-1");
        let mut plain = plain(&server).await;
        bump(&store, "call-1").await.unwrap();
        let ttl: i64 = plain.pttl(&key).await.unwrap();
        assert!((55_000..=60_000).contains(&ttl), "{ttl}");
        // Shortened behind the store's back, then a write sets it again.
        let _: bool = plain.pexpire(&key, 5_000).await.unwrap();
        bump(&store, "call-1").await.unwrap();
        let ttl: i64 = plain.pttl(&key).await.unwrap();
        assert!(ttl > 55_000, "{ttl}");

        // An idle call expires: its next update starts from no state.
        let short = builder(&server, 1)
            .idle_timeout(Duration::from_millis(100))
            .connect()
            .await
            .unwrap();
        bump(&short, "call-2").await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(crate::read(&short, "call-2").await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn debug_shows_settings_and_counts_never_the_key_url_or_state() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let mut plain = plain(&server).await;
        let () = redis::cmd("ACL")
            .arg(&["SETUSER", "bot", "on", ">hunter2-password", "~*", "+@all"][..])
            .query_async(&mut plain)
            .await
            .unwrap();
        let url = format!("redis://bot:hunter2-password@127.0.0.1:{}/", server.port());
        let builder = RedisStore::builder(
            url,
            graph_comms_dtmf_redis::StateKey::from_bytes([0xAB; 32]),
        )
        .key_prefix("bot-a:");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        let store = builder.connect().await.unwrap();
        write_pin(&store, "call-1").await;
        let shown = format!("{store:?}");
        assert!(
            shown.contains("bot-a:") && shown.contains("writes: 1"),
            "{shown}"
        );
        for hidden in ["hunter2", "171, 171", "ab, ab", "2580"] {
            assert!(!shown.contains(hidden), "{hidden:?} in {shown}");
        }
    })
    .await;
}
