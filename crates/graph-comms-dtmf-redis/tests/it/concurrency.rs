//! Atomic updates: concurrent tasks and two workers lose nothing and count
//! a duplicate once.

use crate::{bounded, builder, bump, read, store};
use graph_comms_dtmf::{
    CallStore, CollectorOptions, Completion, DigitCollector, StoreErrorKind, Timestamp,
};
use graph_comms_dtmf_redis::RedisStore;
use graph_comms_models::Tone;
use graph_comms_test_redis::RedisServer;
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_updates_of_one_call_lose_none() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = builder(&server, 1)
            .max_retries(10_000)
            .timeout(Duration::from_secs(30))
            .connect()
            .await
            .unwrap();
        let tasks: Vec<_> = (0..40)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    for _ in 0..10 {
                        bump(&store, "call-1").await.unwrap();
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(400));
        let stats = store.stats();
        assert_eq!(stats.writes, 400);
        assert!(
            stats.conflicts > 0,
            "40 tasks on one key never conflicted: {stats:?}"
        );
        assert_eq!(stats.errors(), 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_run_out_with_contended_and_the_failed_updates_change_nothing() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = builder(&server, 1).max_retries(0).connect().await.unwrap();
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { bump(&store, "call-1").await })
            })
            .collect();
        let mut applied = 0;
        let mut contended = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => applied += 1,
                Err(error) => {
                    assert_eq!(error.kind(), StoreErrorKind::Contended);
                    assert!(error.is_transient());
                    contended += 1;
                }
            }
        }
        assert!(contended > 0, "20 racing tasks without retries all won");
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(applied));
        assert_eq!(store.stats().contended, contended);
    })
    .await;
}

/// A bot's state: the collector and the completions it returned, so that a
/// test can see a second completion if there were one.
#[derive(Serialize, Deserialize)]
struct Call {
    collector: DigitCollector,
    completions: u32,
}

/// Applies one tone notification; returns the completion it caused.
async fn notify(
    store: &RedisStore,
    call: &str,
    sequence_id: i64,
    tone: &Tone,
) -> Option<Completion> {
    let now = Timestamp::from_millis(1_000 + sequence_id as u64 * 10);
    let fresh =
        DigitCollector::new(CollectorOptions::new().with_max_digits(4), Timestamp::ZERO).unwrap();
    store
        .update(call, now, |state: &mut Option<Call>| {
            let call = state.get_or_insert_with(|| Call {
                collector: fresh.clone(),
                completions: 0,
            });
            call.collector.handle_tone(now, sequence_id, tone.clone());
            let done = call.collector.poll_completion();
            call.completions += u32::from(done.is_some());
            done
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_with_duplicates_and_reordering_complete_each_call_once() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        // Two workers: two stores, two connections, one state key.
        let workers = [store(&server, 9).await, store(&server, 9).await];
        let pin = [Tone::Tone7, Tone::Tone3, Tone::Tone0, Tone::Tone9];
        let calls = 40;
        let mut tasks = Vec::new();
        for call in 0..calls {
            // Each tone delivered twice, once to each worker; the second half
            // of the PIN first, so that the sequencer holds it.
            for round in 0..2 {
                for index in [2, 3, 0, 1] {
                    let worker = workers[(call + round + index) % 2].clone();
                    let tone = pin[index].clone();
                    tasks.push(tokio::spawn(async move {
                        let id = format!("call-{call}");
                        let done = notify(&worker, &id, index as i64 + 1, &tone).await;
                        (call, done)
                    }));
                }
            }
        }
        let mut completions = vec![Vec::new(); calls];
        for task in tasks {
            let (call, done) = task.await.unwrap();
            completions[call].extend(done);
        }
        for (call, done) in completions.iter().enumerate() {
            assert_eq!(done.len(), 1, "call {call}: {} completions", done.len());
            assert_eq!(done[0].digits.expose(), "7309", "call {call}");
            assert_eq!(done[0].reason.as_str(), "max-digits");
        }
        // The stored state agrees: one completion each.
        for call in 0..calls {
            let counted = workers[0]
                .update(
                    &format!("call-{call}"),
                    Timestamp::ZERO,
                    |state: &mut Option<Call>| state.as_ref().map(|call| call.completions),
                )
                .await
                .unwrap();
            assert_eq!(counted, Some(1));
        }
        let conflicts = workers[0].stats().conflicts + workers[1].stats().conflicts;
        eprintln!(
            "two workers, {calls} calls, 8 notifications each: {conflicts} conflicts retried"
        );
    })
    .await;
}

#[tokio::test]
async fn an_update_that_changes_nothing_writes_nothing_and_none_deletes() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = store(&server, 1).await;
        // Reading a call that has no state stores nothing.
        assert_eq!(read(&store, "call-1").await.unwrap(), None);
        assert_eq!(store.stats().writes, 0);
        bump(&store, "call-1").await.unwrap();
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(1));
        assert_eq!(store.stats().writes, 1);
        assert_eq!(store.stats().updates, 3);
        store
            .update("call-1", Timestamp::ZERO, |state: &mut Option<u64>| {
                *state = None
            })
            .await
            .unwrap();
        let mut plain = crate::plain(&server).await;
        let exists: bool = redis::cmd("EXISTS")
            .arg(store.key_for("call-1"))
            .query_async(&mut plain)
            .await
            .unwrap();
        assert!(!exists);
        assert_eq!(bump(&store, "call-1").await.unwrap(), 1);
    })
    .await;
}
