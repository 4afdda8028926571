//! Properties over arbitrary input: an id can never change the path of a
//! request, a token or client-request-id can never add a header line, and a
//! callback body over the limit is always refused.

use graph_comms_http::{
    AccessToken, CallbackErrorKind, CallbackReader, ClientRequestId, Endpoint, GetOperation,
    RequestErrorKind, SubscribeToTone,
};
use graph_comms_http::{ApiVersion, CallId, NationalCloud};
use proptest::prelude::*;

/// Text that leans on what could break a path: separators, `%` escapes,
/// dots, whitespace, controls and non-ASCII, mixed with ordinary characters.
fn hostile_id() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_owned()),
        Just("?".to_owned()),
        Just("#".to_owned()),
        Just("%".to_owned()),
        Just("%2F".to_owned()),
        Just("%2e".to_owned()),
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just("\\".to_owned()),
        Just(" ".to_owned()),
        Just("\r\n".to_owned()),
        Just("é".to_owned()),
        Just("😀".to_owned()),
        Just("+&=;:@".to_owned()),
        "[a-zA-Z0-9-]{1,8}",
        "\\PC{1,4}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn endpoints() -> impl Strategy<Value = Endpoint> {
    prop_oneof![
        Just(Endpoint::new(NationalCloud::Global, ApiVersion::V1_0)),
        Just(Endpoint::new(NationalCloud::UsGovL5Dod, ApiVersion::Beta)),
        Just("http://127.0.0.1:8080/graph/v1.0".parse().expect("valid")),
    ]
}

/// The path segments of a built URI, and the expected prefix for `endpoint`.
fn segments(uri: &http::Uri) -> Vec<&str> {
    uri.path().trim_start_matches('/').split('/').collect()
}

fn expected_prefix(endpoint: &Endpoint) -> Vec<String> {
    let base: http::Uri = endpoint.base_url().parse().expect("a valid base URL");
    let mut prefix: Vec<String> = segments(&base).into_iter().map(str::to_owned).collect();
    prefix.extend(["communications".to_owned(), "calls".to_owned()]);
    prefix
}

