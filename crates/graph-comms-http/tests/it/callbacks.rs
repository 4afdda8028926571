//! Reading callbacks: what is accepted (any charset, the fixtures), every
//! refusal with its status, the limits at their boundaries, and that an
//! oversized body is never parsed.

use crate::common;

use common::*;
use graph_comms_http::{CallbackError, CallbackErrorKind, CallbackReader, headers};
use http::{Request, StatusCode};

const DOCUMENTED: &str = "notifications/documented-tone.json";

fn post(content_type: Option<&str>, body: &[u8]) -> Request<Vec<u8>> {
    let mut builder = Request::post("/api/calls");
    if let Some(content_type) = content_type {
        builder = builder.header("Content-Type", content_type);
    }
    builder.body(body.to_vec()).expect("a valid request")
}

fn refused(reader: &CallbackReader, request: &Request<Vec<u8>>) -> CallbackError {
    match reader.read(request) {
        Ok(_) => panic!("accepted: {request:?}"),
        Err(err) => err,
    }
}

/// A commsNotifications body of exactly `len` bytes (padding in a string).
fn body_of_len(len: usize) -> Vec<u8> {
    let head = br#"{"value": [], "pad": ""#;
    let tail = br#""}"#;
    let pad = len - head.len() - tail.len();
    let mut body = head.to_vec();
    body.extend(std::iter::repeat_n(b'x', pad));
    body.extend_from_slice(tail);
    assert_eq!(body.len(), len);
    body
}

