//! Building requests: the exact request for every cloud and version
//! (snapshots), the endpoints, and every refusal of the builders.

use crate::common;

use common::*;
use graph_comms_http::uuid::Uuid;
use graph_comms_http::{
    AccessToken, ApiVersion, CallId, ClientContext, ClientContextErrorKind, ClientRequestId,
    Endpoint, GetOperation, GraphRoot, IdErrorKind, NationalCloud, OperationId, OperationLocation,
    RequestErrorKind, SubscribeToTone,
};
use graph_comms_validate::DiagnosticCode;

fn clouds() -> Vec<(&'static str, GraphRoot)> {
    let mut clouds: Vec<(&'static str, GraphRoot)> = vec![
        ("global", NationalCloud::Global.into()),
        ("us-gov-l4", NationalCloud::UsGovL4.into()),
        ("us-gov-l5-dod", NationalCloud::UsGovL5Dod.into()),
        ("china-21vianet", NationalCloud::China21Vianet.into()),
    ];
    clouds.push((
        "custom",
        GraphRoot::custom("http://127.0.0.1:8080/graph").expect("a valid custom root"),
    ));
    clouds
}

#[test]
fn the_request_for_each_cloud_and_version() {
    for (name, cloud) in clouds() {
        for version in ApiVersion::ALL {
            let op = SubscribeToTone::builder()
                .endpoint(Endpoint::new(cloud.clone(), version))
                .call_id(CALL_ID)
                .client_context(CLIENT_CONTEXT)
                .client_request_id(Uuid::parse_str(CLIENT_REQUEST_ID).expect("a UUID"))
                .access_token(TOKEN)
                .build()
                .expect("a valid request");
            let request = op.to_request();
            insta::assert_snapshot!(
                format!("subscribe_to_tone@{name}-{version}"),
                render_request(&request)
            );
            // Never the deprecated /app path.
            assert!(!request.uri().path().contains("/app/"));
        }
    }
}

#[test]
fn without_optional_parts_the_body_is_empty_and_no_optional_header_is_sent() {
    let op = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .build()
        .expect("a valid request");
    let request = op.to_request();
    insta::assert_snapshot!("subscribe_to_tone_minimal", render_request(&request));
    assert_eq!(request.body(), b"{}");
    assert_eq!(request.headers().len(), 2, "content-type and accept only");
}

#[test]
fn the_get_operation_request() {
    let op = GetOperation::builder()
        .endpoint(Endpoint::new(NationalCloud::UsGovL4, ApiVersion::V1_0))
        .call_id(CALL_ID)
        .operation_id(OPERATION_ID)
        .client_request_id(CLIENT_REQUEST_ID)
        .access_token(TOKEN)
        .build()
        .expect("a valid request");
    insta::assert_snapshot!("get_operation", render_request(&op.to_request()));
}

#[test]
fn get_operation_from_a_location_uses_the_builders_endpoint_not_the_locations_host() {
    let location = OperationLocation::parse(&format!(
        "https://evil.example/v1.0/communications/calls/{CALL_ID}/operations/{OPERATION_ID}"
    ))
    .expect("structurally an operation location");
    let op = GetOperation::builder()
        .endpoint(NationalCloud::UsGovL5Dod)
        .location(&location)
        .build()
        .expect("a valid request");
    assert_eq!(
        op.to_request().uri().to_string(),
        format!(
            "https://dod-graph.microsoft.us/v1.0/communications/calls/{CALL_ID}/operations/{OPERATION_ID}"
        )
    );
}

