//! Reading responses: the documented 200s, the Location checks (including
//! hostile ones), Graph errors from the fixtures, and what is not a Graph
//! answer at all.

use crate::common;

use common::*;
use graph_comms_http::{ApiVersion, NationalCloud};
use graph_comms_http::{
    Endpoint, GetOperation, GraphError, OperationLocation, ResponseErrorKind, RetryAfter,
    SubscribeToTone,
};
use graph_comms_models::OperationStatus;
use std::time::{Duration, UNIX_EPOCH};

fn subscribe(endpoint: Endpoint) -> SubscribeToTone {
    SubscribeToTone::builder()
        .endpoint(endpoint)
        .call_id(CALL_ID)
        .build()
        .expect("a valid request")
}

fn response_with_location(location: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("Location", location)
        .body(Vec::new())
        .expect("a valid response")
}

fn documented_location(host_and_version: &str) -> String {
    format!("{host_and_version}/communications/calls/{CALL_ID}/operations/{OPERATION_ID}")
}

#[test]
fn the_documented_v1_and_beta_200s_are_read() {
    // Each fixture is a pair: `.http` has the status line and headers, `.json` the body.
    for (fixture_name, version) in [
        ("operations/documented-v1-200", ApiVersion::V1_0),
        ("operations/documented-beta-200", ApiVersion::Beta),
    ] {
        let head = String::from_utf8(fixture(&format!("{fixture_name}.http"))).expect("UTF-8");
        let response = parse_http_fixture(&head).map(|_| fixture(&format!("{fixture_name}.json")));
        let op = subscribe(Endpoint::new(NationalCloud::Global, version));
        let read = op
            .read_response(&response)
            .unwrap_or_else(|err| panic!("{fixture_name}: {err}"));
        assert_eq!(read.status(), 200);
        let operation = read.operation().expect("a body");
        assert_eq!(operation.status, Some(OperationStatus::Completed));
        assert_eq!(
            operation.client_context.as_deref(),
            Some("clientContext-value")
        );
        assert!(operation.is_terminal());
        let location = read.location().expect("a Location");
        assert_eq!(location.call_id().as_str(), CALL_ID);
        assert_eq!(location.operation_id().as_str(), OPERATION_ID);
        assert_eq!(location.version(), Some(version));
        assert_eq!(read.operation_id(), Some(OPERATION_ID));
    }
}

