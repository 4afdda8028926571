//! A fleet on one machine: a real `redis-server` (graph-comms-test-redis),
//! `ivr-bot` worker processes sharing it (`--redis`, one sealing key), and
//! the in-process emulator in front of them as the load balancer: every
//! callback of every call goes round-robin to the workers.
//!
//! Shared by the fleet tests (`tests/it/fleet.rs`) and the fleet benchmark
//! (`benches/fleet.rs` includes this file), so that the figures the README
//! shows come from the setup the tests check.

use graph_comms_emulator::scenario::{Duplicate, Reorder, Scenario};
use graph_comms_emulator::{Clock, Emulator, Faults};
use graph_comms_test_redis::RedisServer;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const APP_ID: &str = "3b0c4f47-5c44-4b63-9b0e-7d3c1f0e0a11";
pub const TENANT_ID: &str = "00000000-0000-4000-8000-0000000000e1";

/// How long a worker may take to print its first line (it fetches the
/// emulator's keys first; the machine may be busy).
const STARTUP: Duration = Duration::from_secs(60);

/// How a fleet is made.
#[derive(Clone, Debug)]
pub struct FleetConfig {
    /// How many `ivr-bot` processes.
    pub workers: usize,
    /// The PIN length the workers collect (`--pin-length`).
    pub pin_length: usize,
    /// The emulator's faults, for the calls a test starts itself (a
    /// scenario's calls take the scenario's faults).
    pub faults: Faults,
    /// Redis persists (`appendonly yes`), so that a killed Redis comes back
    /// with the calls' state.
    pub persistence: bool,
    /// How long a prompt plays when nothing says otherwise.
    pub prompt: Duration,
    /// The workers keep the calls' state in Redis (`--redis`); `false`: in
    /// their own memory, which is right for one worker only (the
    /// benchmark's baseline).
    pub shared_state: bool,
}

impl Default for FleetConfig {
    fn default() -> Self {
        FleetConfig {
            workers: 2,
            pin_length: 4,
            faults: Faults::default(),
            persistence: false,
            prompt: Duration::from_secs(2),
            shared_state: true,
        }
    }
}

/// One `ivr-bot` process; killed on drop.
///
/// Its stdout and stderr go to files, not pipes: a worker writing to a pipe
/// that a busy test process reads late would block in the middle of a
/// callback, and the test would measure the pipe.
pub struct Worker {
    child: Child,
    /// `http://ADDR`, where it serves `/stats`.
    pub base: String,
    /// `http://ADDR/api/calls`, its callback URL.
    pub url: String,
    stdout: PathBuf,
    stderr: PathBuf,
}

/// The lines of a file written so far (an unfinished last line left out).
fn lines_of(path: &PathBuf) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let complete = text.rfind('\n').map_or("", |end| &text[..end]);
    complete.lines().map(str::to_owned).collect()
}

