//! Properties that hold for all inputs, checked with proptest.

use graph_comms_validate::{
    CallId, ClientContext, ClientContextErrorKind, DiagnosticCode, analyze_path,
    analyze_subscribe_to_tone_path, check_request_body, client_context_utf16_warning,
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Everything but RFC 3986 unreserved characters, as the Graph SDKs encode a
/// path parameter (std-uritemplate simple expansion).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Strings around the 256 limit, from characters of every UTF-8 width.
fn near_limit() -> impl Strategy<Value = String> {
    let unit = prop_oneof![Just('x'), Just('é'), Just('€'), Just('😀'), any::<char>()];
    prop::collection::vec(unit, 250..262).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    // A failing case is saved beside this file (properties.proptest-regressions)
    // and replayed first on the next run: commit it.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// The rule is exactly "1 to 256 Unicode scalar values" (JSON Schema's
    /// minLength 1 / maxLength 256), and every entry point applies it alike.
    #[test]
    fn client_context_rule_is_the_scalar_count(value in prop_oneof!["\\PC{0,300}", near_limit()]) {
        let chars = value.chars().count();
        let expected = match chars {
            0 => Err((ClientContextErrorKind::Empty, 0)),
            1..=256 => Ok(()),
            _ => Err((ClientContextErrorKind::TooLong, chars)),
        };
        prop_assert_eq!(ClientContext::check(&value).map_err(|e| (e.kind(), e.chars())), expected);
        prop_assert_eq!(ClientContext::new(value.clone()).map(ClientContext::into_string).map_err(|e| (e.kind(), e.chars())), expected.map(|()| value.clone()));
        let json = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(serde_json::from_str::<ClientContext>(&json).is_ok(), expected.is_ok());
        if let Ok(context) = ClientContext::new(value.clone()) {
            prop_assert_eq!(serde_json::to_string(&context).unwrap(), json);
            let units = value.encode_utf16().count();
            prop_assert_eq!(client_context_utf16_warning(&context).is_some(), units > 256);
        }
    }

    /// The body check agrees with the clientContext rule, and never quotes the value.
    #[test]
    fn body_check_agrees_with_the_rule(value in prop_oneof!["[a-z0-9]{0,300}", near_limit()]) {
        let body = serde_json::to_vec(&serde_json::json!({ "clientContext": value })).unwrap();
        let check = check_request_body(&body);
        prop_assert_eq!(check.has_errors(), ClientContext::check(&value).is_err());
        prop_assert!(check.request.is_some());
        for d in &check.diagnostics {
            prop_assert_eq!(d.location.as_deref(), Some("$.clientContext"));
            if value.chars().count() >= 8 {
                prop_assert!(!d.message.contains(&value));
            }
        }
    }

    /// Any valid call id, encoded the way the SDKs encode it, analyses clean
    /// and decodes back to itself.
    #[test]
    fn valid_ids_survive_a_path(id in "[^/\\\\?#\\s\\p{C}]{1,40}") {
        prop_assume!(CallId::check(&id).is_ok());
        let path = format!(
            "https://graph.microsoft.com/v1.0/communications/calls/{}/subscribeToTone",
            utf8_percent_encode(&id, PATH_SEGMENT)
        );
        let a = analyze_subscribe_to_tone_path(&path);
        prop_assert!(a.diagnostics().is_empty(), "{}: {:?}", path, a.diagnostics());
        let decoded = a.decoded_call_id();
        prop_assert_eq!(decoded.as_deref(), Some(id.as_str()));
        prop_assert_eq!(a.parsed_call_id().map(CallId::into_string), Some(id));
    }

    /// An id that is refused is never reported clean, however it is encoded.
    #[test]
    fn invalid_ids_are_reported_in_a_path(
        prefix in "[a-z0-9]{0,4}",
        bad in prop_oneof![Just('/'), Just('\\'), Just('?'), Just('#'), Just(' '), Just('\t'), Just('\u{85}')],
        suffix in "[a-z0-9]{0,4}",
    ) {
        let id = format!("{prefix}{bad}{suffix}");
        let path = format!("/communications/calls/{}/subscribeToTone", utf8_percent_encode(&id, PATH_SEGMENT));
        let a = analyze_path(&path);
        prop_assert!(a.has_errors(), "{}", path);
        prop_assert!(a.parsed_call_id().is_none());
    }

    /// Whatever the input, the analysis does not panic, borrows its parts from
    /// the input, and a deprecated path's replacement is clean of that warning.
    #[test]
    fn any_input_analyses(input in prop_oneof![
        "\\PC{0,80}",
        "(https?://)?(graph\\.microsoft\\.(com|us)/)?(v1\\.0/|beta/|/)?(app|applications/x|communications)/calls/[a-zA-Z0-9%./]{0,12}(/subscribeToTone)?/?(\\?[a-z=%0-9]{0,6})?",
    ]) {
        let a = analyze_subscribe_to_tone_path(&input);
        for part in [a.host(), a.call_id(), a.query()].into_iter().flatten() {
            prop_assert!(input.contains(part));
        }
        if let Some(replacement) = a.replacement() {
            let b = analyze_path(replacement);
            prop_assert!(!b.is_deprecated());
            prop_assert!(b.diagnostics().iter().all(|d| !matches!(
                d.code,
                DiagnosticCode::DeprecatedAppPath | DiagnosticCode::DeprecatedApplicationsPath
            )));
            prop_assert_eq!(b.call_id(), a.call_id());
            prop_assert_eq!(b.query(), a.query());
        }
    }

    /// Arbitrary input never panics the body check; without a parsed request
    /// there is an error, and with one the only errors are clientContext's.
    #[test]
    fn any_body_checks(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64).boxed(),
        "\\{(\"[a-zA-Z@.]{0,14}\": ?(\"\\PC{0,8}\"|[0-9]{1,3}|null|true|\\[\\]|\\{\\}),? ?){0,3}\\}"
            .prop_map(String::into_bytes)
            .boxed(),
    ]) {
        let check = check_request_body(&bytes);
        match &check.request {
            None => prop_assert!(check.has_errors()),
            Some(_) => prop_assert!(check.diagnostics.iter().filter(|d| d.is_error()).all(|d| matches!(
                d.code,
                DiagnosticCode::ClientContextEmpty | DiagnosticCode::ClientContextTooLong
            ))),
        }
    }
}
