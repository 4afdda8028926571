//! Two workers, one store: the emulator posts each callback to the next
//! worker in turn (a round-robin balancer), so the notifications of one call
//! land on both, with duplicates and reordering. Each call gives exactly one
//! completion line across the two, with the right digits. (The same with
//! two processes on Redis is the fleet test.)

use crate::support;
use graph_comms_dtmf::{CallLimits, CallStore, MemoryStore, StoreError, Timestamp};
use graph_comms_emulator::scenario::Scenario;
use graph_comms_emulator::{Clock, Emulator};
use ivr_bot::{CallFlow, FlowStore};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// One in-memory store shared by the workers of this process.
#[derive(Clone)]
struct Shared(Arc<MemoryStore<CallFlow>>);

impl CallStore<CallFlow> for Shared {
    fn update<R, F>(
        &self,
        call_id: &str,
        now: Timestamp,
        f: F,
    ) -> impl Future<Output = Result<R, StoreError>> + Send
    where
        F: FnMut(&mut Option<CallFlow>) -> R + Send,
        R: Send,
    {
        self.0.update(call_id, now, f)
    }
}

impl FlowStore for Shared {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_sharing_a_store_report_each_pin_once() {
    let store = Shared(Arc::new(MemoryStore::new(CallLimits::default()).unwrap()));
    // The workers' sockets first: the emulator is built with their URLs.
    let mut listeners = Vec::new();
    let mut builder = Emulator::builder()
        .app_id(support::APP_ID)
        .tenant_id(support::TENANT_ID)
        .clock(Clock::virtual_clock());
    for _ in 0..2 {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        builder = builder.bot_url(format!(
            "http://{}/api/calls",
            listener.local_addr().unwrap()
        ));
        listeners.push(listener);
    }
    let emulator = builder.start().await.unwrap();
    let mut workers = Vec::new();
    for listener in listeners {
        workers.push(support::bot_on(listener, &emulator, store.clone()).await);
    }
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/scenarios/flaky-network.json"),
    )
    .unwrap();
    let scenario = Scenario::from_json(&text).unwrap();
    let report = tokio::time::timeout(
        Duration::from_secs(30),
        emulator.run_scenario(&scenario, None),
    )
    .await
    .expect("bounded");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.passed(), "{failures:?}");
    let mut lines: Vec<serde_json::Value> = workers.iter().flat_map(|(_, c)| c.lines()).collect();
    lines.sort_by_key(|l| l["digits"].as_str().unwrap().to_owned());
    let digits: Vec<&str> = lines
        .iter()
        .map(|l| l["digits"].as_str().unwrap())
        .collect();
    assert_eq!(digits, ["1590", "9753"], "{lines:?}");
    // Both workers took callbacks of the calls.
    for (bot, _) in &workers {
        let stats: serde_json::Value = support::stats(&bot.addr().to_string()).await;
        assert!(stats["callbacks"].as_u64().unwrap() > 3, "{stats}");
    }
}