/// A batch of `n` notifications.
fn batch_of(n: usize) -> Vec<u8> {
    let one =
        format!(r#"{{"changeType": "updated", "resourceUrl": "/communications/calls/{CALL_ID}"}}"#);
    format!(r#"{{"value": [{}]}}"#, vec![one; n].join(",")).into_bytes()
}

#[test]
fn the_documented_notification_is_read_whatever_the_declared_charset() {
    let body = fixture(DOCUMENTED);
    for content_type in [
        "application/json",
        "application/json; charset=Windows-1252", // the real capture
        "application/json; charset=utf-8",
        "application/json;charset=ISO-8859-1",
        "Application/JSON",
        "application/json ; charset=\"utf-16\"",
        "application/vnd.microsoft.graph+json", // a structured +json suffix
    ] {
        let callback = CallbackReader::new()
            .read(&post(Some(content_type), &body))
            .unwrap_or_else(|err| panic!("{content_type}: {err}"));
        let events: Vec<_> = callback
            .notifications()
            .tone_events()
            .collect::<Result<_, _>>()
            .expect("one tone event");
        assert_eq!(events.len(), 1, "{content_type}");
        assert_eq!(events[0].call_id, CALL_ID);
        assert_eq!(events[0].sequence_id, 1);
        assert_eq!(events[0].tone.to_char(), Some('1'));
    }
}

#[test]
fn every_fixture_notification_is_read() {
    let dir = fixtures().join("notifications");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("the fixtures directory") {
        let path = entry.expect("an entry").path();
        let body = std::fs::read(&path).expect("a fixture");
        CallbackReader::new()
            .read(&post(Some("application/json"), &body))
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        count += 1;
    }
    assert!(count >= 10, "only {count} fixtures were read");
}

#[test]
fn the_headers_bots_log_are_given() {
    let request = Request::post("/api/calls")
        .header("Content-Type", "application/json")
        .header(
            "X-Microsoft-Skype-Message-ID",
            "0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60",
        )
        .header(
            "X-Microsoft-Skype-Chain-ID",
            "5b7e0f34-3c1d-4a8b-9e52-1d6f7a2c8b90",
        )
        .header("Scenario-ID", "2f1d9a6e-8b3c-4e7d-a150-6c9e2b4d7f31")
        .header("client-request-id", "0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60")
        .header("User-Agent", "Microsoft-Skype/3.0,(Calling/1.0)")
        .body(fixture(DOCUMENTED))
        .expect("valid");
    let callback = CallbackReader::new().read(&request).expect("read");
    assert_eq!(
        callback.message_id(),
        Some("0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60")
    );
    assert_eq!(
        callback.chain_id(),
        Some("5b7e0f34-3c1d-4a8b-9e52-1d6f7a2c8b90")
    );
    assert_eq!(
        callback.scenario_id(),
        Some("2f1d9a6e-8b3c-4e7d-a150-6c9e2b4d7f31")
    );
    assert_eq!(
        callback.client_request_id(),
        Some("0a4b6e1c-7d2f-4e58-9b31-5c8d2e7f1a60")
    );
    assert_eq!(
        headers::X_MICROSOFT_SKYPE_MESSAGE_ID.as_str(),
        "x-microsoft-skype-message-id"
    );

    let bare = CallbackReader::new()
        .read(&post(Some("application/json"), &fixture(DOCUMENTED)))
        .expect("read");
    assert_eq!(bare.message_id(), None);
    assert_eq!(bare.chain_id(), None);
}

#[test]
fn no_tone_in_the_debug_output_of_a_callback() {
    let callback = CallbackReader::new()
        .read(&post(Some("application/json"), &fixture(DOCUMENTED)))
        .expect("read");
    let debug = format!("{callback:?}");
    assert!(!debug.contains("tone1"), "{debug}");
    assert!(debug.contains(CALL_ID));
}

#[test]
fn every_refusal_has_its_kind_and_status() {
    let reader = CallbackReader::new().with_max_notifications(2);
    let documented = fixture(DOCUMENTED);
    let with = |method: &str, headers: &[(&str, &str)], body: &[u8]| {
        let mut builder = Request::builder().method(method).uri("/api/calls");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.to_vec()).expect("valid")
    };
    let json = ("Content-Type", "application/json");
    let cases: Vec<(&str, Request<Vec<u8>>, CallbackErrorKind, StatusCode)> = vec![
        (
            "GET",
            with("GET", &[json], &documented),
            CallbackErrorKind::MethodNotAllowed,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            "PUT",
            with("PUT", &[json], &documented),
            CallbackErrorKind::MethodNotAllowed,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            "no content type",
            with("POST", &[], &documented),
            CallbackErrorKind::MissingContentType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "text/plain",
            with("POST", &[("Content-Type", "text/plain")], &documented),
            CallbackErrorKind::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "form",
            with(
                "POST",
                &[("Content-Type", "application/x-www-form-urlencoded")],
                &documented,
            ),
            CallbackErrorKind::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "application/jsonx",
            with(
                "POST",
                &[("Content-Type", "application/jsonx")],
                &documented,
            ),
            CallbackErrorKind::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "text/json",
            with("POST", &[("Content-Type", "text/json")], &documented),
            CallbackErrorKind::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "bare +json",
            with(
                "POST",
                &[("Content-Type", "application/+json")],
                &documented,
            ),
            CallbackErrorKind::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "two content types",
            with(
                "POST",
                &[json, ("Content-Type", "application/json")],
                &documented,
            ),
            CallbackErrorKind::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "gzip",
            with("POST", &[json, ("Content-Encoding", "gzip")], &documented),
            CallbackErrorKind::UnsupportedContentEncoding,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "content length not a number",
            with("POST", &[json, ("Content-Length", "12a")], &documented),
            CallbackErrorKind::InvalidContentLength,
            StatusCode::BAD_REQUEST,
        ),
        (
            "negative content length",
            with("POST", &[json, ("Content-Length", "-1")], &documented),
            CallbackErrorKind::InvalidContentLength,
            StatusCode::BAD_REQUEST,
        ),
        (
            "two different content lengths",
            with(
                "POST",
                &[json, ("Content-Length", "10"), ("Content-Length", "11")],
                &documented,
            ),
            CallbackErrorKind::InvalidContentLength,
            StatusCode::BAD_REQUEST,
        ),
        (
            "content length over the limit",
            with("POST", &[json, ("Content-Length", "1048577")], b"{}"),
            CallbackErrorKind::BodyTooLarge,
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "body over the limit",
            with("POST", &[json], &body_of_len(1024 * 1024 + 1)),
            CallbackErrorKind::BodyTooLarge,
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "empty body",
            with("POST", &[json], b""),
            CallbackErrorKind::EmptyBody,
            StatusCode::BAD_REQUEST,
        ),
        (
            "not JSON",
            with("POST", &[json], b"tone=1"),
            CallbackErrorKind::InvalidBody,
            StatusCode::BAD_REQUEST,
        ),
        (
            "an array",
            with("POST", &[json], b"[]"),
            CallbackErrorKind::InvalidBody,
            StatusCode::BAD_REQUEST,
        ),
        (
            "value not an array",
            with("POST", &[json], br#"{"value": {}}"#),
            CallbackErrorKind::InvalidBody,
            StatusCode::BAD_REQUEST,
        ),
        (
            "too many notifications",
            with("POST", &[json], &batch_of(3)),
            CallbackErrorKind::TooManyNotifications,
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    let mut table = String::new();
    for (name, request, kind, status) in cases {
        let err = refused(&reader, &request);
        assert_eq!(err.kind(), kind, "{name}: {err}");
        assert_eq!(err.status(), status, "{name}");
        assert_eq!(err.kind().status(), status, "{name}");
        let response: http::Response<Vec<u8>> = err.to_response();
        assert_eq!(response.status(), status, "{name}");
        assert!(response.body().is_empty());
        assert_eq!(
            response.headers().get("allow").is_some(),
            kind == CallbackErrorKind::MethodNotAllowed,
            "{name}"
        );
        assert!(
            status.is_client_error(),
            "{name}: a retry would fail the same way"
        );
        table.push_str(&format!("{name}: {err}\n"));
    }
    insta::assert_snapshot!("callback_refusals", table);
}

#[test]
fn the_body_limit_at_its_boundary() {
    let reader = CallbackReader::new();
    let max = CallbackReader::DEFAULT_MAX_BODY_BYTES;
    assert_eq!(max, 1024 * 1024);
    assert!(
        reader
            .read(&post(Some("application/json"), &body_of_len(max)))
            .is_ok()
    );
    assert_eq!(
        refused(
            &reader,
            &post(Some("application/json"), &body_of_len(max + 1))
        )
        .kind(),
        CallbackErrorKind::BodyTooLarge
    );

    let small = CallbackReader::new().with_max_body_bytes(100);
    assert_eq!(small.max_body_bytes(), 100);
    assert!(
        small
            .read(&post(Some("application/json"), &body_of_len(100)))
            .is_ok()
    );
    assert_eq!(
        refused(&small, &post(Some("application/json"), &body_of_len(101))).kind(),
        CallbackErrorKind::BodyTooLarge
    );
    // Content-Length at the limit is fine, one over is not.
    let with_length = |length: &str, body: Vec<u8>| {
        Request::post("/api/calls")
            .header("Content-Type", "application/json")
            .header("Content-Length", length)
            .body(body)
            .expect("valid")
    };
    assert!(small.read(&with_length("100", body_of_len(100))).is_ok());
    assert_eq!(
        refused(&small, &with_length("101", body_of_len(100))).kind(),
        CallbackErrorKind::BodyTooLarge
    );
    // A Content-Length that understates the body does not let it through.
    assert_eq!(
        refused(&small, &with_length("10", body_of_len(101))).kind(),
        CallbackErrorKind::BodyTooLarge
    );
    // A number too big for 64 bits is over any limit, not unreadable.
    assert_eq!(
        refused(
            &small,
            &with_length("99999999999999999999999", body_of_len(50))
        )
        .kind(),
        CallbackErrorKind::BodyTooLarge
    );
}

#[test]
fn a_body_over_the_limit_is_refused_without_being_parsed() {
    let reader = CallbackReader::new().with_max_body_bytes(1000);
    // Not JSON: parsed, it would be InvalidBody. Over the limit it is
    // refused as too large, so it was never parsed.
    let garbage = vec![b'{'; 1001];
    let err = refused(&reader, &post(Some("application/json"), &garbage));
    assert_eq!(err.kind(), CallbackErrorKind::BodyTooLarge);
    assert!(err.read_error().is_none());
    let err = refused(&reader, &post(Some("application/json"), &garbage[..1000]));
    assert_eq!(
        err.kind(),
        CallbackErrorKind::InvalidBody,
        "the control case"
    );
    assert!(err.read_error().is_some());

    // The head check refuses on Content-Length before there is a body at all:
    // here the body type is `()`, which cannot be read.
    let head_only = Request::post("/api/calls")
        .header("Content-Type", "application/json")
        .header("Content-Length", "1001")
        .body(())
        .expect("valid");
    let err = reader.check_head(&head_only).unwrap_err();
    assert_eq!(err.kind(), CallbackErrorKind::BodyTooLarge);
    let fine = Request::post("/api/calls")
        .header("Content-Type", "application/json; charset=Windows-1252")
        .header("Content-Length", "1000")
        .body(())
        .expect("valid");
    assert!(reader.check_head(&fine).is_ok());
}

#[test]
fn the_batch_limit_at_its_boundary() {
    let reader = CallbackReader::new();
    assert_eq!(reader.max_notifications(), 100);
    let callback = reader
        .read(&post(Some("application/json"), &batch_of(100)))
        .expect("100 is the limit");
    assert_eq!(callback.notifications().value.len(), 100);
    let err = refused(&reader, &post(Some("application/json"), &batch_of(101)));
    assert_eq!(err.kind(), CallbackErrorKind::TooManyNotifications);
    assert!(err.to_string().contains("101"), "{err}");

    let one = CallbackReader::new().with_max_notifications(1);
    assert!(
        one.read(&post(Some("application/json"), &batch_of(1)))
            .is_ok()
    );
    assert!(
        one.read(&post(Some("application/json"), &batch_of(2)))
            .is_err()
    );
    // An empty batch is a valid, if useless, callback.
    assert!(
        one.read(&post(Some("application/json"), &batch_of(0)))
            .is_ok()
    );
}

#[test]
fn identity_encoding_and_a_byte_order_mark_are_fine() {
    let request = Request::post("/api/calls")
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "identity")
        .body(fixture(DOCUMENTED))
        .expect("valid");
    assert!(CallbackReader::new().read(&request).is_ok());
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(fixture(DOCUMENTED));
    assert!(
        CallbackReader::new()
            .read(&post(Some("application/json"), &with_bom))
            .is_ok()
    );
}

#[test]
fn one_bad_resource_does_not_fail_the_callback() {
    let callback = CallbackReader::new()
        .read(&post(
            Some("application/json"),
            &fixture("partial/one-malformed-resource.json"),
        ))
        .expect("the batch is read");
    let results: Vec<_> = callback.notifications().tone_events().collect();
    assert!(results.iter().any(Result::is_ok));
    assert!(results.iter().any(Result::is_err));
}

#[test]
fn refusals_never_quote_the_request() {
    let secret_tone = "tone7";
    let request = Request::post("/api/calls")
        .header("Content-Type", format!("text/{secret_tone}"))
        .body(format!(r#"{{"value": [{{"changeType": {secret_tone}}}]}}"#).into_bytes())
        .expect("valid");
    let err = refused(&CallbackReader::new(), &request);
    assert!(!err.to_string().contains(secret_tone), "{err}");
    assert!(!format!("{err:?}").contains(secret_tone), "{err:?}");

    let request = post(
        Some("application/json"),
        format!(r#"{{"value": [{{"changeType": "{secret_tone}", "resourceUrl": 5}}]}}"#).as_bytes(),
    );
    let err = refused(&CallbackReader::new(), &request);
    assert_eq!(err.kind(), CallbackErrorKind::InvalidBody);
    assert!(!err.to_string().contains(secret_tone), "{err}");
    assert!(!format!("{err:?}").contains(secret_tone), "{err:?}");
}

#[test]
fn the_answers() {
    assert_eq!(graph_comms_http::ACKNOWLEDGE_STATUS, StatusCode::ACCEPTED);
    assert_eq!(
        graph_comms_http::RETRY_STATUS,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(CallbackReader::default(), CallbackReader::new());
}