#[test]
fn an_empty_success_gives_no_operation() {
    // The old beta answered 202 Accepted with a Location and no body.
    let op = subscribe(Endpoint::default());
    let response = http::Response::builder()
        .status(202)
        .header(
            "Location",
            documented_location("https://graph.microsoft.com/v1.0"),
        )
        .body(Vec::new())
        .expect("valid");
    let read = op.read_response(&response).expect("a success");
    assert!(read.operation().is_none());
    assert_eq!(read.operation_id(), Some(OPERATION_ID));

    // No Location either: the body's id is the operation id.
    let response = http::Response::builder()
        .status(200)
        .body(format!(r#"{{"id": "{OPERATION_ID}", "status": "completed"}}"#).into_bytes())
        .expect("valid");
    let read = op.read_response(&response).expect("a success");
    assert!(read.location().is_none());
    assert_eq!(read.operation_id(), Some(OPERATION_ID));
}

#[test]
fn locations_that_are_accepted() {
    let global = subscribe(Endpoint::default());
    let stub = subscribe("http://127.0.0.1:8080/v1.0".parse().expect("valid"));
    let proxy = subscribe(
        "https://proxy.contoso.com/graph/v1.0"
            .parse()
            .expect("valid"),
    );
    let cases: Vec<(&SubscribeToTone, String)> = vec![
        (
            &global,
            documented_location("https://graph.microsoft.com/v1.0"),
        ),
        (
            &global,
            documented_location("https://GRAPH.microsoft.com/v1.0"),
        ),
        (
            &global,
            documented_location("https://graph.microsoft.com:443/v1.0"),
        ),
        (
            &global,
            documented_location("https://graph.microsoft.com/beta"),
        ),
        (&global, documented_location("/v1.0")),
        (&global, documented_location("")), // `/communications/calls/…`
        (
            &global,
            documented_location("https://graph.microsoft.com/v1.0") + "?$select=status",
        ),
        (
            &global,
            format!(
                "https://graph.microsoft.com/v1.0/communications/calls/{}/operations/{OPERATION_ID}",
                CALL_ID.to_uppercase()
            ),
        ),
        // The deprecated root is still a path to the operation.
        (
            &global,
            format!("/beta/app/calls/{CALL_ID}/operations/{OPERATION_ID}"),
        ),
        // A test server: its own origin, or the service's Location passed on.
        (&stub, documented_location("http://127.0.0.1:8080/v1.0")),
        (
            &stub,
            documented_location("https://graph.microsoft.com/v1.0"),
        ),
        (&stub, documented_location("/v1.0")),
        // A proxy with a path prefix.
        (
            &proxy,
            documented_location("https://proxy.contoso.com/graph/v1.0"),
        ),
        (&proxy, documented_location("/graph/v1.0")),
        (&proxy, documented_location("/v1.0")),
    ];
    for (op, location) in cases {
        let read = op
            .read_response(&response_with_location(&location))
            .unwrap_or_else(|err| panic!("{location}: {err}"));
        let read_location = read.location().expect("read");
        assert_eq!(
            read_location.operation_id().as_str(),
            OPERATION_ID,
            "{location}"
        );
        assert_eq!(read_location.as_str(), location);
    }
}

#[test]
fn locations_that_are_refused() {
    let global = subscribe(Endpoint::default());
    let gov = subscribe(NationalCloud::UsGovL4.into());
    let stub = subscribe("http://127.0.0.1:8080/v1.0".parse().expect("valid"));
    use ResponseErrorKind::*;
    let cases: Vec<(&SubscribeToTone, String, ResponseErrorKind)> = vec![
        // Another host, however it is disguised.
        (
            &global,
            documented_location("https://evil.example/v1.0"),
            LocationHostMismatch,
        ),
        (
            &global,
            documented_location("https://graph.microsoft.com.evil.example/v1.0"),
            LocationHostMismatch,
        ),
        (
            &global,
            documented_location("https://graph.microsoft.com@evil.example/v1.0"),
            LocationHostMismatch,
        ),
        (
            &global,
            documented_location("https://graph.microsoft.com:8443/v1.0"),
            LocationHostMismatch,
        ),
        (
            &global,
            documented_location("//evil.example/v1.0"),
            InvalidLocation,
        ),
        // Another national cloud than the request's.
        (
            &gov,
            documented_location("https://graph.microsoft.com/v1.0"),
            LocationHostMismatch,
        ),
        // A downgrade to http.
        (
            &global,
            documented_location("http://graph.microsoft.com/v1.0"),
            LocationHostMismatch,
        ),
        // A test server's Location on another port or host.
        (
            &stub,
            documented_location("http://127.0.0.1:9090/v1.0"),
            LocationHostMismatch,
        ),
        (
            &stub,
            documented_location("http://graph.microsoft.com/v1.0"),
            LocationHostMismatch,
        ),
        // Not http(s), not a path.
        (
            &global,
            documented_location("ftp://graph.microsoft.com/v1.0"),
            InvalidLocation,
        ),
        (&global, "javascript:alert(1)".to_owned(), InvalidLocation),
        (
            &global,
            format!("communications/calls/{CALL_ID}/operations/{OPERATION_ID}"),
            InvalidLocation,
        ),
        // Not an operation of a call.
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}/operations"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}/participants/{OPERATION_ID}"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}/operations/{OPERATION_ID}/x"),
            InvalidLocation,
        ),
        (&global, "/v1.0/me/messages".to_owned(), InvalidLocation),
        // Ids that are not one segment, or paths that climb.
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}/operations/a%2Fb"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications/calls/a%2F{CALL_ID}/operations/{OPERATION_ID}"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}/operations/%2e%2e"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}/../operations/{OPERATION_ID}"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications//calls/{CALL_ID}/operations/{OPERATION_ID}"),
            InvalidLocation,
        ),
        (
            &global,
            format!("/v1.0/communications/calls/{CALL_ID}/operations/%ZZ"),
            InvalidLocation,
        ),
        // Another call.
        (
            &global,
            format!(
                "/v1.0/communications/calls/11111111-1111-4111-8111-111111111111/operations/{OPERATION_ID}"
            ),
            LocationCallIdMismatch,
        ),
    ];
    for (op, location, kind) in cases {
        let err = op
            .read_response(&response_with_location(&location))
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{location}: {err}");
        assert_eq!(err.status(), Some(http::StatusCode::OK));
    }
}