/// Percent-decoding, written out here so that the test does not share code
/// with the crate under test. Panics on a broken escape, which the encoder
/// must never write.
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3).expect("two characters after %");
            out.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// A call id is either refused (exactly when graph-comms-validate refuses
    /// it) or becomes exactly one path segment, after exactly the segments of
    /// the base URL and `communications/calls`, and decodes back to itself.
    #[test]
    fn a_call_id_never_changes_the_path(endpoint in endpoints(), id in hostile_id()) {
        let built = SubscribeToTone::builder()
            .endpoint(endpoint.clone())
            .call_id(id.as_str())
            .build();
        match CallId::new(id.as_str()) {
            Err(expected) => {
                let err = built.expect_err("validate refuses it, so must the builder");
                prop_assert_eq!(err.kind(), RequestErrorKind::InvalidCallId);
                prop_assert_eq!(err.id_error(), Some(expected));
            }
            Ok(_) => {
                let request = built.expect("validate accepts it").to_request();
                let uri = request.uri();
                prop_assert_eq!(uri.query(), None);
                let segments = segments(uri);
                let prefix = expected_prefix(&endpoint);
                prop_assert_eq!(segments.len(), prefix.len() + 2, "{}", uri);
                prop_assert_eq!(&segments[..prefix.len()], &prefix[..]);
                prop_assert_eq!(segments[prefix.len() + 1], "subscribeToTone");
                let encoded = segments[prefix.len()];
                prop_assert!(
                    encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
                    "{}", encoded
                );
                prop_assert!(!matches!(encoded, "." | ".."));
                prop_assert_eq!(decode(encoded), id);
                // The host is the endpoint's.
                let base: http::Uri = endpoint.base_url().parse().expect("valid");
                prop_assert_eq!(uri.authority(), base.authority());
            }
        }
    }

    /// The same for both ids of an operation request.
    #[test]
    fn an_operation_id_never_changes_the_path(call in hostile_id(), op in hostile_id()) {
        let built = GetOperation::builder().call_id(call.as_str()).operation_id(op.as_str()).build();
        if CallId::check(&call).is_err() || CallId::check(&op).is_err() {
            prop_assert!(built.is_err());
        } else {
            let request = built.expect("both valid").to_request();
            let segments = segments(request.uri());
            prop_assert_eq!(segments.len(), 6, "{}", request.uri());
            prop_assert_eq!(&segments[..3], &["v1.0", "communications", "calls"]);
            prop_assert_eq!(decode(segments[3]), call);
            prop_assert_eq!(segments[4], "operations");
            prop_assert_eq!(decode(segments[5]), op);
        }
    }

    /// A token with CR or LF anywhere is refused; an accepted token is
    /// exactly one header line of visible ASCII.
    #[test]
    fn a_token_can_never_add_a_header_line(
        before in "\\PC{0,20}",
        breaker in prop_oneof![Just("\r"), Just("\n"), Just("\r\n")],
        after in "\\PC{0,20}",
        any_token in any::<String>(),
    ) {
        let token = format!("{before}{breaker}{after}");
        let err = AccessToken::new(&token).expect_err("CR or LF");
        prop_assert_eq!(err.kind(), RequestErrorKind::InvalidAccessToken);
        if let Ok(token) = AccessToken::new(&any_token) {
            let value = token.header_value().to_str().expect("visible ASCII");
            prop_assert!(value.bytes().all(|b| b.is_ascii_graphic() || b == b' '));
            prop_assert_eq!(value.matches(' ').count(), 1, "only after the scheme");
            prop_assert_eq!(token.expose(), any_token.as_str());
        }
    }

    /// The same for a client-request-id string.
    #[test]
    fn a_client_request_id_can_never_add_a_header_line(id in any::<String>()) {
        match ClientRequestId::new(&id) {
            Ok(valid) => {
                prop_assert!(!id.is_empty() && id.bytes().all(|b| b.is_ascii_graphic()));
                prop_assert_eq!(valid.as_str(), id.as_str());
            }
            Err(err) => prop_assert_eq!(err.kind(), RequestErrorKind::InvalidClientRequestId),
        }
    }

    /// Any body over the limit is refused as too large, whatever it holds.
    #[test]
    fn a_body_over_the_limit_is_always_refused(
        limit in 0usize..512,
        extra in 1usize..64,
        byte in any::<u8>(),
    ) {
        let reader = CallbackReader::new().with_max_body_bytes(limit);
        let request = http::Request::post("/api/calls")
            .header("Content-Type", "application/json")
            .body(vec![byte; limit + extra])
            .expect("valid");
        let err = reader.read(&request).expect_err("over the limit");
        prop_assert_eq!(err.kind(), CallbackErrorKind::BodyTooLarge);
        prop_assert!(err.read_error().is_none());
    }
}

#[test]
fn the_decoder_of_these_tests_decodes() {
    assert_eq!(decode("e%2541%C3%A9%2B"), "e%41é+");
    assert_eq!(decode("abc"), "abc");
}

/// The id strategy is not vacuous: it yields many ids validate accepts,
/// among them ids with `%` and non-ASCII, and many it refuses.
#[test]
fn the_id_strategy_covers_both_sides() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut accepted, mut refused, mut percent, mut non_ascii) = (0, 0, 0, 0);
    for _ in 0..2000 {
        let id = hostile_id()
            .new_tree(&mut runner)
            .expect("a value")
            .current();
        if CallId::check(&id).is_ok() {
            accepted += 1;
            percent += usize::from(id.contains('%'));
            non_ascii += usize::from(!id.is_ascii());
        } else {
            refused += 1;
        }
    }
    assert!(
        accepted > 200 && refused > 200,
        "{accepted} accepted, {refused} refused"
    );
    assert!(
        percent > 50 && non_ascii > 50,
        "{percent} with %, {non_ascii} non-ASCII"
    );
}
