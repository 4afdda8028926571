//! The command line: flag mistakes get clear messages (exit 2), and a real
//! run against the emulator prints one JSON line per PIN, digits redacted
//! unless --show-digits, with no digit or secret in the log.

use crate::support;
use graph_comms_emulator::scenario::Scenario;
use graph_comms_emulator::{Clock, Emulator};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_ivr-bot");
const SECRET: &str = "s3cr3t-Value-never-printed";

/// The binary, with no GRAPH_COMMS_* variable from the environment.
fn ivr_bot() -> Command {
    let mut command = Command::new(BIN);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GRAPH_COMMS_") {
            command.env_remove(name);
        }
    }
    command.stdin(Stdio::null());
    command
}

fn key_file(name: &str, bytes: usize) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("ivr-bot-test-{}-{name}", std::process::id()));
    std::fs::write(&path, vec![7u8; bytes]).unwrap();
    path
}

#[test]
fn flag_mistakes_get_clear_messages() {
    let short = key_file("short", 31);
    let good = key_file("good", 32);
    // The app registration, and http:// service URLs (as the emulator's) so
    // that a build without TLS takes them.
    let app = [
        "--app-id",
        support::APP_ID,
        "--app-secret",
        SECRET,
        "--tenant-id",
        support::TENANT_ID,
        "--graph-url",
        "http://127.0.0.1:9",
        "--token-url",
        "http://127.0.0.1:9/tenant/oauth2/v2.0/token",
        "--openid-configuration-url",
        "http://127.0.0.1:9/v1/.well-known/OpenIdConfiguration",
    ];
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("no app registration", vec![]),
        (
            "only an app id",
            vec!["--app-id".into(), support::APP_ID.into()],
        ),
        (
            "--redis without a key file",
            vec!["--redis".into(), "redis://127.0.0.1:6379".into()],
        ),
        (
            "a key file of 31 bytes",
            vec![
                "--redis".into(),
                "redis://127.0.0.1:6379".into(),
                "--state-key-file".into(),
                short.display().to_string(),
            ],
        ),
        (
            "a key file that does not exist",
            vec![
                "--redis".into(),
                "redis://127.0.0.1:6379".into(),
                "--state-key-file".into(),
                "/nonexistent/state.key".into(),
            ],
        ),
        (
            "a key file without --redis",
            vec!["--state-key-file".into(), good.display().to_string()],
        ),
        (
            "a Redis host without the scheme",
            vec![
                "--redis".into(),
                "127.0.0.1:6379".into(),
                "--state-key-file".into(),
                good.display().to_string(),
            ],
        ),
        (
            "a prompt base URL with a query",
            vec![
                "--prompt-base-url".into(),
                "https://x.blob.core.windows.net/c?sv=1".into(),
            ],
        ),
        (
            "a Graph URL without a scheme",
            vec!["--graph-url".into(), "graph.microsoft.com".into()],
        ),
        (
            "a callback URL that is a path",
            vec!["--callback-url".into(), "/api/calls".into()],
        ),
        (
            "a token URL with another scheme",
            vec!["--token-url".into(), "ftp://login.example/token".into()],
        ),
        (
            "an OpenID URL that is not one",
            vec!["--openid-configuration-url".into(), "keys".into()],
        ),
        (
            "a listen address without a port",
            vec!["--listen".into(), "127.0.0.1".into()],
        ),
        ("a PIN length of 0", vec!["--pin-length".into(), "0".into()]),
        (
            "a PIN length that is not a number",
            vec!["--pin-length".into(), "four".into()],
        ),
        (
            "a tenant with a space",
            vec!["--tenant-id".into(), "contoso tenant".into()],
        ),
        (
            "an http callback URL for the real Graph",
            vec![
                "--graph-url".into(),
                "https://graph.microsoft.com".into(),
                "--callback-url".into(),
                "http://bot.contoso.com/api/calls".into(),
            ],
        ),
        (
            "no callback URL for the real Graph",
            vec!["--graph-url".into(), "https://graph.microsoft.com".into()],
        ),
        (
            "a prompt base URL that is a path",
            vec!["--prompt-base-url".into(), "prompts/".into()],
        ),
    ];
    let mut report = String::new();
    for (what, extra) in cases {
        let mut args: Vec<String> = Vec::new();
        // The app flags first, unless the case is about them.
        if what.contains("app") {
            args.extend(app[6..].iter().map(|arg| (*arg).to_owned()));
        } else {
            for (i, arg) in app.iter().enumerate() {
                let flag_of_case = extra.iter().any(|e| i % 2 == 0 && e == arg);
                let value_of_case = i % 2 == 1 && extra.iter().any(|e| e == app[i - 1]);
                if !flag_of_case && !value_of_case {
                    args.push((*arg).to_owned());
                }
            }
        }
        args.extend(extra);
        let output = ivr_bot().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
        assert!(output.stdout.is_empty(), "{what}");
        assert!(
            !stderr.contains(SECRET),
            "{what}: the secret is never printed"
        );
        // The key files' paths are the temporary directory's.
        let first = stderr
            .lines()
            .next()
            .unwrap_or_default()
            .replace(&short.display().to_string(), "SHORT_KEY_FILE");
        report.push_str(&format!("{what}:\n  {first}\n"));
    }
    if !cfg!(feature = "tls") {
        // The defaults are the real service's https:// URLs.
        let output = ivr_bot()
            .args(&app[..6])
            .args(["--callback-url", "https://bot.contoso.com/api/calls"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("--graph-url is an https:// URL, and this build of ivr-bot has no TLS: build it with `cargo build --release -p ivr-bot --features tls`"),
            "{stderr}"
        );
    }
    let _ = std::fs::remove_file(short);
    let _ = std::fs::remove_file(good);
    insta::assert_snapshot!(report);
}

