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

/// `n` stores, each with its own connection, as `n` workers would have.
async fn workers(
    server: &RedisServer,
    n: usize,
    retries: u32,
    timeout: Duration,
) -> Vec<RedisStore> {
    let mut stores = Vec::new();
    for _ in 0..n {
        let store = builder(server, 1)
            .max_retries(retries)
            .timeout(timeout)
            .connect()
            .await
            .unwrap();
        stores.push(store);
    }
    stores
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_updates_of_one_call_lose_none() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        // 4 workers with 10 tasks each: the workers race at the
        // compare-and-set, the tasks of one worker take turns.
        let stores = workers(&server, 4, 10_000, Duration::from_secs(30)).await;
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let store = stores[i % stores.len()].clone();
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
        assert_eq!(read(&stores[0], "call-1").await.unwrap(), Some(400));
        let (writes, conflicts) = stores.iter().fold((0, 0), |(w, c), store| {
            let stats = store.stats();
            assert_eq!(stats.errors(), 0);
            (w + stats.writes, c + stats.conflicts)
        });
        assert_eq!(writes, 400);
        assert!(conflicts > 0, "4 workers on one key never conflicted");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_updates_of_one_call_in_one_worker_take_turns_and_never_conflict() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = builder(&server, 1)
            .max_retries(0)
            .timeout(Duration::from_secs(30))
            .connect()
            .await
            .unwrap();
        let tasks: Vec<_> = (0..40)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    for _ in 0..5 {
                        bump(&store, "call-1").await.unwrap();
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(200));
        assert_eq!(store.stats().conflicts, 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_run_out_with_contended_and_the_failed_updates_change_nothing() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        // 20 workers, one update each, no retries.
        let stores = workers(&server, 20, 0, Duration::from_secs(20)).await;
        let tasks: Vec<_> = stores
            .iter()
            .map(|store| {
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
        assert_eq!(read(&stores[0], "call-1").await.unwrap(), Some(applied));
        let counted: u64 = stores.iter().map(|store| store.stats().contended).sum();
        assert_eq!(counted, contended);
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
        // Generous bounds: this is about counting once, not about speed, and
        // 320 updates at once on a busy machine (debug build) take a while.
        let worker = || {
            builder(&server, 9)
                .timeout(Duration::from_secs(20))
                .max_retries(1_000)
                .connect()
        };
        let workers = [worker().await.unwrap(), worker().await.unwrap()];
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

/// Runs `f` on a counter state, writing `lands` once, on the first run
/// only, between the store's read and its compare-and-set (as another
/// worker's update would land); returns (runs of f, the state f saw last).
async fn update_with_a_write_landing(
    store: &RedisStore,
    mut lands: impl FnMut() + Send,
) -> (u32, Option<u64>) {
    let mut runs = 0;
    let seen = store
        .update("call-1", Timestamp::ZERO, |state: &mut Option<u64>| {
            runs += 1;
            if runs == 1 {
                lands();
            }
            let seen = *state;
            *state = Some(seen.unwrap_or(0) + 10);
            seen
        })
        .await
        .unwrap();
    (runs, seen)
}

#[tokio::test]
async fn a_write_between_the_read_and_the_compare_and_set_runs_f_again_on_it() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let store = store(&server, 1).await;
        let key = store.key_for("call-1");
        // A blocking client stands in for the other worker inside `f`.
        let mut other = redis::Client::open(server.url())
            .unwrap()
            .get_connection()
            .unwrap();
        let get = |other: &mut redis::Connection| -> Vec<u8> {
            redis::cmd("GET").arg(&key).query(other).unwrap()
        };
        // The sealed values of states 1 and 2, then back to state 1.
        bump(&store, "call-1").await.unwrap();
        let one = get(&mut other);
        bump(&store, "call-1").await.unwrap();
        let two = get(&mut other);
        let () = redis::cmd("SET")
            .arg(&key)
            .arg(&one)
            .query(&mut other)
            .unwrap();

        // State 2 lands while f runs on state 1: f runs again, on 2.
        let (runs, seen) = update_with_a_write_landing(&store, || {
            let () = redis::cmd("SET")
                .arg(&key)
                .arg(&two)
                .query(&mut other)
                .unwrap();
        })
        .await;
        assert_eq!((runs, seen), (2, Some(2)));
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(12));
        assert_eq!(store.stats().conflicts, 1);

        // Deleted while f runs: f runs again, on no state.
        let (runs, seen) = update_with_a_write_landing(&store, || {
            let () = redis::cmd("DEL").arg(&key).query(&mut other).unwrap();
        })
        .await;
        assert_eq!((runs, seen), (2, None));
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(10));

        // Created while f runs on no state: f runs again, on it.
        let () = redis::cmd("DEL").arg(&key).query(&mut other).unwrap();
        let (runs, seen) = update_with_a_write_landing(&store, || {
            let () = redis::cmd("SET")
                .arg(&key)
                .arg(&one)
                .query(&mut other)
                .unwrap();
        })
        .await;
        assert_eq!((runs, seen), (2, Some(1)));
        assert_eq!(store.stats().conflicts, 3);
        store.ping().await.unwrap();
    })
    .await;
}
