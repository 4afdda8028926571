//! One call-id-from-path rule: graph-comms-core's `call_id_in_path`. The
//! models (a notification's call id), `analyze_path` and the DTMF router
//! (which keys calls by the ids the models give) agree with it on any input.

use graph_comms_core::{CallId, call_id_in_path, is_dot_segment};
use graph_comms_dtmf::{CallCollectors, CallLimits, CollectorOptions, Timestamp};
use graph_comms_models::CommsNotification;
use graph_comms_validate::analyze_path;
use proptest::prelude::*;

/// Paths near the calls shapes, and anything else.
fn paths() -> impl Strategy<Value = String> {
    let near = (
        "(https://graph.microsoft.com|HTTP://graph.microsoft.us:443|graph.microsoft.com|https://proxy.example)?",
        "(/v1.0|/BETA|/v2|/me|)?",
        "(/communications|/app|/applications/app-id|/Communications|/me|)?",
        "(/calls|/CALLS|/call|)?",
        "(/[a-zA-Z0-9.%-]{0,8}|/%2e%2E|/\\.|/\\.\\.|//|/)?",
        "(/operations/x|/subscribeToTone|/|\\?a=/calls/b|#/calls/c|)",
    )
        .prop_map(|(a, b, c, d, e, f)| format!("{a}{b}{c}{d}{e}{f}"));
    prop_oneof![near, "\\PC{0,40}", "[/a-z.?#%]{0,24}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn models_validate_and_dtmf_agree(path in paths()) {
        let rule = call_id_in_path(&path);

        // validate: the id segment it found, when it names a call.
        let analysis = analyze_path(&path);
        let analysed = analysis
            .call_id()
            .filter(|id| !id.is_empty() && !is_dot_segment(id));
        prop_assert_eq!(analysed, rule, "analyze_path on {:?}", path);

        // models: a notification about this resource.
        let notification: CommsNotification =
            serde_json::from_value(serde_json::json!({ "resourceUrl": path })).unwrap();
        prop_assert_eq!(notification.call_id(), rule, "the models on {:?}", path);

        // dtmf: keys the call exactly when the id is a valid call id.
        if let Some(id) = rule {
            let mut router =
                CallCollectors::new(CollectorOptions::new(), CallLimits::default()).unwrap();
            prop_assert_eq!(
                router.start(Timestamp::ZERO, id).is_ok(),
                CallId::check(id).is_ok(),
                "the router on {:?}",
                id
            );
        }
    }
}

#[test]
fn me_calls_names_no_call_anywhere() {
    for path in ["/me/calls/x", "calls/x", "/v1.0/me/calls/x"] {
        assert_eq!(call_id_in_path(path), None, "{path}");
        assert_eq!(analyze_path(path).call_id(), None, "{path}");
        let notification: CommsNotification =
            serde_json::from_value(serde_json::json!({ "resourceUrl": path })).unwrap();
        assert_eq!(notification.call_id(), None, "{path}");
    }
}
