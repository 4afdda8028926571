//! One tone applied to a call's collector through the store: the Redis store
//! against a local redis-server (a read, the sealing, a compare-and-set
//! script: two round trips on loopback), a duplicate tone (a read only when
//! the state does not change) and the in-memory store for comparison.
//! Without a redis-server the Redis benches are skipped with a message.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use graph_comms_dtmf::{
    CallLimits, CallStore, CollectorOptions, DigitCollector, MemoryStore, Timestamp,
};
use graph_comms_dtmf_redis::{RedisStore, StateKey};
use graph_comms_models::Tone;
use graph_comms_test_redis::RedisServer;
use std::hint::black_box;

fn options() -> CollectorOptions {
    CollectorOptions::new()
        .with_stop_tones([])
        .with_max_digits(CollectorOptions::DIGIT_LIMIT)
}

/// Applies tone `sequence_id` to the call's collector, restarting the
/// collection when it completes (so the state stays the same size).
fn tone(state: &mut Option<DigitCollector>, sequence_id: i64) -> bool {
    let now = Timestamp::from_millis(sequence_id as u64 * 100);
    let collector = state.get_or_insert_with(|| DigitCollector::new(options(), now).unwrap());
    let tone = Tone::KNOWN[(sequence_id % 10) as usize].clone();
    collector.handle_tone(now, sequence_id, tone);
    let done = collector.poll_completion().is_some();
    if done {
        collector.restart(now);
    }
    done
}

fn store(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut g = c.benchmark_group("store");
    g.throughput(Throughput::Elements(1));

    let memory: MemoryStore<DigitCollector> = MemoryStore::new(CallLimits::default()).unwrap();
    let mut next = 1i64;
    g.bench_function("memory_one_tone", |b| {
        b.to_async(&runtime).iter(|| {
            next += 1;
            let id = next;
            let memory = &memory;
            async move {
                black_box(
                    memory
                        .update("call", Timestamp::ZERO, |s| tone(s, id))
                        .await
                        .unwrap(),
                )
            }
        })
    });

    let Some(server) = RedisServer::start() else {
        eprintln!("store/redis_*: skipped, no redis-server (apt-get install redis-server)");
        g.finish();
        return;
    };
    let redis = runtime
        .block_on(RedisStore::builder(server.url(), StateKey::from_bytes([7; 32])).connect())
        .unwrap();
    let mut next = 1i64;
    g.bench_function("redis_one_tone", |b| {
        b.to_async(&runtime).iter(|| {
            next += 1;
            let id = next;
            let redis = &redis;
            async move {
                black_box(
                    CallStore::<DigitCollector>::update(redis, "call", Timestamp::ZERO, |s| {
                        tone(s, id)
                    })
                    .await
                    .unwrap(),
                )
            }
        })
    });
    g.bench_function("redis_read_only", |b| {
        b.to_async(&runtime).iter(|| {
            let redis = &redis;
            async move {
                black_box(
                    CallStore::<DigitCollector>::update(redis, "call", Timestamp::ZERO, |s| {
                        s.as_ref().map(DigitCollector::digit_count)
                    })
                    .await
                    .unwrap(),
                )
            }
        })
    });
    g.finish();
    drop(server);
}

criterion_group!(benches, store);
criterion_main!(benches);