#[test]
fn header_level_location_problems() {
    let op = subscribe(Endpoint::default());
    let location = documented_location("https://graph.microsoft.com/v1.0");
    let twice = http::Response::builder()
        .status(200)
        .header("Location", &location)
        .header("Location", &location)
        .body(Vec::new())
        .expect("valid");
    assert_eq!(
        op.read_response(&twice).unwrap_err().kind(),
        ResponseErrorKind::InvalidLocation
    );
    let mut not_ascii = response_with_location("/x");
    not_ascii.headers_mut().insert(
        "location",
        http::HeaderValue::from_bytes("/v1.0/communications/calls/é/operations/x".as_bytes())
            .expect("obs-text is allowed in a header value"),
    );
    assert_eq!(
        op.read_response(&not_ascii).unwrap_err().kind(),
        ResponseErrorKind::InvalidLocation
    );
}

#[test]
fn graph_errors_from_the_fixtures() {
    let op = subscribe(Endpoint::default());
    for (name, status) in [
        ("call-not-found", 404),
        ("docs-lowercase-innererror", 416),
        ("graph-sdk-design", 400),
    ] {
        let response = http::Response::builder()
            .status(status)
            .header("Content-Type", "application/json")
            .body(fixture(&format!("errors/{name}.json")))
            .expect("valid");
        let err = op.read_response(&response).unwrap_err();
        assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus, "{name}");
        assert_eq!(err.status(), Some(response.status()));
        let graph = err.graph_error().expect("a Graph error");
        assert!(graph.odata_error().is_some(), "{name}");
        insta::assert_snapshot!(
            format!("graph_error@{name}"),
            format!("{graph}\n\n{graph:#?}")
        );
        // The Display of the ResponseError is the Graph error's.
        assert_eq!(err.to_string(), graph.to_string());
    }
}

#[test]
fn ids_and_date_come_from_inner_error_else_from_the_headers() {
    let headers = |builder: http::response::Builder| {
        builder
            .header("request-id", "header-request-id")
            .header("client-request-id", "header-client-request-id")
            .header("Date", "Tue, 24 Nov 2026 10:15:31 GMT")
    };
    // innerError wins.
    let response = headers(http::Response::builder().status(404))
        .body(fixture("errors/call-not-found.json"))
        .expect("valid");
    let err = GraphError::from_response(&response).expect("an error");
    assert_eq!(
        err.request_id(),
        Some("b6b5c2a0-3a8e-4b71-9a53-59d0f07c2e11")
    );
    assert_eq!(
        err.client_request_id(),
        Some("f3c8e0a9-58f6-4d11-8d3e-2b1e5a7c9d01")
    );
    assert_eq!(err.date(), Some("2026-11-24T10:15:30Z"));
    assert_eq!(
        err.date_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_795_515_330))
    );
    // No innerError: the headers.
    let response = headers(http::Response::builder().status(404))
        .body(br#"{"error": {"code": "itemNotFound", "message": "Not found."}}"#.to_vec())
        .expect("valid");
    let err = GraphError::from_response(&response).expect("an error");
    assert_eq!(err.request_id(), Some("header-request-id"));
    assert_eq!(err.client_request_id(), Some("header-client-request-id"));
    assert_eq!(err.date(), Some("Tue, 24 Nov 2026 10:15:31 GMT"));
    assert_eq!(
        err.date_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_795_515_331))
    );
    // A date without an offset is UTC (Graph writes `2021-07-02T01:40:19`, as in the docs' error examples).
    let response = http::Response::builder()
        .status(400)
        .body(fixture("errors/graph-sdk-design.json"))
        .expect("valid");
    let err = GraphError::from_response(&response).expect("an error");
    assert_eq!(err.date(), Some("2021-07-02T01:40:19"));
    assert_eq!(
        err.date_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_625_190_019))
    );
    // The docs' placeholder date does not read, and that is not an error.
    let response = http::Response::builder()
        .status(416)
        .body(fixture("errors/docs-lowercase-innererror.json"))
        .expect("valid");
    let err = GraphError::from_response(&response).expect("an error");
    assert_eq!(err.request_id(), Some("request-id"));
    assert_eq!(err.date(), Some("date-time"));
    assert_eq!(err.date_time(), None);
}