#[test]
fn ids_are_encoded_as_the_official_sdk_does() {
    // What the Kiota SDK (std-uritemplate) writes: `a/b c?d#e%41é+{}` → `a%2Fb%20c%3Fd%23e%2541%C3%A9%2B%7B%7D`.
    // CallId refuses `/`, space, `?` and `#`; what it accepts is encoded the same way.
    let cases = [
        ("e%41é+{}", "e%2541%C3%A9%2B%7B%7D"),
        ("A-Za-z0-9-._~", "A-Za-z0-9-._~"),
        (
            "57DAB8B1894C409AB240BD8BEAE78896",
            "57DAB8B1894C409AB240BD8BEAE78896",
        ),
        ("%2F", "%252F"),
        ("...", "..."),
        ("a;b=c&d", "a%3Bb%3Dc%26d"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("😀", "%F0%9F%98%80"),
    ];
    for (id, encoded) in cases {
        let op = SubscribeToTone::builder()
            .call_id(id)
            .build()
            .unwrap_or_else(|err| panic!("{id:?}: {err}"));
        assert_eq!(
            op.to_request().uri().path(),
            format!("/v1.0/communications/calls/{encoded}/subscribeToTone"),
            "{id:?}"
        );
        let get = GetOperation::builder()
            .call_id(CALL_ID)
            .operation_id(id)
            .build()
            .unwrap_or_else(|err| panic!("{id:?}: {err}"));
        assert_eq!(
            get.uri().path(),
            format!("/v1.0/communications/calls/{CALL_ID}/operations/{encoded}"),
        );
    }
}

#[test]
fn the_builder_refuses_what_validate_refuses() {
    let err = SubscribeToTone::builder().build().unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::MissingCallId);

    for (id, expected) in [
        ("", (IdErrorKind::Empty, None)),
        ("..", (IdErrorKind::DotSegment, None)),
        ("a/b", (IdErrorKind::InvalidCharacter, Some(('/', 1)))),
        ("a?b", (IdErrorKind::InvalidCharacter, Some(('?', 1)))),
        ("a#b", (IdErrorKind::InvalidCharacter, Some(('#', 1)))),
        ("a\r\nb", (IdErrorKind::InvalidCharacter, Some(('\r', 1)))),
    ] {
        let err = SubscribeToTone::builder().call_id(id).build().unwrap_err();
        assert_eq!(err.kind(), RequestErrorKind::InvalidCallId, "{id:?}");
        let id_error = err.id_error().expect("an id error");
        assert_eq!(
            (id_error.kind(), id_error.character().zip(id_error.index())),
            expected,
            "{id:?}"
        );
        assert_eq!(CallId::new(id).unwrap_err(), id_error, "the same rule");
        assert!(std::error::Error::source(&err).is_some());
    }

    let err = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .client_context("x".repeat(257))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::InvalidClientContext);
    assert_eq!(
        err.client_context_error().map(|e| (e.kind(), e.chars())),
        Some((ClientContextErrorKind::TooLong, 257))
    );
    let err = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .client_context("")
        .build()
        .unwrap_err();
    assert_eq!(
        err.client_context_error().map(|e| e.kind()),
        Some(ClientContextErrorKind::Empty)
    );
}

#[test]
fn the_first_error_is_the_one_reported() {
    let err = SubscribeToTone::builder()
        .endpoint("ftp://example.com/v1.0")
        .call_id("a/b")
        .client_context("")
        .access_token("a\nb")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::InvalidBaseUrl);

    let err = SubscribeToTone::builder()
        .call_id("a/b")
        .client_context("")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::InvalidCallId);

    // A valid value given later does not clear an earlier error.
    let err = SubscribeToTone::builder()
        .call_id("a/b")
        .call_id(CALL_ID)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::InvalidCallId);
}

#[test]
fn validated_values_are_taken_as_they_are() {
    let op = SubscribeToTone::builder()
        .endpoint(Endpoint::default())
        .call_id(CallId::new(CALL_ID).expect("valid"))
        .client_context(ClientContext::from_uuid(
            Uuid::parse_str(CLIENT_CONTEXT).expect("a UUID"),
        ))
        .client_request_id(ClientRequestId::new(CLIENT_REQUEST_ID).expect("valid"))
        .access_token(AccessToken::new(TOKEN).expect("valid"))
        .build()
        .expect("a valid request");
    assert_eq!(op.call_id().as_str(), CALL_ID);
    assert_eq!(
        op.client_context().map(ClientContext::as_str),
        Some(CLIENT_CONTEXT)
    );
    assert_eq!(
        op.client_request_id().map(ClientRequestId::as_str),
        Some(CLIENT_REQUEST_ID)
    );
    assert_eq!(
        op.body(),
        format!(r#"{{"clientContext":"{CLIENT_CONTEXT}"}}"#).as_bytes()
    );
}

#[test]
fn a_client_context_with_characters_to_escape_is_valid_json() {
    let context = "quote \" backslash \\ é 😀";
    let op = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .client_context(context)
        .build()
        .expect("a valid request");
    let body: serde_json::Value = serde_json::from_slice(op.body()).expect("JSON");
    assert_eq!(body, serde_json::json!({ "clientContext": context }));
}

#[test]
fn an_id_too_long_for_a_uri_is_an_error_not_a_panic() {
    // Ids are bounded (256 bytes, graph_comms_core::ID_MAX_LEN) before any
    // URI is built.
    let id = "é".repeat(12_000); // 24,000 bytes
    let err = SubscribeToTone::builder()
        .call_id(id.as_str())
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::InvalidCallId);
    assert_eq!(err.id_error().map(|e| e.kind()), Some(IdErrorKind::TooLong));
    assert!(err.to_string().contains("24000 bytes"), "{err}");
    // The URI limit still holds for a custom root that leaves no room.
    let root = format!("http://127.0.0.1:8080/{}", "p".repeat(65_400));
    let root = GraphRoot::custom(&root).expect("a root the http crate reads");
    let err = SubscribeToTone::builder()
        .endpoint(Endpoint::new(root.clone(), ApiVersion::V1_0))
        .call_id("é".repeat(128).as_str()) // 256 bytes, 768 once encoded
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::UriTooLong, "{err}");
    // An id at the bound is fine.
    let id = "x".repeat(256);
    assert!(
        SubscribeToTone::builder()
            .call_id(id.as_str())
            .build()
            .is_ok()
    );
}

