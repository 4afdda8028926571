//! The Graph side never panics and never echoes a scalar of the request in
//! an error answer, whatever the path and body.

use crate::graph_side::{core_with_token, established};
use graph_comms_emulator::core::GraphRequest;
use proptest::prelude::*;
use std::time::Duration;

const MARKER: &str = "Zq7MARKERx";

fn paths() -> impl Strategy<Value = String> {
    let action = prop::sample::select(vec![
        "answer",
        "reject",
        "subscribeToTone",
        "playPrompt",
        "recordResponse",
        "cancelMediaProcessing",
        "sendDtmfTones",
        "updateRecordingStatus",
        "keepAlive",
        "operations/x",
        "",
    ]);
    let prefix = prop::sample::select(vec![
        "/v1.0/communications/calls",
        "/beta/app/calls",
        "/beta/applications/a/calls",
        "/v2/x",
    ]);
    (prefix, any::<bool>(), action, "[a-zA-Z0-9%./?#-]{0,12}").prop_map(
        |(prefix, known, action, noise)| {
            let id = if known {
                "{id}".to_owned()
            } else {
                noise.clone()
            };
            format!(
                "{prefix}/{id}/{action}{}",
                if known { noise } else { String::new() }
            )
        },
    )
}

fn bodies() -> impl Strategy<Value = Vec<u8>> {
    let json_with_marker = prop::sample::select(vec![
        format!(r#"{{"clientContext": 7, "x": "{MARKER}"}}"#),
        format!(r#"{{"prompts": "{MARKER}"}}"#),
        format!(r#"{{"prompts": [{{"mediaInfo": {{"uri": 5, "resourceId": "{MARKER}"}}}}]}}"#),
        format!(r#"{{"tones": ["{MARKER}"]}}"#),
        format!(r#"{{"status": "{MARKER}", "clientContext": "{MARKER}{MARKER}"}}"#),
        format!(r#"{{"maxRecordDurationInSeconds": "{MARKER}"}}"#),
        format!(r#"{{"stopTones": [{{"a": "{MARKER}"}}]}}"#),
        format!(r#"["{MARKER}"]"#),
        format!(r#""{MARKER}""#),
        format!(r#"{{"mediaConfig": "{MARKER}"}}"#),
    ]);
    prop_oneof![
        json_with_marker.prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn the_graph_side_never_panics_nor_echoes_a_scalar(path in paths(), body in bodies(), method in prop::sample::select(vec!["GET", "POST", "DELETE", "PATCH"])) {
        let (mut core, token) = core_with_token();
        let id = established(&mut core, &token);
        let path = path.replace("{id}", &id);
        let request = GraphRequest::new(method, path).bearer(&token).body(body);
        let answer = core.handle_graph_request(Duration::from_secs(2), &request);
        if answer.status >= 400 {
            let text = answer.body.map(|b| b.to_string()).unwrap_or_default();
            prop_assert!(!text.contains(MARKER), "{text}");
        }
        core.handle_timeout(Duration::from_secs(300));
        while core.poll_delivery(Duration::from_secs(300)).is_some() {}
    }
}