impl Worker {
    /// Starts `ivr-bot` number `n` against the emulator, on `redis` (its
    /// URL and the key file) or in memory, and waits for its first line
    /// (`ivr-bot: listening on http://ADDR`).
    async fn start(
        emulator: &Emulator,
        dir: &TempDir,
        n: usize,
        redis: Option<(&str, &PathBuf)>,
        pin_length: usize,
    ) -> Worker {
        let urls = emulator.urls();
        let pin_length = pin_length.to_string();
        let stdout = dir.0.join(format!("worker-{n}.out"));
        let stderr = dir.0.join(format!("worker-{n}.err"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_ivr-bot"));
        if let Some((url, key_file)) = redis {
            command
                .args(["--redis", url])
                .arg("--state-key-file")
                .arg(key_file);
        }
        let mut child = command
            .args(["--listen", "127.0.0.1:0"])
            .args(["--graph-url", &urls.graph_url])
            .args(["--token-url", &urls.token_url])
            .args([
                "--openid-configuration-url",
                &urls.open_id_configuration_url,
            ])
            .args(["--app-id", APP_ID, "--app-secret", "fleet-secret"])
            .args(["--tenant-id", TENANT_ID, "--pin-length", &pin_length])
            .arg("--show-digits")
            .stdin(Stdio::null())
            .stdout(File::create(&stdout).expect("the worker's stdout file"))
            .stderr(File::create(&stderr).expect("the worker's stderr file"))
            .spawn()
            .expect("ivr-bot starts");
        let deadline = tokio::time::Instant::now() + STARTUP;
        let line = loop {
            if let Some(line) = lines_of(&stderr).into_iter().next() {
                break line;
            }
            if tokio::time::Instant::now() > deadline || matches!(child.try_wait(), Ok(Some(_))) {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "ivr-bot printed no first line within {STARTUP:?}; its log:\n{}",
                    std::fs::read_to_string(&stderr).unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let Some(addr) = line.strip_prefix("ivr-bot: listening on http://") else {
            let _ = child.kill();
            panic!("ivr-bot's first line is not `ivr-bot: listening on http://ADDR`: {line}");
        };
        Worker {
            child,
            base: format!("http://{addr}"),
            url: format!("http://{addr}/api/calls"),
            stdout,
            stderr,
        }
    }

    /// Its completion lines so far, parsed.
    pub fn completions(&self) -> Vec<Value> {
        lines_of(&self.stdout)
            .iter()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|_| panic!("a stdout line is not JSON: {line}"))
            })
            .collect()
    }

    /// Its log so far (stderr), for a failure message.
    pub fn log(&self) -> String {
        lines_of(&self.stderr).join("\n")
    }

    /// `GET /stats`.
    pub async fn stats(&self) -> Value {
        let response = reqwest::get(format!("{}/stats", self.base))
            .await
            .expect("GET /stats");
        assert_eq!(response.status(), 200, "GET /stats");
        serde_json::from_slice(&response.bytes().await.unwrap()).expect("/stats is JSON")
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ivr-bot-fleet-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The fleet: Redis, the workers, the emulator in front.
pub struct Fleet {
    pub emulator: Emulator,
    pub workers: Vec<Worker>,
    pub redis: RedisServer,
    _dir: TempDir,
}

/// The sum of the workers' `GET /stats` counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub callbacks: u64,
    pub tones: u64,
    pub completions: u64,
    pub store_errors: u64,
    pub store_conflicts_retried: u64,
}

impl Fleet {
    /// Starts Redis, the emulator (real clock), and the workers, which join
    /// the emulator's round-robin as they come up. `None` (after a loud
    /// message) without redis-server; under `CI=true` that panics instead.
    pub async fn start(config: &FleetConfig) -> Option<Fleet> {
        let redis = RedisServer::builder()
            .persistence(config.persistence)
            .start()?;
        let dir = TempDir::new();
        // The sealing key: 32 raw bytes, as `head -c 32 /dev/urandom` writes.
        let key_file = dir.0.join("state.key");
        let mut key = [0u8; 32];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut random| random.read_exact(&mut key))
            .expect("32 random bytes");
        std::fs::write(&key_file, key).expect("the key file");
        let emulator = Emulator::builder()
            .app_id(APP_ID)
            .tenant_id(TENANT_ID)
            .faults(config.faults.clone())
            .default_prompt_duration(config.prompt)
            .clock(Clock::real())
            .start()
            .await
            .expect("the emulator starts");
        let redis_url = config.shared_state.then(|| redis.url());
        let mut workers = Vec::new();
        for _ in 0..config.workers {
            let worker = Worker::start(
                &emulator,
                &dir,
                workers.len(),
                redis_url.as_ref().map(|url| (url.as_str(), &key_file)),
                config.pin_length,
            )
            .await;
            emulator.add_bot_url(&worker.url).expect("a worker URL");
            workers.push(worker);
        }
        Some(Fleet {
            emulator,
            workers,
            redis,
            _dir: dir,
        })
    }

    /// Every worker's completion lines, by call id.
    pub fn completions(&self) -> HashMap<String, Vec<Value>> {
        let mut by_call: HashMap<String, Vec<Value>> = HashMap::new();
        for line in self.workers.iter().flat_map(Worker::completions) {
            let call = line["callId"].as_str().unwrap_or_default().to_owned();
            by_call.entry(call).or_default().push(line);
        }
        by_call
    }

    /// The workers' logs, for a failure message.
    pub fn logs(&self) -> String {
        self.workers
            .iter()
            .enumerate()
            .map(|(i, w)| format!("--- worker {} ---\n{}", i + 1, w.log()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The sum of the workers' counters.
    pub async fn stats(&self) -> Stats {
        let mut sum = Stats::default();
        for worker in &self.workers {
            let stats = worker.stats().await;
            let count = |name: &str| {
                stats[name]
                    .as_u64()
                    .unwrap_or_else(|| panic!("/stats has no count {name}: {stats}"))
            };
            sum.callbacks += count("callbacks");
            sum.tones += count("tones");
            sum.completions += count("completions");
            sum.store_errors += count("storeErrors");
            sum.store_conflicts_retried += count("storeConflictsRetried");
        }
        sum
    }
}

/// `count` different PINs of `length` digits (a call's own PIN: a mix-up
/// between calls shows as a wrong digit string).
pub fn pins(count: usize, length: usize) -> Vec<String> {
    let modulus = 10u64.pow(u32::try_from(length).unwrap());
    assert!(count as u64 <= modulus, "{count} PINs of {length} digits");
    // 7919 is prime, so i * 7919 walks every residue before repeating.
    (0..count as u64)
        .map(|i| format!("{:0length$}", (1234 + i * 7919) % modulus))
        .collect()
}

/// How the callers of [`pin_scenario`] behave.
#[derive(Clone, Copy, Debug)]
pub struct Callers {
    /// Call `i` rings `i * spread` after the start.
    pub spread: Duration,
    /// How long each caller waits, once the call is established, before the
    /// first key (keys pressed before the bot subscribed are lost).
    pub wait: Duration,
    /// The time between two keys.
    pub interval: Duration,
    /// How long every prompt plays (the greeting that the first key
    /// cancels, the confirmation before the bot hangs up).
    pub prompt: Duration,
}

/// One call per PIN: each caller types their PIN and hangs up 60 s later if
/// the bot has not (it should: the expectation says so).
pub fn pin_scenario(pins: &[String], callers: Callers) -> Scenario {
    let millis = |d: Duration| format!("{}ms", d.as_millis());
    let calls: Vec<Value> = pins
        .iter()
        .enumerate()
        .map(|(i, pin)| {
            let ring = callers.spread * u32::try_from(i).unwrap();
            json!({
                "from": {"phone": format!("+1425555{:04}", i)},
                "startAfter": millis(ring),
                "promptDuration": millis(callers.prompt),
                "steps": [
                    {"after": millis(callers.wait), "press": pin, "interval": millis(callers.interval)},
                    {"after": "60s", "hangup": true}
                ]
            })
        })
        .collect();
    Scenario::from_value(&json!({
        "calls": calls,
        "expect": {"playedPrompt": true, "hungUp": true},
        "timeout": "120s"
    }))
    .expect("a valid scenario")
}

/// The 200-call run of the fleet test and of the fleet benchmark. Two
/// workers; every other POST of a call posted twice (round-robin sends the
/// copy to the other worker) and the notifications of a call within 150 ms
/// posted newest first. 200 callers, ringing 50 ms apart over 10 s (each
/// call lasts over 16 s: all 200 are up at once at the peak), each typing
/// its own 4-digit PIN 100 ms apart (so its tones come in pairs, newest
/// first) 4 s after the call is established, into a 12-second greeting
/// (barge-in); the confirmation plays 12 s too. The spread keeps the load
/// a debug build on a busy 2-core machine can take; the 4 s leave it time
/// to subscribe to tones before the first key.
pub fn two_hundred_calls() -> (FleetConfig, Vec<String>, Scenario) {
    let mut config = FleetConfig::default();
    config.faults.duplicate = Some(Duplicate::every(2));
    config.faults.reorder = Some(Reorder::within(Duration::from_millis(150)));
    let pins = pins(200, config.pin_length);
    let callers = Callers {
        spread: Duration::from_millis(50),
        wait: Duration::from_secs(4),
        interval: Duration::from_millis(100),
        prompt: Duration::from_secs(12),
    };
    let mut scenario = pin_scenario(&pins, callers);
    // A scenario's calls take the scenario's faults, not the emulator's.
    scenario.faults = config.faults.clone();
    (config, pins, scenario)
}
