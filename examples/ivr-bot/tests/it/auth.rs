//! A callback the bot cannot verify is refused and changes nothing.

use crate::support;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_and_unsigned_callbacks_get_401_and_change_nothing() {
    tokio::time::timeout(Duration::from_secs(20), async {
        let emulator = support::emulator().await;
        let (bot, captured) = support::bot(&emulator, true).await;
        let now = emulator.clock().system_time();
        // An incoming call, then a tone: what a forger would send.
        let incoming = r##"{"value": [{"changeType": "created",
            "resourceUrl": "/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a",
            "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "incoming"}}]}"##;
        let signed_by_stranger = graph_comms_auth::testing::sign(
            &graph_comms_auth::testing::claims(support::APP_ID, support::TENANT_ID, now),
        );
        let http = reqwest::Client::new();
        for authorization in [
            None,
            Some(format!("Bearer {signed_by_stranger}")),
            Some("Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.".to_owned()),
        ] {
            let mut request = http
                .post(bot.callback_url())
                .header("Content-Type", "application/json")
                .body(incoming);
            if let Some(value) = &authorization {
                request = request.header("Authorization", value);
            }
            let status = request.send().await.unwrap().status();
            assert_eq!(status, 401, "{authorization:?}");
        }
        // Nothing was answered: no request reached the emulator's Graph.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            !emulator
                .transcript()
                .iter()
                .any(|e| e["event"] == "request"),
            "{:?}",
            emulator.transcript()
        );
        assert!(captured.lines.lock().unwrap().is_empty());
        let stats: serde_json::Value = support::stats(&bot.addr().to_string()).await;
        assert_eq!(stats["callbacks"], 3);
        assert_eq!(stats["tones"], 0);
        assert_eq!(stats["completions"], 0);
        let events = captured.events.lock().unwrap().clone();
        assert_eq!(
            events
                .iter()
                .filter(|e| e.contains("refused a callback (401)"))
                .count(),
            3,
            "{events:?}"
        );
    })
    .await
    .expect("bounded");
}