#[test]
fn a_device_as_the_key_file_is_refused_at_once() {
    let output = ivr_bot()
        .args(["--app-id", support::APP_ID, "--app-secret", SECRET])
        .args([
            "--tenant-id",
            support::TENANT_ID,
            "--graph-url",
            "http://127.0.0.1:9",
        ])
        .args(["--token-url", "http://127.0.0.1:9/t/oauth2/v2.0/token"])
        .args([
            "--openid-configuration-url",
            "http://127.0.0.1:9/v1/.well-known/OpenIdConfiguration",
        ])
        .args([
            "--redis",
            "redis://127.0.0.1:9",
            "--state-key-file",
            "/dev/urandom",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not a file"), "{stderr}");
}

#[test]
fn every_flag_reads_its_environment_variable() {
    // The app registration from the environment; a bad value there gets the
    // same message as on the command line.
    let output = ivr_bot()
        .env("GRAPH_COMMS_APP_ID", support::APP_ID)
        .env("GRAPH_COMMS_APP_SECRET", SECRET)
        .env("GRAPH_COMMS_TENANT_ID", support::TENANT_ID)
        .env("GRAPH_COMMS_GRAPH_URL", "http://127.0.0.1:9")
        .env(
            "GRAPH_COMMS_TOKEN_URL",
            "http://127.0.0.1:9/t/oauth2/v2.0/token",
        )
        .env(
            "GRAPH_COMMS_OPENID_CONFIGURATION_URL",
            "http://127.0.0.1:9/c",
        )
        .env("GRAPH_COMMS_PIN_LENGTH", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--pin-length must be from 1 to 1024"),
        "{stderr}"
    );
    let help = ivr_bot().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for variable in [
        "GRAPH_COMMS_LISTEN",
        "GRAPH_COMMS_CALLBACK_URL",
        "GRAPH_COMMS_GRAPH_URL",
        "GRAPH_COMMS_TOKEN_URL",
        "GRAPH_COMMS_OPENID_CONFIGURATION_URL",
        "GRAPH_COMMS_APP_ID",
        "GRAPH_COMMS_APP_SECRET",
        "GRAPH_COMMS_TENANT_ID",
        "GRAPH_COMMS_PIN_LENGTH",
        "GRAPH_COMMS_REDIS",
        "GRAPH_COMMS_STATE_KEY_FILE",
        "GRAPH_COMMS_SHOW_DIGITS",
    ] {
        assert!(help.contains(variable), "{variable} in --help");
    }
}

/// The binary (with `extra` flags) against an emulator in real time, running
/// pin-entry; returns (stdout, stderr, /stats).
pub async fn run_binary(extra: &[&str]) -> (String, String, serde_json::Value) {
    let emulator = Emulator::builder()
        .app_id(support::APP_ID)
        .tenant_id(support::TENANT_ID)
        .clock(Clock::real())
        .start()
        .await
        .unwrap();
    let urls = emulator.urls().clone();
    let mut command = ivr_bot();
    command
        .args(["--listen", "127.0.0.1:0"])
        .args(["--app-id", support::APP_ID, "--app-secret", SECRET])
        .args(["--tenant-id", support::TENANT_ID])
        .args([
            "--graph-url",
            &urls.graph_url,
            "--token-url",
            &urls.token_url,
        ])
        .args([
            "--openid-configuration-url",
            &urls.open_id_configuration_url,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.args(extra);
    let mut child = command.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let first = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        (line, stderr)
    });
    let (first, mut stderr) = tokio::time::timeout(Duration::from_secs(20), first)
        .await
        .expect("the first line within 20 s")
        .unwrap();
    let addr = first
        .trim_end()
        .strip_prefix("ivr-bot: listening on http://")
        .unwrap_or_else(|| panic!("the first stderr line: {first:?}"))
        .to_owned();
    let report = tokio::time::timeout(
        Duration::from_secs(40),
        emulator.run_scenario(
            &Scenario::pin_entry(),
            Some(format!("http://{addr}/api/calls")),
        ),
    )
    .await
    .expect("bounded");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stats: serde_json::Value = support::stats(&addr.to_string()).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = first;
    stderr.read_to_string(&mut err).unwrap();
    assert!(report.passed(), "{failures:?}\n{err}");
    (out, err, stats)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_prints_one_line_per_pin_and_no_digit_unless_asked() {
    let ((redacted_out, redacted_err, _), (shown_out, shown_err, stats)) =
        tokio::join!(run_binary(&[]), run_binary(&["--show-digits"]));
    assert_eq!(stats["completions"], 1, "{stats}");
    assert_eq!(stats["storeErrors"], 0, "{stats}");
    assert_eq!(stats["storeConflictsRetried"], 0, "{stats}");
    for (out, err, digits) in [
        (&redacted_out, &redacted_err, "<4 digits>"),
        (&shown_out, &shown_err, "2468"),
    ] {
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{out}");
        assert_eq!(lines[0]["digits"], digits);
        assert_eq!(lines[0]["reason"], "max-digits");
        assert_eq!(lines[0].as_object().unwrap().len(), 3);
        assert!(!err.contains("2468") && !err.contains(SECRET), "{err}");
        assert!(!err.contains("eyJ"), "no token in the log: {err}");
        assert!(
            err.contains("PIN collected (4 digits, max-digits)"),
            "{err}"
        );
    }
    assert!(!redacted_out.contains("2468"), "{redacted_out}");
}