#[test]
fn retry_after_in_seconds_or_as_a_date() {
    let response = |value: &str| {
        http::Response::builder()
            .status(503)
            .header("Retry-After", value)
            .body(Vec::new())
            .expect("valid")
    };
    let err = GraphError::from_response(&response("120")).expect("an error");
    assert_eq!(
        err.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(120)))
    );
    let err =
        GraphError::from_response(&response("Wed, 21 Oct 2026 07:28:00 GMT")).expect("an error");
    let at = UNIX_EPOCH + Duration::from_secs(1_792_567_680);
    assert_eq!(err.retry_after(), Some(RetryAfter::At(at)));
    // The time is the caller's.
    let now = at - Duration::from_secs(90);
    assert_eq!(
        err.retry_after().map(|r| r.delay_from(now)),
        Some(Duration::from_secs(90))
    );
    assert_eq!(
        err.retry_after()
            .map(|r| r.delay_from(at + Duration::from_secs(5))),
        Some(Duration::ZERO)
    );
    // The two obsolete HTTP-date formats RFC 9110 requires recipients to read.
    for obsolete in [
        "Wednesday, 21-Oct-26 07:28:00 GMT",
        "Wed Oct 21 07:28:00 2026",
    ] {
        assert_eq!(
            RetryAfter::parse(obsolete),
            Some(RetryAfter::At(at)),
            "{obsolete}"
        );
    }
    for unreadable in ["", "-1", "1.5", "soon", "120 s"] {
        assert_eq!(RetryAfter::parse(unreadable), None, "{unreadable:?}");
    }
    assert_eq!(
        RetryAfter::parse("99999999999999999999999"),
        Some(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
    );
}

#[test]
fn a_body_that_is_not_a_graph_error_still_gives_a_useful_error() {
    let op = subscribe(Endpoint::default());
    let cases: [(u16, Option<&str>, &[u8]); 5] = [
        (
            502,
            Some("text/html"),
            b"<html><body>Bad Gateway</body></html>",
        ),
        (500, None, b""),
        (
            503,
            Some("application/json"),
            b"{\"message\": \"not the envelope\"}",
        ),
        (400, Some("application/json"), b"{\"error\": "),
        (401, Some("text/plain"), b"line one\r\nline two"),
    ];
    let mut out = String::new();
    for (status, content_type, body) in cases {
        let mut builder = http::Response::builder()
            .status(status)
            .header("request-id", "7c1f9d0e-2b2a-4e8e-9d7f-3a6c1b5e4f20");
        if let Some(content_type) = content_type {
            builder = builder.header("Content-Type", content_type);
        }
        let response = builder.body(body.to_vec()).expect("valid");
        let err = op.read_response(&response).unwrap_err();
        assert_eq!(err.kind(), ResponseErrorKind::ErrorStatus);
        let graph = err.graph_error().expect("a Graph error");
        assert!(graph.odata_error().is_none());
        assert_eq!(graph.body(), body);
        assert_eq!(
            graph.request_id(),
            Some("7c1f9d0e-2b2a-4e8e-9d7f-3a6c1b5e4f20")
        );
        let text = graph.to_string();
        assert!(!text.contains('\n') && !text.contains("line one"), "{text}");
        out.push_str(&text);
        out.push('\n');
    }
    insta::assert_snapshot!("graph_errors_without_an_odata_body", out);
}

