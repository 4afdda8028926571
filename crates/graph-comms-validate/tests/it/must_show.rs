//! The issue's "Must show" items and the behaviour around them, asserted
//! outright (the tables in `table.rs` pin the full diagnostics).

use graph_comms_validate::{
    ApiVersion, CallId, CallsRoot, ClientContext, ClientContextErrorKind, Diagnostic,
    DiagnosticCode, IdErrorKind, NationalCloud, PathTarget, Severity, analyze_path,
    analyze_subscribe_to_tone_path, check_request_body, client_context_utf16_warning,
    diagnose_client_context, has_errors,
};

#[test]
fn two_hundred_fifty_six_e_acute_are_accepted() {
    let value = "é".repeat(256);
    assert_eq!(value.len(), 512, "512 bytes");
    assert_eq!(ClientContext::check(&value), Ok(()));
    let context = ClientContext::new(value.clone()).unwrap();
    assert_eq!(context.char_len(), 256);
    assert_eq!(context.utf16_len(), 256);
    assert_eq!(client_context_utf16_warning(&context), None);
    assert!(diagnose_client_context(&value).is_empty());
    let body = format!(r#"{{"clientContext": "{value}"}}"#);
    assert!(check_request_body(body.as_bytes()).diagnostics.is_empty());
}

#[test]
fn two_hundred_fifty_seven_ascii_are_refused_with_length_and_limit() {
    let value = "a".repeat(257);
    let err = ClientContext::new(value.clone()).unwrap_err();
    assert_eq!(
        (err.kind(), err.chars()),
        (ClientContextErrorKind::TooLong, 257)
    );
    let message = err.to_string();
    assert!(
        message.starts_with("clientContext is 257 characters long, over the limit of 256"),
        "{message}"
    );
    assert!(
        message.contains("shorten it"),
        "the message says what to do: {message}"
    );
    assert!(
        !message.contains(&value[..8]),
        "the message does not quote the value"
    );

    let diagnostics = diagnose_client_context(&value);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, DiagnosticCode::ClientContextTooLong);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(diagnostics[0].message, message);

    let body = format!(r#"{{"clientContext": "{value}"}}"#);
    let check = check_request_body(body.as_bytes());
    assert_eq!(check.diagnostics.len(), 1);
    assert_eq!(
        check.diagnostics[0].code,
        DiagnosticCode::ClientContextTooLong
    );
    assert_eq!(
        check.diagnostics[0].location.as_deref(),
        Some("$.clientContext")
    );
    assert!(check.client_context().is_none());
}

#[test]
fn two_hundred_fifty_six_emoji_pass_with_the_utf16_warning() {
    let value = "😀".repeat(256);
    let context = ClientContext::new(value.clone()).expect("256 scalar values are accepted");
    assert_eq!((context.char_len(), context.utf16_len()), (256, 512));
    let warning = client_context_utf16_warning(&context).expect("512 UTF-16 units get a warning");
    assert_eq!(warning.code, DiagnosticCode::ClientContextUtf16Length);
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.message.contains("512 UTF-16 code units"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("keep it within 256 UTF-16 units"),
        "{}",
        warning.message
    );
    assert_eq!(diagnose_client_context(&value), vec![warning]);

    // One more emoji is refused.
    assert_eq!(
        ClientContext::new("😀".repeat(257)).map_err(|e| (e.kind(), e.chars())),
        Err((ClientContextErrorKind::TooLong, 257))
    );
}

#[test]
fn the_beta_app_url_gives_exactly_one_warning_with_the_communications_replacement() {
    let url = "https://graph.microsoft.com/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1";
    for analysis in [analyze_path(url), analyze_subscribe_to_tone_path(url)] {
        assert_eq!(
            analysis.diagnostics().len(),
            1,
            "{:?}",
            analysis.diagnostics()
        );
        let warning = &analysis.diagnostics()[0];
        assert_eq!(warning.code, DiagnosticCode::DeprecatedAppPath);
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(
            warning.replacement.as_deref(),
            Some(
                "https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1"
            )
        );
        assert_eq!(analysis.replacement(), warning.replacement.as_deref());
        assert_eq!(analysis.cloud(), Some(NationalCloud::Global));
        assert_eq!(analysis.version(), Some(ApiVersion::Beta));
        assert_eq!(analysis.root(), Some(CallsRoot::App));
        assert!(analysis.is_deprecated());
        assert_eq!(
            analysis.call_id(),
            Some("57dab8b1-894c-409a-b240-bd8beae78896")
        );
        assert_eq!(analysis.query(), Some("x=1"));
        assert!(analysis.is_subscribe_to_tone());
    }
}

#[test]
fn a_replacement_analyses_clean_and_keeps_everything_else() {
    let inputs = [
        "/app/calls/ABC/subscribeToTone/",
        "beta/app/calls/abc/subscribeToTone?x=1#f",
        "HTTPS://GRAPH.MICROSOFT.COM/BETA/APP/CALLS/ABC/SUBSCRIBETOTONE",
        "https://graph.microsoft.com/beta/applications/app-1/calls/abc/subscribeToTone?a=%2F",
    ];
    for input in inputs {
        let before = analyze_path(input);
        let replacement = before.replacement().expect("deprecated");
        let after = analyze_path(replacement);
        assert!(
            after.diagnostics().is_empty(),
            "{replacement}: {:?}",
            after.diagnostics()
        );
        assert_eq!(after.root(), Some(CallsRoot::Communications));
        assert_eq!(after.call_id(), before.call_id());
        assert_eq!(after.target(), before.target());
        assert_eq!(after.query(), before.query());
        assert_eq!(after.host(), before.host());
        assert_eq!(after.version(), before.version());
    }
}

#[test]
fn segment_names_match_case_insensitively_and_ids_are_kept() {
    let a = analyze_subscribe_to_tone_path("/V1.0/COMMUNICATIONS/Calls/AbC-123/SUBSCRIBETOTONE");
    assert!(a.diagnostics().is_empty());
    assert_eq!(a.call_id(), Some("AbC-123"));
    assert_eq!(a.action(), Some("SUBSCRIBETOTONE"));
    assert_eq!(a.parsed_call_id().unwrap().as_str(), "AbC-123");
}

#[test]
fn encoded_ids_are_reported_raw_and_checked_decoded() {
    let a = analyze_path("/communications/calls/%C3%A9t%C3%A9/subscribeToTone");
    assert!(a.diagnostics().is_empty());
    assert_eq!(a.call_id(), Some("%C3%A9t%C3%A9"));
    assert_eq!(a.decoded_call_id().as_deref(), Some("été"));
    assert_eq!(a.parsed_call_id().unwrap().as_str(), "été");

    let a = analyze_path("/communications/calls/abc%2Fdef/subscribeToTone");
    assert_eq!(codes(a.diagnostics()), [DiagnosticCode::CallIdEncodedSlash]);
    assert_eq!(
        a.parsed_call_id(),
        None,
        "an encoded slash never makes a CallId"
    );

    let a = analyze_path("/communications/calls/%2E%2e/subscribeToTone");
    assert_eq!(codes(a.diagnostics()), [DiagnosticCode::CallIdDotSegment]);
}

#[test]
fn operation_paths_report_the_operation_id() {
    let a = analyze_path(
        "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
    );
    assert_eq!(
        a.operation_id(),
        Some("0fe0623f-d628-42ed-b4bd-8ac290072cc5")
    );
    assert_eq!(
        a.target(),
        PathTarget::Operation("0fe0623f-d628-42ed-b4bd-8ac290072cc5")
    );
    assert!(!a.is_subscribe_to_tone());
    let a = a.expect_subscribe_to_tone();
    assert_eq!(codes(a.diagnostics()), [DiagnosticCode::NotSubscribeToTone]);
}

#[test]
fn availability_follows_the_docs() {
    use ApiVersion::*;
    use NationalCloud::*;
    let offered: Vec<(NationalCloud, ApiVersion)> = NationalCloud::ALL
        .into_iter()
        .flat_map(|c| ApiVersion::ALL.into_iter().map(move |v| (c, v)))
        .filter(|(c, v)| c.offers_subscribe_to_tone(*v))
        .collect();
    assert_eq!(
        offered,
        [
            (Global, V1_0),
            (Global, Beta),
            (UsGovL4, V1_0),
            (UsGovL5Dod, V1_0)
        ]
    );
    for cloud in NationalCloud::ALL {
        for version in ApiVersion::ALL {
            let url = format!(
                "{}/{version}/communications/calls/abc/subscribeToTone",
                cloud.graph_root()
            );
            let a = analyze_path(&url);
            assert_eq!(a.cloud(), Some(cloud));
            assert_eq!(a.version(), Some(version));
            let warned = codes(a.diagnostics()) == [DiagnosticCode::NotOfferedInCloud];
            assert_eq!(warned, !cloud.offers_subscribe_to_tone(version), "{url}");
            assert!(a.diagnostics().len() <= 1);
        }
    }
}

#[test]
fn clouds_and_versions_round_trip_through_their_names() {
    for cloud in NationalCloud::ALL {
        assert_eq!(NationalCloud::from_host(cloud.graph_host()), Some(cloud));
        assert_eq!(
            NationalCloud::from_host(&cloud.graph_host().to_uppercase()),
            Some(cloud)
        );
        assert_eq!(
            format!("https://{}", cloud.graph_host()),
            cloud.graph_root()
        );
        assert_eq!(cloud.to_string(), cloud.name());
    }
    assert_eq!(NationalCloud::from_host("graph.microsoft.de"), None);
    assert_eq!(
        NationalCloud::from_host("graph.microsoft.com.evil.example"),
        None
    );
    for version in ApiVersion::ALL {
        assert_eq!(ApiVersion::from_segment(version.as_str()), Some(version));
        assert_eq!(version.to_string(), version.as_str());
    }
    assert_eq!(ApiVersion::from_segment("v1.1"), None);
}

#[test]
fn client_context_conversions_apply_the_rule() {
    let uuid = "fd1c7836-4d84-4e24-b6aa-23188688cc54";
    let a: ClientContext = uuid.parse().unwrap();
    let b = ClientContext::try_from(uuid.to_owned()).unwrap();
    let c = ClientContext::try_from(uuid).unwrap();
    assert_eq!(a, b);
    assert_eq!(b, c);
    assert_eq!(a.to_string(), uuid);
    assert_eq!(String::from(a.clone()), uuid);
    assert_eq!(a.clone().into_string(), uuid);
    assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{uuid}\""));
    assert_eq!(
        serde_json::from_str::<ClientContext>(&format!("\"{uuid}\"")).unwrap(),
        a
    );

    assert_eq!(
        "".parse::<ClientContext>().unwrap_err().kind(),
        ClientContextErrorKind::Empty
    );
    let err =
        serde_json::from_str::<ClientContext>(&format!("\"{}\"", "x".repeat(300))).unwrap_err();
    assert!(err.to_string().contains("300 characters long"), "{err}");
    assert!(
        !err.to_string().contains("xxxx"),
        "the error does not quote the value: {err}"
    );
    assert!(serde_json::from_str::<ClientContext>("7").is_err());

    let generated = ClientContext::generate();
    assert_ne!(generated, ClientContext::generate(), "fresh each time");
    let parsed = uuid::Uuid::parse_str(generated.as_str()).unwrap();
    assert_eq!(parsed.get_version_num(), 4);
    assert_eq!(ClientContext::from_uuid(parsed), generated);
}

