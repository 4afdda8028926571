//! `graph-comms emulate`: the URLs line, a scenario's verdict, usage errors.

fn scenario_file(name: &str, text: &str) -> tempfile_free::Path {
    tempfile_free::Path::new(name, text)
}

/// `graph-comms emulate --scenario FILE` with a bot URL where nobody listens.
fn emulate(file: &tempfile_free::Path) -> std::process::Output {
    let transcript = file.0.with_extension("jsonl");
    assert_cmd::cargo::cargo_bin_cmd!("graph-comms")
        .args([
            "emulate",
            "--bot-url",
            "http://127.0.0.1:9/cb",
            "--scenario",
        ])
        .arg(&file.0)
        .arg("--transcript")
        .arg(transcript)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap()
}

/// A file in the temporary directory, removed on drop (no tempfile crate).
mod tempfile_free {
    pub struct Path(pub std::path::PathBuf);
    impl Path {
        pub fn new(name: &str, text: &str) -> Path {
            let dir = std::env::temp_dir();
            let path = dir.join(format!(
                "graph-comms-emulate-{}-{name}.json",
                std::process::id()
            ));
            std::fs::write(&path, text).unwrap();
            Path(path)
        }
    }
    impl Drop for Path {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[test]
fn a_scenario_whose_bot_never_answers_fails_with_the_expectation_named() {
    // Nobody listens at the bot URL; the scenario gives up after 1 s.
    let file = scenario_file(
        "never-answered",
        r#"{"calls": [{}], "timeout": "1s", "expect": {"answeredWithin": "15s"}}"#,
    );
    let output = emulate(&file);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    for key in [
        "graphUrl",
        "openIdConfigurationUrl",
        "jwksUrl",
        "tokenUrl",
        "controlUrl",
    ] {
        assert!(
            first[key]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1:"),
            "{key}"
        );
    }
    assert!(stdout.contains("\"incoming call\""), "{stdout}");
    let transcript = std::fs::read_to_string(file.0.with_extension("jsonl")).unwrap();
    let _ = std::fs::remove_file(file.0.with_extension("jsonl"));
    assert!(
        transcript
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
    );
    assert!(transcript.contains("\"incoming call\""), "{transcript}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("call 1: expected the bot to answer within 15s"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_invalid_scenario_is_a_usage_error() {
    let file = scenario_file(
        "invalid",
        r#"{"calls": [{"steps": [{"after": "1s", "pres": "12"}]}]}"#,
    );
    let output = emulate(&file);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("\"12\""), "no value quoted: {stderr}");
}

/// `graph-comms emulate ARGS…`, bounded.
fn emulate_with(args: &[&str]) -> (Option<i32>, String, String) {
    let output = assert_cmd::cargo::cargo_bin_cmd!("graph-comms")
        .arg("emulate")
        .args(args)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Runs the command with `args`, expects a usage error (exit 2) that says
/// `says` and quotes nothing of `value`, and no URLs line; returns stderr.
fn usage_error(args: &[&str], says: &str, value: &str) -> String {
    let (code, stdout, stderr) = emulate_with(args);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty(), "no URLs line before the error: {stdout}");
    assert!(stderr.contains(says), "{stderr}");
    assert!(value.is_empty() || !stderr.contains(value), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_bot_url_or_tenant_that_cannot_work_is_a_usage_error_that_does_not_quote_it() {
    let bot = "http://127.0.0.1:3978/api/calls";
    usage_error(
        &["--bot-url", bot, "--bot-url", "localhost-3978"],
        "bot URL 2 is not an absolute URL",
        "localhost-3978",
    );
    usage_error(
        &["--bot-url", bot, "--tenant-id", "contoso/../x"],
        "the tenant id is not a GUID or a domain name",
        "contoso/",
    );
}

#[test]
fn a_missing_scenario_file_and_a_busy_port_are_usage_errors_that_say_what_to_do() {
    let bot = "http://127.0.0.1:9/cb";
    let args = ["--bot-url", bot, "--scenario", "no-such-scenario.json"];
    let stderr = usage_error(&args, "cannot read", "");
    assert!(stderr.contains("check the path"), "{stderr}");

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let stderr = usage_error(
        &["--bot-url", bot, "--port", &port],
        "cannot listen on 127.0.0.1 at the --port given",
        "",
    );
    assert!(stderr.contains("--port 0"), "{stderr}");
    assert!(
        !stderr.contains(&port),
        "the port is not quoted back: {stderr}"
    );
}

#[test]
fn a_scenario_file_over_the_limit_is_refused_before_it_is_read_and_so_is_a_device() {
    let huge = scenario_file("huge", &" ".repeat((1 << 20) + 1));
    let bot = "http://127.0.0.1:9/cb";
    let stderr = usage_error(
        &["--bot-url", bot, "--scenario", huge.0.to_str().unwrap()],
        "a scenario is at most 1048576 bytes",
        "",
    );
    assert!(stderr.contains("check the path"), "{stderr}");
    // /dev/zero never ends: read at most one byte over the limit, then refused.
    if std::path::Path::new("/dev/zero").exists() {
        let (code, _, stderr) = emulate_with(&["--bot-url", bot, "--scenario", "/dev/zero"]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("over the limit"), "{stderr}");
    }
}
