//! A compare-and-set that Redis ran but whose answer was lost (the
//! connection dropped between the script and its reply): through a TCP proxy
//! on 127.0.0.1 that, once armed, closes the client's connection instead of
//! passing on the script's `{1}` answer.

use crate::{bounded, bump, plain, read};
use graph_comms_dtmf::{CallStore, StoreErrorKind, Timestamp};
use graph_comms_dtmf_redis::{RedisStore, StateKey};
use graph_comms_test_redis::RedisServer;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The compare-and-set's "written" answer, `{1}`, as RESP.
const WROTE: &[u8] = b"*1\r\n:1\r\n";

/// The proxy's trigger: `armed` drops the next `{1}` answer; `then`, when
/// set, is a raw RESP command sent to Redis on another connection right
/// after (another worker's write landing before the store looks).
#[derive(Default)]
struct Trigger {
    armed: AtomicBool,
    then: std::sync::Mutex<Option<Vec<u8>>>,
}

/// Starts the proxy to `upstream`; returns its port and its trigger.
async fn lossy_proxy(upstream: u16) -> (u16, Arc<Trigger>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let armed = Arc::new(Trigger::default());
    let trigger = Arc::clone(&armed);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                continue;
            };
            let armed = Arc::clone(&armed);
            tokio::spawn(async move {
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let requests = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                });
                let mut buffer = vec![0u8; 64 * 1024];
                loop {
                    let n = match server_read.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if buffer[..n].starts_with(WROTE) && armed.armed.swap(false, Ordering::SeqCst) {
                        // The script ran; its answer is lost with the
                        // connection.
                        let then = armed.then.lock().unwrap().take();
                        if let Some(command) = then {
                            let mut side =
                                TcpStream::connect(("127.0.0.1", upstream)).await.unwrap();
                            side.write_all(&command).await.unwrap();
                            let mut reply = [0u8; 64];
                            let _ = side.read(&mut reply).await.unwrap();
                        }
                        break;
                    }
                    if client_write.write_all(&buffer[..n]).await.is_err() {
                        break;
                    }
                }
                requests.abort();
            });
        }
    });
    (port, trigger)
}

#[tokio::test]
async fn a_write_applied_whose_answer_was_lost_is_ok_and_a_delete_stays_an_error() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    bounded(async {
        let (port, armed) = lossy_proxy(server.port()).await;
        let store = RedisStore::builder(
            format!("redis://127.0.0.1:{port}"),
            StateKey::from_bytes([1; 32]),
        )
        .timeout(Duration::from_millis(500))
        .connect()
        .await
        .unwrap();
        assert_eq!(bump(&store, "call-1").await.unwrap(), 1);

        armed.armed.store(true, Ordering::SeqCst);
        // The script ran and its answer was lost: the store reads the key,
        // finds exactly the value it sent, and reports the write.
        assert_eq!(bump(&store, "call-1").await.unwrap(), 2);
        assert!(!armed.armed.load(Ordering::SeqCst), "no answer was dropped");
        assert_eq!(read(&store, "call-1").await.unwrap(), Some(2));
        assert_eq!(store.stats().errors(), 0);

        // Another value at the key when the store looks (here another
        // worker's write right after ours): not taken for ours, the error
        // stands.
        let key = store.key_for("call-1");
        let set = format!(
            "*3\r\n$3\r\nSET\r\n${}\r\n{key}\r\n$5\r\nother\r\n",
            key.len()
        );
        *armed.then.lock().unwrap() = Some(set.into_bytes());
        armed.armed.store(true, Ordering::SeqCst);
        let error = bump(&store, "call-1").await.unwrap_err();
        assert!(
            matches!(
                error.kind(),
                StoreErrorKind::Unavailable | StoreErrorKind::TimedOut
            ),
            "{error:?}"
        );
        let mut other = plain(&server).await;
        let () = redis::cmd("DEL")
            .arg(&key)
            .query_async(&mut other)
            .await
            .unwrap();
        assert_eq!(bump(&store, "call-1").await.unwrap(), 1);

        // A delete whose answer was lost: the key being gone does not prove
        // it ran (a TTL or another worker's delete does the same), so the
        // error stands, though it was applied.
        armed.armed.store(true, Ordering::SeqCst);
        let error = store
            .update("call-1", Timestamp::ZERO, |state: &mut Option<u64>| {
                *state = None;
            })
            .await
            .unwrap_err();
        assert!(
            matches!(
                error.kind(),
                StoreErrorKind::Unavailable | StoreErrorKind::TimedOut
            ),
            "{error:?}"
        );
        assert!(!armed.armed.load(Ordering::SeqCst));
        // It was applied all the same: the key is gone.
        let exists: bool = redis::cmd("EXISTS")
            .arg(&key)
            .query_async(&mut other)
            .await
            .unwrap();
        assert!(!exists);
        assert_eq!(read(&store, "call-1").await.unwrap(), None);
    })
    .await;
}