#[test]
fn call_id_conversions_apply_the_rule() {
    let id: CallId = "57DAB8B1894C409AB240BD8BEAE78896".parse().unwrap();
    assert_eq!(CallId::try_from(id.to_string()).unwrap(), id);
    assert_eq!(
        serde_json::to_string(&id).unwrap(),
        "\"57DAB8B1894C409AB240BD8BEAE78896\""
    );
    assert_eq!(
        serde_json::from_str::<CallId>("\"57DAB8B1894C409AB240BD8BEAE78896\"").unwrap(),
        id
    );
    assert!(serde_json::from_str::<CallId>("\"a/b\"").is_err());
    assert!(serde_json::from_str::<CallId>("\"\"").is_err());

    for (bad, expected) in [
        ("", (IdErrorKind::Empty, None)),
        (".", (IdErrorKind::DotSegment, None)),
        ("..", (IdErrorKind::DotSegment, None)),
        ("a/b", (IdErrorKind::InvalidCharacter, Some(('/', 1)))),
        ("a\\b", (IdErrorKind::InvalidCharacter, Some(('\\', 1)))),
        ("a?b", (IdErrorKind::InvalidCharacter, Some(('?', 1)))),
        ("a#b", (IdErrorKind::InvalidCharacter, Some(('#', 1)))),
        ("a b", (IdErrorKind::InvalidCharacter, Some((' ', 1)))),
        (
            "é\u{a0}",
            (IdErrorKind::InvalidCharacter, Some(('\u{a0}', 2))),
        ),
        (
            "a\u{7f}",
            (IdErrorKind::InvalidCharacter, Some(('\u{7f}', 1))),
        ),
        ("a\n", (IdErrorKind::InvalidCharacter, Some(('\n', 1)))),
    ] {
        let err = CallId::new(bad).unwrap_err();
        assert_eq!(
            (err.kind(), err.character().zip(err.index())),
            expected,
            "{bad:?}"
        );
        let diagnostic = Diagnostic::from(err);
        assert_eq!(diagnostic.location.as_deref(), Some("call id"));
    }
    // Opaque: dots inside, percent signs, other scripts are fine.
    for good in [
        "...",
        "a.b",
        "%2F",
        "été",
        "1D6DE2D4-CD51-4309-8DAA-70768651088E",
    ] {
        assert_eq!(CallId::new(good).unwrap().as_str(), good);
    }
}