#[test]
fn get_operation_refusals() {
    let err = GetOperation::builder()
        .call_id(CALL_ID)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::MissingOperationId);
    let err = GetOperation::builder()
        .operation_id(OPERATION_ID)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), RequestErrorKind::MissingCallId);
    for id in ["", ".", "..", "a/b", "a\\b", "a b", "a?b", "a#b", "a\u{0}b"] {
        let err = OperationId::new(id).unwrap_err();
        assert!(err.is_operation_id(), "{id:?}");
        let err = GetOperation::builder()
            .call_id(CALL_ID)
            .operation_id(id)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), RequestErrorKind::InvalidOperationId, "{id:?}");
    }
}

#[test]
fn bearer_tokens_that_cannot_be_one_header_line_are_refused() {
    let cases = [
        ("", "empty"),
        ("abc\r\nX-Injected: 1", "line break"),
        ("abc\n", "line break"),
        ("abc\r", "line break"),
        ("a b", "whitespace"),
        ("a\tb", "whitespace"),
        ("a\u{0}b", "control character"),
        ("a\u{7f}b", "control character"),
        ("tökén", "non-ASCII"),
        ("Bearer abc", "`Bearer ` scheme"),
        ("bearer abc", "`Bearer ` scheme"),
    ];
    for (token, expected) in cases {
        let err = AccessToken::new(token).unwrap_err();
        assert_eq!(
            err.kind(),
            RequestErrorKind::InvalidAccessToken,
            "{token:?}"
        );
        let text = err.to_string();
        assert!(text.contains(expected), "{token:?}: {text}");
        if token.len() > 2 {
            assert!(!text.contains(token), "the token leaks into {text}");
        }
        let err = SubscribeToTone::builder()
            .call_id(CALL_ID)
            .access_token(token)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), RequestErrorKind::InvalidAccessToken);
    }
}

#[test]
fn a_bearer_token_is_redacted_and_authorizes_any_request() {
    let token = AccessToken::new(TOKEN).expect("valid");
    assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
    assert_eq!(token.expose(), TOKEN);

    let op = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .access_token(token.clone())
        .build()
        .expect("valid");
    assert!(
        !format!("{op:?}").contains(TOKEN),
        "the builder's Debug leaks"
    );

    let mut request = http::Request::post("https://example.com/")
        .header("Authorization", "Bearer old")
        .body(())
        .expect("valid");
    token.authorize(&mut request);
    let values: Vec<_> = request.headers().get_all("authorization").iter().collect();
    assert_eq!(values.len(), 1, "replaced, not added");
    assert_eq!(values[0], &format!("Bearer {TOKEN}"));
    assert!(values[0].is_sensitive());
}

#[test]
fn client_request_ids() {
    let uuid = Uuid::parse_str(CLIENT_REQUEST_ID).expect("a UUID");
    assert_eq!(ClientRequestId::from(uuid).as_str(), CLIENT_REQUEST_ID);
    assert_eq!(
        ClientRequestId::new("my-trace-id:42")
            .expect("visible ASCII")
            .as_str(),
        "my-trace-id:42"
    );
    for id in ["", "a b", "a\r\nb", "é", "a\u{7f}"] {
        let err = ClientRequestId::new(id).unwrap_err();
        assert_eq!(
            err.kind(),
            RequestErrorKind::InvalidClientRequestId,
            "{id:?}"
        );
    }
}

