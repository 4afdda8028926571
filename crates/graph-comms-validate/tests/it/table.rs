//! Tables of inputs and the diagnostics they get, pinned by insta snapshots.
//!
//! Each table is one snapshot: a list of `{case, …, diagnostics}`. The
//! behaviour that matters most is also asserted outright in `must_show.rs`.

use graph_comms_models::{Call, MediaConfig, UnknownObject};
use graph_comms_validate::{
    ClientContext, analyze_path, analyze_subscribe_to_tone_path, check_media_config,
    check_request_body, check_roles, check_token_claims,
};
use serde_json::{Value, json};

/// Snapshots sort object keys, so they do not depend on whether some crate in
/// the build enables serde_json's `preserve_order`.
fn sorted_maps() -> insta::internals::SettingsBindDropGuard {
    let mut settings = insta::Settings::clone_current();
    settings.set_sort_maps(true);
    settings.bind_to_scope()
}

#[test]
fn client_context_table() {
    let _sorted = sorted_maps();
    let cases: Vec<(&str, String)> = vec![
        ("uuid", "fd1c7836-4d84-4e24-b6aa-23188688cc54".to_owned()),
        ("one character", "a".to_owned()),
        ("empty", String::new()),
        ("256 x 'x' (1 byte)", "x".repeat(256)),
        ("257 x 'x' (1 byte)", "x".repeat(257)),
        ("256 x 'é' (2 bytes)", "é".repeat(256)),
        ("257 x 'é' (2 bytes)", "é".repeat(257)),
        ("256 x '€' (3 bytes)", "€".repeat(256)),
        ("257 x '€' (3 bytes)", "€".repeat(257)),
        ("256 x '😀' (4 bytes, 2 UTF-16 units)", "😀".repeat(256)),
        ("257 x '😀' (4 bytes, 2 UTF-16 units)", "😀".repeat(257)),
        ("128 x '😀' (256 UTF-16 units)", "😀".repeat(128)),
        ("129 x '😀' (258 UTF-16 units)", "😀".repeat(129)),
        (
            "255 x 'x' + '😀' (257 UTF-16 units)",
            "x".repeat(255) + "😀",
        ),
        (
            "'e' + U+0301 x 128 (combining, 256 scalars)",
            "e\u{301}".repeat(128),
        ),
        (
            "'e' + U+0301 x 129 (combining, 258 scalars)",
            "e\u{301}".repeat(129),
        ),
        ("a UUID with CR LF appended (control characters)", {
            "fd1c7836-4d84-4e24-b6aa-23188688cc54\r\n".to_owned()
        }),
    ];
    let rows: Vec<Value> = cases
        .iter()
        .map(|(case, value)| {
            // Described, not quoted: the snapshot stays readable.
            json!({
                "case": case,
                "bytes": value.len(),
                "chars": value.chars().count(),
                "utf16": value.encode_utf16().count(),
                "accepted": ClientContext::check(value).is_ok(),
                "diagnostics": graph_comms_validate::diagnose_client_context(value),
            })
        })
        .collect();
    insta::assert_json_snapshot!("client_contexts", rows);
}

/// Paths and URLs checked as the subscribeToTone action.
const SUBSCRIBE_PATHS: &[&str] = &[
    // The documentation's placeholder, copied as it is.
    "/communications/calls/{id}/subscribeToTone",
    // Canonical forms: no diagnostics.
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/beta/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/subscribeToTone/",
    "/V1.0/Communications/Calls/1D6DE2D4-CD51-4309-8DAA-70768651088E/SUBSCRIBETOTONE",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/microsoft.graph.subscribeToTone",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1#frag",
    // Every cloud host, both versions.
    "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.us/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.us/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://dod-graph.microsoft.us/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://dod-graph.microsoft.us/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://microsoftgraph.chinacloudapi.cn/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://microsoftgraph.chinacloudapi.cn/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "HTTPS://Graph.Microsoft.Com:443/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.com./v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    // Deprecated /app spellings.
    "/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/v1.0/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone/",
    "/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1",
    "/APP/Calls/57DAB8B1-894C-409A-B240-BD8BEAE78896/SubscribeToTone",
    "https://graph.microsoft.com/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1",
    "https://graph.microsoft.com/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone/?x=1&y=%2F#frag",
    "HTTPS://GRAPH.MICROSOFT.COM/BETA/APP/CALLS/57DAB8B1-894C-409A-B240-BD8BEAE78896/SUBSCRIBETOTONE",
    "graph.microsoft.com/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.us/v1.0/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.us/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/app/calls/57dab8b1-894c-409a-b240-bd8beae78896",
    // Deprecated /applications/{appId} spellings.
    "/applications/2891555a-92ff-42e6-80fa-6e1300c6b5c6/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "applications/2891555a-92ff-42e6-80fa-6e1300c6b5c6/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/beta/applications/2891555a-92ff-42e6-80fa-6e1300c6b5c6/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1",
    "https://graph.microsoft.com/beta/Applications/2891555a-92ff-42e6-80fa-6e1300c6b5c6/Calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone/",
    // Call ids with encoded or traversal segments.
    "/communications/calls/../subscribeToTone",
    "/communications/calls/./subscribeToTone",
    "/communications/calls/%2e%2E/subscribeToTone",
    "/communications/calls/.%2e/subscribeToTone",
    "/communications/calls/abc%2Fdef/subscribeToTone",
    "/communications/calls/abc%2fdef/subscribeToTone",
    "/communications/calls/abc%5Cdef/subscribeToTone",
    "/communications/calls/abc%2F..%2Fparticipants/subscribeToTone",
    "/communications/calls/abc%252Fdef/subscribeToTone",
    "/communications/calls/abc%20def/subscribeToTone",
    "/communications/calls/abc def/subscribeToTone",
    "/communications/calls/abc%3Fx=1/subscribeToTone",
    "/communications/calls/abc%23frag/subscribeToTone",
    "/communications/calls/abc%09/subscribeToTone",
    "/communications/calls/abc%zz/subscribeToTone",
    "/communications/calls/abc%4/subscribeToTone",
    "/communications/calls/abc%FF/subscribeToTone",
    "/communications/calls/%C3%A9t%C3%A9/subscribeToTone",
    "/communications/calls//subscribeToTone",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/../subscribeToTone",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/./subscribeToTone",
    "/communications/./calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896//subscribeToTone",
    "//communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    // Schemes, hosts and versions.
    "http://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "ftp://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https:///v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.com/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.com/v2.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "/v1/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://localhost:8443/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "http://127.0.0.1:8080/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://graph.microsoft.de/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    "https://user@graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone",
    // Not the action.
    "/v1.0/communications/calls",
    "/v1.0/communications/calls/",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/?x=1",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/playPrompt",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTones",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
    "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/participants/p1/mute",
    "/v1.0/communications/onlineMeetings",
    "/me/messages",
    "",
];