#[test]
fn diagnostics_serialise_as_the_cli_prints_them() {
    let d = analyze_path("/app/calls/abc").into_diagnostics().remove(0);
    let json = serde_json::to_value(&d).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 5);
    for key in ["code", "severity", "message", "location", "replacement"] {
        assert!(keys.contains(&key), "{key}");
    }
    assert_eq!(json["code"], "deprecated-app-path");
    assert_eq!(json["severity"], "warning");
    assert_eq!(json["location"], "path");
    assert_eq!(json["replacement"], "/communications/calls/abc");
    let back: Diagnostic = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);

    let none = serde_json::to_value(Diagnostic::new(DiagnosticCode::CallIdEmpty, "m")).unwrap();
    assert!(none["location"].is_null() && none["replacement"].is_null());
    assert_eq!(none["severity"], "error");

    assert_eq!(
        d.to_string(),
        format!(
            "warning[deprecated-app-path] at path: {} (replacement: /communications/calls/abc)",
            d.message
        )
    );
}

#[test]
fn codes_are_stable_kebab_case_with_a_fixed_severity() {
    let mut seen = std::collections::HashSet::new();
    for &code in DiagnosticCode::ALL {
        let text = code.as_str();
        assert!(seen.insert(text), "{text} twice");
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !text.starts_with('-')
                && !text.ends_with('-')
                && !text.contains("--"),
            "{text} is not kebab case"
        );
        assert_eq!(DiagnosticCode::from_code(text), Some(code));
        assert_eq!(serde_json::to_value(code).unwrap(), text);
        assert_eq!(Diagnostic::new(code, "m").severity, code.severity());
        assert!(!code.summary().is_empty());
    }
    assert_eq!(DiagnosticCode::from_code("Deprecated-App-Path"), None);
    assert!(Severity::Warning < Severity::Error);
    assert!(has_errors(&[Diagnostic::new(
        DiagnosticCode::DotSegment,
        "m"
    )]));
    assert!(!has_errors(&[Diagnostic::new(
        DiagnosticCode::UnknownHost,
        "m"
    )]));
}