#[test]
fn service_text_in_an_error_stays_on_one_line_and_is_cut() {
    let message = format!("first\r\nX-Injected: 1\n{}", "x".repeat(1000));
    let body = serde_json::json!({"error": {"code": "BadRequest", "message": message}});
    let response = http::Response::builder()
        .status(400)
        .body(serde_json::to_vec(&body).expect("JSON"))
        .expect("valid");
    let err = GraphError::from_response(&response).expect("an error");
    assert_eq!(
        err.message(),
        Some(message.as_str()),
        "the accessor has it all"
    );
    let text = err.to_string();
    assert!(!text.contains('\n') && !text.contains('\r'), "{text}");
    assert!(text.ends_with('…'), "{text}");
    assert!(text.len() < 400, "{}", text.len());
}

#[test]
fn statuses_that_are_neither_success_nor_error() {
    let op = subscribe(Endpoint::default());
    for status in [101, 301, 302, 304, 307] {
        let response = http::Response::builder()
            .status(status)
            .header("Location", "https://evil.example/")
            .body(Vec::new())
            .expect("valid");
        let err = op.read_response(&response).unwrap_err();
        assert_eq!(err.kind(), ResponseErrorKind::UnexpectedStatus, "{status}");
        assert!(err.graph_error().is_none());
    }
    // And a success is not an error.
    let ok = http::Response::builder()
        .status(200)
        .body(Vec::new())
        .expect("valid");
    assert!(GraphError::from_response(&ok).is_none());
}

#[test]
fn a_success_whose_body_is_not_an_operation() {
    let op = subscribe(Endpoint::default());
    for body in [
        &b"not json"[..],
        b"[1, 2]",
        b"{\"status\": 7}",
        b"{\"id\": ",
    ] {
        let response = http::Response::builder()
            .status(200)
            .body(body.to_vec())
            .expect("valid");
        let err = op.read_response(&response).unwrap_err();
        assert_eq!(err.kind(), ResponseErrorKind::InvalidBody);
        assert!(err.read_error().is_some());
        assert!(std::error::Error::source(&err).is_some());
    }
}

#[test]
fn reading_an_operation() {
    let get = GetOperation::builder()
        .call_id(CALL_ID)
        .operation_id(OPERATION_ID)
        .build()
        .expect("valid");
    let response = http::Response::builder()
        .status(200)
        .body(fixture("operations/failed-with-result-info.json"))
        .expect("valid");
    let operation = get.read_response(&response).expect("an operation");
    assert!(operation.is_failed());
    assert_eq!(
        operation
            .result_info
            .as_ref()
            .and_then(|r| r.subcode_number()),
        Some(9999)
    );
    let response = http::Response::builder()
        .status(200)
        .body(fixture("operations/pascal-case-status-with-dates.json"))
        .expect("valid");
    let operation = get.read_response(&response).expect("an operation");
    assert_eq!(operation.status, Some(OperationStatus::Running));
    assert!(operation.expects_followup());

    let empty = http::Response::builder()
        .status(200)
        .body(Vec::new())
        .expect("valid");
    let err = get.read_response(&empty).unwrap_err();
    assert_eq!(err.kind(), ResponseErrorKind::InvalidBody);
    assert!(err.read_error().is_none());

    let gone = http::Response::builder()
        .status(404)
        .body(fixture("errors/call-not-found.json"))
        .expect("valid");
    let err = get.read_response(&gone).unwrap_err();
    assert_eq!(err.graph_error().and_then(GraphError::code), Some("8501"));
}

#[test]
fn a_location_read_on_its_own_accepts_any_host_but_only_an_operation_path() {
    let location = OperationLocation::parse(&documented_location("https://elsewhere.example/beta"))
        .expect("structurally fine");
    assert_eq!(location.version(), Some(ApiVersion::Beta));
    let err = OperationLocation::parse("https://graph.microsoft.com/v1.0/me").unwrap_err();
    assert_eq!(err.kind(), ResponseErrorKind::InvalidLocation);
    assert_eq!(err.status(), None);
}

#[test]
fn response_types_are_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<graph_comms_http::SubscribeToToneResponse>();
    check::<graph_comms_http::ResponseError>();
    check::<graph_comms_http::RequestError>();
    check::<graph_comms_http::CallbackError>();
    check::<graph_comms_http::Callback>();
    check::<SubscribeToTone>();
}