#[test]
fn endpoints_from_base_urls() {
    let cases: &[(&str, &str, Option<NationalCloud>, ApiVersion)] = &[
        (
            "https://graph.microsoft.com/v1.0",
            "https://graph.microsoft.com/v1.0",
            Some(NationalCloud::Global),
            ApiVersion::V1_0,
        ),
        (
            "HTTPS://GRAPH.MICROSOFT.US/BETA/",
            "https://graph.microsoft.us/beta",
            Some(NationalCloud::UsGovL4),
            ApiVersion::Beta,
        ),
        (
            "https://dod-graph.microsoft.us/v1.0",
            "https://dod-graph.microsoft.us/v1.0",
            Some(NationalCloud::UsGovL5Dod),
            ApiVersion::V1_0,
        ),
        (
            "https://microsoftgraph.chinacloudapi.cn/v1.0",
            "https://microsoftgraph.chinacloudapi.cn/v1.0",
            Some(NationalCloud::China21Vianet),
            ApiVersion::V1_0,
        ),
        // Not a national cloud: a port, http, a prefix, or another host.
        (
            "https://graph.microsoft.com:8443/v1.0",
            "https://graph.microsoft.com:8443/v1.0",
            None,
            ApiVersion::V1_0,
        ),
        (
            "http://graph.microsoft.com/v1.0",
            "http://graph.microsoft.com/v1.0",
            None,
            ApiVersion::V1_0,
        ),
        (
            "http://127.0.0.1:8080/v1.0",
            "http://127.0.0.1:8080/v1.0",
            None,
            ApiVersion::V1_0,
        ),
        (
            "https://Proxy.Contoso.com/Graph/beta",
            "https://proxy.contoso.com/Graph/beta",
            None,
            ApiVersion::Beta,
        ),
        (
            "http://[::1]:9000/v1.0",
            "http://[::1]:9000/v1.0",
            None,
            ApiVersion::V1_0,
        ),
    ];
    for &(input, base_url, national, version) in cases {
        let endpoint =
            Endpoint::from_base_url(input).unwrap_or_else(|err| panic!("{input}: {err}"));
        assert_eq!(endpoint.base_url(), base_url, "{input}");
        assert_eq!(endpoint.to_string(), base_url, "{input}");
        assert_eq!(endpoint.cloud().national(), national, "{input}");
        assert_eq!(endpoint.version(), version, "{input}");
        // The base URL reads back to the same endpoint.
        assert_eq!(Endpoint::from_base_url(&endpoint.base_url()), Ok(endpoint));
    }
}

#[test]
fn invalid_base_urls_are_refused_with_the_reason() {
    let cases = [
        ("graph.microsoft.com/v1.0", "no scheme"),
        ("/v1.0", "no scheme"),
        ("ftp://graph.microsoft.com/v1.0", "http or https"),
        ("https://user:pass@graph.microsoft.com/v1.0", "credentials"),
        ("https://graph.microsoft.com/v1.0?x=1", "query"),
        ("https://graph.microsoft.com/v1.0#top", "fragment"),
        (
            "https://graph.microsoft.com",
            "does not end in the API version",
        ),
        (
            "https://graph.microsoft.com/v2.0",
            "does not end in the API version",
        ),
        ("https://proxy.example//v1.0", "empty path segment"),
        ("https://proxy.example/a/../v1.0", "dot segment"),
        ("https://proxy.example/%2e%2E/v1.0", "dot segment"),
        ("https://proxy example/v1.0", "not a URL"),
        ("", "no scheme"),
    ];
    for (input, reason) in cases {
        let err = Endpoint::from_base_url(input).unwrap_err();
        assert_eq!(err.kind(), RequestErrorKind::InvalidBaseUrl, "{input}");
        assert!(err.to_string().contains(reason), "{input}: {err}");
    }
    let err = GraphRoot::custom("https://proxy.example/v1.0").unwrap_err();
    assert!(err.to_string().contains("ends in the API version"), "{err}");
}

#[test]
fn diagnostics_come_from_validate() {
    let diagnostics = |cloud: GraphRoot, version| {
        SubscribeToTone::builder()
            .endpoint(Endpoint::new(cloud, version))
            .call_id(CALL_ID)
            .build()
            .expect("valid")
            .diagnostics()
            .into_iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
    };
    assert!(diagnostics(NationalCloud::Global.into(), ApiVersion::V1_0).is_empty());
    assert!(diagnostics(NationalCloud::Global.into(), ApiVersion::Beta).is_empty());
    assert!(diagnostics(NationalCloud::UsGovL4.into(), ApiVersion::V1_0).is_empty());
    assert_eq!(
        diagnostics(NationalCloud::UsGovL4.into(), ApiVersion::Beta),
        [DiagnosticCode::NotOfferedInCloud]
    );
    assert_eq!(
        diagnostics(NationalCloud::China21Vianet.into(), ApiVersion::V1_0),
        [DiagnosticCode::NotOfferedInCloud]
    );
    assert_eq!(
        diagnostics(
            GraphRoot::custom("http://127.0.0.1:1").expect("valid"),
            ApiVersion::V1_0
        ),
        [DiagnosticCode::UnknownHost]
    );

    let op = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .client_context("😀".repeat(200))
        .build()
        .expect("200 characters are within the limit");
    assert_eq!(
        op.diagnostics()
            .into_iter()
            .map(|d| d.code)
            .collect::<Vec<_>>(),
        [DiagnosticCode::ClientContextUtf16Length]
    );
}

#[test]
fn requests_are_deterministic() {
    let build = || {
        SubscribeToTone::builder()
            .call_id(CALL_ID)
            .client_context(CLIENT_CONTEXT)
            .client_request_id(CLIENT_REQUEST_ID)
            .build()
            .expect("valid")
            .to_request()
    };
    assert_eq!(render_request(&build()), render_request(&build()));
}