#[test]
fn body_values_never_appear_in_diagnostics() {
    let secret_values = ["tone5", "4111111111111111", "pound", "S3cr3tV@lue"];
    let bodies = [
        r#"{"clientContext": "c1", "tone": "tone5", "card": "4111111111111111"}"#,
        r#"{"clientContext": 4111111111111111, "tone": "pound"}"#,
        r#"{"clientContext": ["tone5"], "@odata.type": "S3cr3tV@lue"}"#,
        r#"{"@odata.type": ["tone5"], "x": "S3cr3tV@lue"}"#,
        r#"["tone5", "pound"]"#,
        r#""4111111111111111""#,
        r#"{"clientContext": "tone5" "pound"}"#,
        r#"{"clientContext": 4111111111111111, "clientContext": "tone5"}"#,
    ];
    for body in bodies {
        let check = check_request_body(body.as_bytes());
        assert!(!check.diagnostics.is_empty(), "{body}");
        for d in &check.diagnostics {
            let text = format!("{d} {d:?} {}", serde_json::to_string(d).unwrap());
            for secret in secret_values {
                assert!(
                    !text.contains(secret),
                    "{secret} leaked from {body}: {text}"
                );
            }
        }
    }
}

#[test]
fn the_body_check_keeps_the_parsed_request() {
    let check = check_request_body(br#"{"clientContext": "c1", "tenantHint": "contoso"}"#);
    assert!(!check.has_errors());
    let request = check.request.as_ref().unwrap();
    assert_eq!(request.client_context.as_deref(), Some("c1"));
    assert!(request.extra.contains_key("tenantHint"));
    assert_eq!(check.client_context().unwrap().as_str(), "c1");
    assert_eq!(
        codes(check.diagnostics()),
        [DiagnosticCode::UnknownProperty]
    );

    for broken in [&b"{"[..], b"[]", br#"{"clientContext": 1}"#] {
        let check = check_request_body(broken);
        assert!(check.request.is_none() && check.has_errors());
    }
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<DiagnosticCode> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[cfg(feature = "schemars")]
#[test]
fn schemas_state_the_same_rules() {
    let context = serde_json::to_value(schemars::schema_for!(ClientContext)).unwrap();
    assert_eq!(context["type"], "string");
    assert_eq!(context["minLength"], 1);
    assert_eq!(context["maxLength"], 256);
    let id = serde_json::to_value(schemars::schema_for!(CallId)).unwrap();
    assert_eq!(id["pattern"], r"^(?!\.\.?$)[^/\\?#\s\x00-\x1f\x7f-\x9f]+$");
}