/// Paths analysed without expecting the action.
const OTHER_PATHS: &[&str] = &[
    "/communications/calls",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
    "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/",
    "/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/%2e%2e",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/a%2Fb",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/a%20b",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/a%zz",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations//x",
    "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/participants",
    "https://microsoftgraph.chinacloudapi.cn/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/playPrompt",
    "/communications/onlineMeetings/abc",
    "/v1.0/me",
    "https://graph.microsoft.com/v1.0/me",
    "https://graph.microsoft.com",
];

#[test]
fn subscribe_to_tone_path_table() {
    let _sorted = sorted_maps();
    let rows: Vec<Value> = SUBSCRIBE_PATHS
        .iter()
        .map(|path| serde_json::to_value(analyze_subscribe_to_tone_path(path)).unwrap())
        .collect();
    insta::assert_json_snapshot!("subscribe_to_tone_paths", rows);
}

#[test]
fn other_path_table() {
    let _sorted = sorted_maps();
    let rows: Vec<Value> = OTHER_PATHS
        .iter()
        .map(|path| serde_json::to_value(analyze_path(path)).unwrap())
        .collect();
    insta::assert_json_snapshot!("other_paths", rows);
}

#[test]
fn request_body_table() {
    let _sorted = sorted_maps();
    let long = format!(r#"{{"clientContext": "{}"}}"#, "x".repeat(257));
    let emoji = format!(r#"{{"clientContext": "{}"}}"#, "😀".repeat(256));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("documented", br#"{"clientContext": "fd1c7836-4d84-4e24-b6aa-23188688cc54"}"#.to_vec()),
        ("with a byte-order mark", b"\xEF\xBB\xBF{\"clientContext\": \"c1\"}".to_vec()),
        ("empty object", b"{}".to_vec()),
        ("null clientContext", br#"{"clientContext": null}"#.to_vec()),
        ("empty clientContext", br#"{"clientContext": ""}"#.to_vec()),
        ("257 characters", long.into_bytes()),
        ("256 emoji", emoji.into_bytes()),
        ("number clientContext", b"{\n  \"clientContext\": 42\n}".to_vec()),
        ("object clientContext", br#"{"clientContext": {"id": "x"}}"#.to_vec()),
        ("array clientContext and unknown", br#"{"tenantHint": "contoso", "clientContext": ["x"]}"#.to_vec()),
        ("unknown property with a tone", br#"{"clientContext": "c1", "tone": "tone5", "digits": [1, 2]}"#.to_vec()),
        ("wrong case", br#"{"ClientContext": "c1"}"#.to_vec()),
        ("@odata.type", br##"{"@odata.type": "#microsoft.graph.subscribeToTonePostRequestBody", "clientContext": "c1"}"##.to_vec()),
        ("@odata.type a number", br#"{"@odata.type": 7, "clientContext": "c1"}"#.to_vec()),
        ("odd property name", b"{\"client context\\u0007\": 1, \"clientContext\": \"c1\"}".to_vec()),
        ("duplicate key, first of wrong type", br#"{"clientContext": 5, "clientContext": "c1"}"#.to_vec()),
        ("array body", b"[]".to_vec()),
        ("string body", br#""fd1c7836""#.to_vec()),
        ("null body", b"null".to_vec()),
        ("empty body", Vec::new()),
        ("blank body", b" \n\t".to_vec()),
        ("trailing comma", b"{\n  \"clientContext\": \"c1\",\n}".to_vec()),
        ("truncated", br#"{"clientContext": "c1"#.to_vec()),
        ("single quotes", b"{'clientContext': 'c1'}".to_vec()),
        ("trailing characters", br#"{"clientContext": "c1"} x"#.to_vec()),
        ("invalid UTF-8", b"{\"clientContext\": \"\xFF\"}".to_vec()),
        ("a callback body", br#"{"value": [{"resourceUrl": "/communications/calls/abc"}]}"#.to_vec()),
    ];
    let rows: Vec<Value> = cases
        .iter()
        .map(|(case, bytes)| {
            let check = check_request_body(bytes);
            json!({
                "case": case,
                "parsed": check.request.is_some(),
                "diagnostics": check.diagnostics,
            })
        })
        .collect();
    insta::assert_json_snapshot!("request_bodies", rows);
}

#[test]
fn request_body_fixtures() {
    let _sorted = sorted_maps();
    insta::glob!("../../../../fixtures", "requests/*.json", |path| {
        let bytes = std::fs::read(path).unwrap();
        insta::assert_json_snapshot!(check_request_body(&bytes).diagnostics);
    });
}

#[test]
fn media_config_fixtures() {
    let _sorted = sorted_maps();
    insta::glob!("../../../../fixtures", "calls/*.json", |path| {
        let call: Call = graph_comms_models::from_slice(&std::fs::read(path).unwrap()).unwrap();
        insta::assert_json_snapshot!(check_media_config(&call));
    });
}

#[test]
fn media_config_table() {
    let _sorted = sorted_maps();
    let read = |json: &str| -> Call { graph_comms_models::from_slice(json.as_bytes()).unwrap() };
    let mut unknown = Call::default();
    unknown.media_config = Some(MediaConfig::Unknown(UnknownObject::default()));
    let cases: Vec<(&str, Call)> = vec![
        (
            "service-hosted",
            read(
                r##"{"mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}"##,
            ),
        ),
        (
            "service-hosted, odd case, no #",
            read(r#"{"mediaConfig": {"@odata.type": "Microsoft.Graph.ServiceHostedMediaConfig"}}"#),
        ),
        (
            "app-hosted",
            read(
                r##"{"mediaConfig": {"@odata.type": "#microsoft.graph.appHostedMediaConfig", "blob": "<blob>"}}"##,
            ),
        ),
        (
            "other @odata.type",
            read(r##"{"mediaConfig": {"@odata.type": "#microsoft.graph.futureMediaConfig"}}"##),
        ),
        (
            "no @odata.type",
            read(r#"{"mediaConfig": {"removeFromDefaultAudioGroup": false}}"#),
        ),
        ("null mediaConfig", read(r#"{"mediaConfig": null}"#)),
        ("no mediaConfig", read(r#"{"state": "established"}"#)),
        ("built as unknown", unknown),
    ];
    let rows: Vec<Value> = cases
        .iter()
        .map(|(case, call)| json!({"case": case, "diagnostics": check_media_config(call)}))
        .collect();
    insta::assert_json_snapshot!("media_configs", rows);
}

#[test]
fn permission_table() {
    let _sorted = sorted_maps();
    let role_cases: &[(&str, &[&str])] = &[
        ("the permission", &["Calls.AccessMedia.All"]),
        (
            "among others",
            &["Calls.Initiate.All", "Calls.AccessMedia.All"],
        ),
        (
            "other calling permissions",
            &["Calls.Initiate.All", "Calls.JoinGroupCall.All"],
        ),
        ("wrong case", &["calls.accessmedia.all"]),
        ("none", &[]),
    ];
    let mut rows: Vec<Value> = role_cases
        .iter()
        .map(|(case, roles)| json!({"case": case, "roles": roles, "diagnostics": check_roles(roles)}))
        .collect();
    let claim_cases = [
        (
            "app-only token",
            json!({"aud": "https://graph.microsoft.com", "roles": ["Calls.AccessMedia.All"]}),
        ),
        (
            "app-only, missing",
            json!({"roles": ["Calls.Initiate.All"]}),
        ),
        (
            "delegated token",
            json!({"scp": "Calls.Initiate User.Read"}),
        ),
        (
            "roles not an array",
            json!({"roles": "Calls.AccessMedia.All"}),
        ),
        ("no roles, no scp", json!({"aud": "x"})),
    ];
    rows.extend(claim_cases.iter().map(|(case, claims)| {
        json!({"case": case, "claims": claims, "diagnostics": check_token_claims(claims)})
    }));
    insta::assert_json_snapshot!("permissions", rows);
}

/// A call id over the workspace's bound of 256 bytes (after decoding), and
/// one at the bound.
#[test]
fn call_id_length_table() {
    let _sorted = sorted_maps();
    let rows: Vec<Value> = [256, 257]
        .into_iter()
        .map(|len| {
            let path = format!("/communications/calls/{}/subscribeToTone", "a".repeat(len));
            json!({
                "case": format!("a call id of {len} bytes"),
                "diagnostics": analyze_path(&path).diagnostics(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("call_id_lengths", rows);
}
