//! The server helper against a real redis-server (skipped loudly without
//! one, failing under CI=true), and the skip/fail behaviour itself in a child
//! test process with an empty PATH.

use graph_comms_test_redis::{RedisServer, SKIPPED_MESSAGE};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

/// Sends one command (RESP array of bulk strings) and returns the raw reply
/// once it is complete.
fn command(port: u16, args: &[&str]) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    let mut request = format!("*{}\r\n", args.len());
    for arg in args {
        request.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
    }
    stream.write_all(request.as_bytes())?;
    let mut reply = Vec::new();
    let mut buffer = [0u8; 512];
    while complete(&reply).is_none() {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buffer[..n]);
    }
    Ok(String::from_utf8_lossy(&reply).into_owned())
}

/// The length of the first complete RESP value in `bytes`, if there is one.
fn complete(bytes: &[u8]) -> Option<usize> {
    let line_end = bytes.windows(2).position(|w| w == b"\r\n")?;
    let line = std::str::from_utf8(&bytes[1..line_end]).ok()?;
    let rest = line_end + 2;
    match bytes.first()? {
        b'+' | b'-' | b':' => Some(rest),
        b'$' => {
            let len: i64 = line.parse().ok()?;
            if len < 0 {
                return Some(rest);
            }
            let end = rest + len as usize + 2;
            (bytes.len() >= end).then_some(end)
        }
        b'*' => {
            let count: i64 = line.parse().ok()?;
            let mut at = rest;
            for _ in 0..count.max(0) {
                at += complete(&bytes[at..])?;
            }
            Some(at)
        }
        _ => None,
    }
}

#[test]
fn a_server_answers_stops_restarts_and_keeps_its_port() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let port = server.port();
    assert_eq!(server.url(), format!("redis://127.0.0.1:{port}/"));
    assert!(server.ping());
    assert_eq!(command(port, &["SET", "k", "v"]).unwrap(), "+OK\r\n");
    assert!(
        command(port, &["CONFIG", "GET", "appendonly"])
            .unwrap()
            .ends_with("$2\r\nno\r\n")
    );

    server.stop();
    assert!(!server.ping());
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());

    server.restart();
    assert_eq!(server.port(), port);
    assert!(server.ping());
    // Killed without persistence: the data is gone.
    assert_eq!(command(port, &["GET", "k"]).unwrap(), "$-1\r\n");
}

#[test]
fn stop_keeping_data_survives_a_restart() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    assert_eq!(
        command(server.port(), &["SET", "k", "kept"]).unwrap(),
        "+OK\r\n"
    );
    server.stop_keeping_data();
    assert!(!server.ping());
    server.restart();
    assert_eq!(
        command(server.port(), &["GET", "k"]).unwrap(),
        "$4\r\nkept\r\n"
    );
}

#[test]
fn persistence_starts_with_save_and_appendonly_on() {
    let Some(server) = RedisServer::builder().persistence(true).start() else {
        return;
    };
    let save = command(server.port(), &["CONFIG", "GET", "save"]).unwrap();
    assert!(save.contains("3600 1"), "{save:?}");
    let aof = command(server.port(), &["CONFIG", "GET", "appendonly"]).unwrap();
    assert!(aof.ends_with("$3\r\nyes\r\n"), "{aof:?}");
    assert!(format!("{server:?}").contains("persistence: true"));
}

#[test]
fn debug_sleep_is_allowed_and_pause_freezes_until_resume() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    assert_eq!(
        command(server.port(), &["DEBUG", "SLEEP", "0"]).unwrap(),
        "+OK\r\n"
    );
    server.pause();
    assert!(!server.ping());
    server.resume();
    assert!(server.ping());
}

#[test]
fn dropping_the_server_kills_it() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let port = server.port();
    let pid = server.pid().unwrap();
    drop(server);
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists());
}

/// Run by `a_missing_redis_server_*` in a child process with an empty PATH.
#[test]
#[ignore = "run by the missing-server tests in a child process"]
fn child_without_redis_server() {
    assert!(RedisServer::start().is_none());
}

fn run_child(ci: &str) -> std::process::Output {
    let empty = std::env::temp_dir().join("graph-comms-test-redis-empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_without_redis_server",
            "--nocapture",
        ])
        .env("PATH", &empty)
        .env("CI", ci)
        .output()
        .unwrap()
}

#[test]
fn a_missing_redis_server_is_skipped_loudly() {
    let output = run_child("false");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains(SKIPPED_MESSAGE), "{stderr}");
}

#[test]
fn a_missing_redis_server_fails_under_ci() {
    let output = run_child("true");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(SKIPPED_MESSAGE) && stderr.contains("CI=true"),
        "{stderr}"
    );
}
