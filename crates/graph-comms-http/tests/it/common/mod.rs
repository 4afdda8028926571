//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fmt::Write as _;

pub const CALL_ID: &str = "57dab8b1-894c-409a-b240-bd8beae78896";
pub const OPERATION_ID: &str = "0fe0623f-d628-42ed-b4bd-8ac290072cc5";
pub const CLIENT_CONTEXT: &str = "fd1c7836-4d84-4e24-b6aa-23188688cc54";
pub const CLIENT_REQUEST_ID: &str = "f3c8e0a9-58f6-4d11-8d3e-2b1e5a7c9d01";
pub const TOKEN: &str = "eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6WyJDYWxscy5BY2Nlc3NNZWRpYS5BbGwiXX0.c2ln";

/// A request as text: the request line, the headers in order (sensitive ones
/// marked), a blank line and the body.
pub fn render_request(request: &http::Request<Vec<u8>>) -> String {
    let mut out = format!(
        "{} {} {:?}\n",
        request.method(),
        request.uri(),
        request.version()
    );
    for (name, value) in request.headers() {
        let text = value.to_str().unwrap_or("<not visible ASCII>");
        let mark = if value.is_sensitive() {
            "  (sensitive)"
        } else {
            ""
        };
        let _ = writeln!(out, "{name}: {text}{mark}");
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(request.body()));
    out.push('\n');
    out
}

/// Reads a fixture response head written as `HTTP/1.1 200 OK` and header
/// lines (the body, if any, from the first line that starts with `{`).
pub fn parse_http_fixture(text: &str) -> http::Response<Vec<u8>> {
    let mut lines = text.lines();
    let status_line = lines.next().expect("a status line");
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status code");
    let mut builder = http::Response::builder().status(status);
    let mut body = String::new();
    let mut in_body = false;
    for line in lines {
        if !in_body && line.starts_with('{') {
            in_body = true;
        }
        if in_body {
            body.push_str(line);
            body.push('\n');
        } else if let Some((name, value)) = line.split_once(':') {
            builder = builder.header(name.trim(), value.trim());
        }
    }
    builder
        .body(body.into_bytes())
        .expect("a valid fixture response")
}

/// The workspace's `fixtures/` directory.
pub fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

pub fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(path)).unwrap_or_else(|err| panic!("fixture {path}: {err}"))
}
