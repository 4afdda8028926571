//! The fleet (issue 18): `ivr-bot` worker processes sharing one real Redis
//! behind the emulator's round-robin, so that the notifications of one call
//! land on both workers, a duplicate on the other worker than its original.
//!
//! Each test starts its own redis-server on 127.0.0.1 (graph-comms-test-redis:
//! skipped loudly without one, a failure under `CI=true`), two workers and
//! the emulator on the real clock. They run one at a time, each bounded.

mod harness;

use graph_comms_emulator::core::CallView;
use harness::{Fleet, FleetConfig, pins};
use std::collections::HashMap;
use std::time::Duration;

/// One fleet at a time: each is a Redis and two bot processes, and the
/// 200-call test wants what the machine's cores can give.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The bound of each test, in real time.
const BOUND: Duration = Duration::from_secs(240);

/// Polls `f` every 20 ms until it is `Some`; panics with `what` and the
/// workers' logs after `within`.
async fn until<T>(
    fleet: &Fleet,
    what: &str,
    within: Duration,
    mut f: impl FnMut() -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(value) = f() {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: not within {within:?}\n{}",
            fleet.logs()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The calls' views, `None` while one is missing or `ready` is false for it.
fn views(
    fleet: &Fleet,
    calls: &[String],
    ready: impl Fn(&CallView) -> bool,
) -> Option<Vec<CallView>> {
    calls
        .iter()
        .map(|id| fleet.emulator.call(id).filter(|v| ready(v)))
        .collect()
}

/// How many tones of the call's POSTs the bot answered with a 2xx.
fn tones_acknowledged(view: &CallView) -> u32 {
    view.callbacks
        .iter()
        .filter(|answer| answer.is_success())
        .map(|answer| answer.tones)
        .sum()
}

/// Starts `count` incoming calls and waits until the workers answered each
/// and subscribed to its tones.
async fn answered_calls(fleet: &Fleet, count: usize) -> Vec<String> {
    let calls: Vec<String> = (0..count)
        .map(|i| {
            fleet
                .emulator
                .start_call(None, Some(&format!("+1425555{i:04}")))
        })
        .collect();
    until(
        fleet,
        "every call answered and subscribed",
        Duration::from_secs(60),
        || {
            views(fleet, &calls, |v| {
                v.state == "established" && v.subscribed_to_tone
            })
        },
    )
    .await;
    calls
}

/// Waits until every call has a completion line; all the lines, by call.
async fn every_completion(
    fleet: &Fleet,
    calls: &[String],
    within: Duration,
) -> HashMap<String, Vec<serde_json::Value>> {
    until(fleet, "a completion line for every call", within, || {
        let completions = fleet.completions();
        calls
            .iter()
            .all(|c| completions.contains_key(c))
            .then_some(completions)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_take_200_concurrent_calls_each_pin_once_through_duplicates_and_reordering() {
    let _one = ONE_AT_A_TIME.lock().await;
    // Every other POST twice (to the other worker: round-robin), and the
    // notifications of a call within 150 ms posted newest first: the tones,
    // 100 ms apart, reach the workers out of order.
    let (config, pins, scenario) = harness::two_hundred_calls();
    let Some(fleet) = Fleet::start(&config).await else {
        return;
    };
    let report = tokio::time::timeout(BOUND, fleet.emulator.run_scenario(&scenario, None))
        .await
        .expect("the 200 calls end within the bound");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(
        report.passed() && report.finished,
        "the emulator's expectations: {failures:#?}\n{}",
        fleet.logs()
    );
    let completions = fleet.completions();
    for (i, (call, pin)) in report.call_ids.iter().zip(&pins).enumerate() {
        let lines = completions.get(call).map(Vec::as_slice).unwrap_or_default();
        assert_eq!(
            lines.len(),
            1,
            "call {}: one completion line across the workers: {lines:?}",
            i + 1
        );
        assert_eq!(
            lines[0]["digits"],
            pin.as_str(),
            "call {}: its own PIN",
            i + 1
        );
        assert_eq!(lines[0]["reason"], "max-digits", "call {}", i + 1);
    }
    assert_eq!(
        completions.len(),
        pins.len(),
        "no line for a call that was not made"
    );
    // The faults happened: more tone POSTs than keys (the duplicates), and
    // every callback reached a worker.
    let posted: u32 = report
        .records
        .iter()
        .flat_map(|r| &r.callbacks)
        .map(|a| a.tones)
        .sum();
    let pressed: u32 = report.records.iter().map(|r| r.keys_pressed).sum();
    assert_eq!(pressed, 800);
    assert!(posted > pressed, "{posted} tones posted for {pressed} keys");
    let stats = fleet.stats().await;
    assert_eq!(stats.completions, 200, "{stats:?}");
    assert_eq!(stats.tones, u64::from(posted), "{stats:?}");
    assert_eq!(stats.store_errors, 0, "{stats:?}");
    for worker in &fleet.workers {
        let own = worker.stats().await;
        assert!(
            own["callbacks"].as_u64() > Some(100),
            "both workers took callbacks: {own}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_mid_collection_503s_until_it_is_back_then_collection_goes_on() {
    let _one = ONE_AT_A_TIME.lock().await;
    let config = FleetConfig {
        // Redis writes its append-only file, so a crash loses no
        // acknowledged update (the state in it is sealed).
        persistence: true,
        // The greetings play on through the outage: the tones are the only
        // notifications while Redis is down.
        prompt: Duration::from_secs(20),
        ..FleetConfig::default()
    };
    let Some(mut fleet) = Fleet::start(&config).await else {
        return;
    };
    // Callers A type two digits, Redis dies, callers B type one digit,
    // Redis comes back, and everyone types the rest.
    let pins = pins(12, config.pin_length);
    let (a_pins, b_pins) = pins.split_at(8);
    let calls = answered_calls(&fleet, pins.len()).await;
    let (a, b) = calls.split_at(a_pins.len());
    let press = |call: &String, keys: &str| {
        fleet
            .emulator
            .press(call, keys, Duration::from_millis(50))
            .unwrap();
    };
    for (call, pin) in a.iter().zip(a_pins) {
        press(call, &pin[..2]);
    }
    // Their greetings cancelled (barge-in), and the cancellation's
    // notification answered: only tones are posted while Redis is down.
    until(
        &fleet,
        "the A calls' first two tones acknowledged, their greetings cancelled",
        Duration::from_secs(30),
        || {
            views(&fleet, a, |v| {
                tones_acknowledged(v) == 2
                    && v.requests
                        .iter()
                        .any(|r| r.path.ends_with("/cancelMediaProcessing"))
            })
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    fleet.redis.stop(); // SIGKILL, in the middle of the A calls' collections
    for (call, pin) in b.iter().zip(b_pins) {
        press(call, &pin[..1]);
    }
    let during = until(
        &fleet,
        "the B calls' tone answered",
        Duration::from_secs(30),
        || views(&fleet, b, |v| v.callbacks.iter().any(|c| c.tones > 0)),
    )
    .await;
    for view in &during {
        let answer = view.callbacks.iter().find(|c| c.tones > 0).unwrap();
        assert_eq!(
            answer.status,
            Some(503),
            "a tone while Redis is down: {answer:?}"
        );
    }
    let stats = fleet.stats().await;
    assert!(stats.store_errors >= b.len() as u64, "{stats:?}");

    fleet.redis.restart();
    for (call, pin) in a.iter().zip(a_pins) {
        press(call, &pin[2..]);
    }
    for (call, pin) in b.iter().zip(b_pins) {
        press(call, &format!("{}#", &pin[1..]));
    }
    let completions = every_completion(&fleet, &calls, Duration::from_secs(60)).await;
    // A short wait for a second line that must not come.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let completions_after = fleet.completions();
    assert_eq!(completions, completions_after, "one line per call, not two");

    for (call, pin) in calls.iter().zip(&pins) {
        let view = fleet.emulator.call(call).unwrap();
        // Nothing half-written: every answer is a 202 (recorded) or a 503
        // (not recorded; Redis was down), never a 500 for a state that
        // cannot be read back, never a timeout.
        for answer in &view.callbacks {
            assert!(matches!(answer.status, Some(202 | 503)), "{answer:?}");
        }
        let acknowledged = view
            .callbacks
            .iter()
            .filter(|c| c.tones > 0)
            .all(|c| c.is_success());
        let line = &completions[call][0];
        if acknowledged {
            // Every tone acknowledged (two before the outage, the rest after):
            // the right digits, the two from before read back from Redis.
            assert_eq!(line["digits"], pin.as_str(), "{line}");
        } else {
            // The 503'd tone is lost to the bot (the service does not retry
            // a callback, as far as its docs say): the PIN without its first
            // digit, ended by `#`; no trace of the refused tone.
            assert_eq!(line["digits"], &pin[1..], "{line}");
        }
    }
    let a_acknowledged = a
        .iter()
        .filter(|c| tones_acknowledged(&fleet.emulator.call(c).unwrap()) == 4)
        .count();
    assert_eq!(
        a_acknowledged,
        a.len(),
        "the A calls' tones all acknowledged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_state_in_redis_holds_no_digit_tone_or_field_name_in_clear() {
    let _one = ONE_AT_A_TIME.lock().await;
    let config = FleetConfig {
        // Long PINs: seven digits typed is a string no sealed value holds
        // by chance.
        pin_length: 8,
        prompt: Duration::from_secs(20),
        ..FleetConfig::default()
    };
    let Some(fleet) = Fleet::start(&config).await else {
        return;
    };
    let pins = pins(10, config.pin_length);
    let calls = answered_calls(&fleet, pins.len()).await;
    for (call, pin) in calls.iter().zip(&pins) {
        fleet
            .emulator
            .press(call, &pin[..7], Duration::from_millis(30))
            .unwrap();
    }
    until(
        &fleet,
        "seven tones acknowledged on every call",
        Duration::from_secs(30),
        || views(&fleet, &calls, |v| tones_acknowledged(v) == 7),
    )
    .await;

    // Mid-collection: read everything back with a plain client.
    let client = redis::Client::open(fleet.redis.url()).unwrap();
    let mut redis = client.get_connection().unwrap();
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(&mut redis).unwrap();
    assert!(
        keys.len() >= calls.len(),
        "one key per call at least: {} keys",
        keys.len()
    );
    let mut values = Vec::new();
    for key in &keys {
        let kind: String = redis::cmd("TYPE").arg(key).query(&mut redis).unwrap();
        let value: Vec<Vec<u8>> = match kind.as_str() {
            "string" => vec![redis::cmd("GET").arg(key).query(&mut redis).unwrap()],
            "hash" => redis::cmd("HGETALL").arg(key).query(&mut redis).unwrap(),
            "list" => redis::cmd("LRANGE")
                .arg(key)
                .arg(0)
                .arg(-1)
                .query(&mut redis)
                .unwrap(),
            "set" => redis::cmd("SMEMBERS").arg(key).query(&mut redis).unwrap(),
            "zset" => redis::cmd("ZRANGE")
                .arg(key)
                .arg(0)
                .arg(-1)
                .query(&mut redis)
                .unwrap(),
            other => panic!("a key of type {other}"),
        };
        // A call's state expires by itself: every key has a TTL.
        let ttl: i64 = redis::cmd("PTTL").arg(key).query(&mut redis).unwrap();
        assert!(ttl > 0, "a key without a TTL ({ttl})");
        values.extend(value);
    }
    let contains = |value: &[u8], needle: &[u8]| value.windows(needle.len()).any(|w| w == needle);
    let typed: Vec<&str> = pins.iter().map(|p| &p[..7]).collect();
    let names = [
        "tone",
        "Tone",
        "digit",
        "Digit",
        "sequence",
        "callId",
        "state",
        "collect",
        "prompt",
        "established",
        "max-digits",
    ];
    for value in &values {
        assert!(
            serde_json::from_slice::<serde_json::Value>(value).is_err(),
            "a stored value is JSON"
        );
        for needle in typed
            .iter()
            .map(|t| t.as_bytes())
            .chain(names.iter().map(|n| n.as_bytes()))
        {
            assert!(
                !contains(value, needle),
                "a stored value holds {:?} in clear",
                if needle[0].is_ascii_digit() {
                    "a PIN's digits"
                } else {
                    std::str::from_utf8(needle).unwrap()
                }
            );
        }
    }

    // The collection goes on from what Redis held: the right PINs.
    for (call, pin) in calls.iter().zip(&pins) {
        fleet
            .emulator
            .press(call, &pin[7..], Duration::from_millis(30))
            .unwrap();
    }
    let completions = every_completion(&fleet, &calls, Duration::from_secs(30)).await;
    for (call, pin) in calls.iter().zip(&pins) {
        assert_eq!(completions[call].len(), 1);
        assert_eq!(completions[call][0]["digits"], pin.as_str());
    }
}
