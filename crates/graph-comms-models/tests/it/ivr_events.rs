//! Each documented notification of the IVR actions read to its outcome with
//! `operation_events()` and `call_events()`, one test per action.

use graph_comms_models::{
    CallEventKind, CallState, CommsNotifications, Operation, OperationOutcome,
    RecordCompletionReason, ResultCode,
};

fn batch(name: &str) -> CommsNotifications {
    let path = format!(
        "{}/../../fixtures/action-notifications/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    CommsNotifications::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The one operation event of a single-notification batch, as a summary
/// tuple: (call id, operation id, type, status, completion reason, outcome).
fn only_event(
    batch: &CommsNotifications,
) -> (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    OperationOutcome,
) {
    let events: Vec<_> = batch.operation_events().collect::<Result<_, _>>().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert!(
        batch.call_events().next().is_none(),
        "an operation is not a call event"
    );
    (
        e.call_id.to_owned(),
        e.operation_id.to_owned(),
        e.operation_type.unwrap().to_owned(),
        e.status.map(|s| s.as_str().to_owned()),
        e.completion_reason.map(str::to_owned),
        e.outcome,
    )
}

const UPPER_CALL: &str = "57DAB8B1894C409AB240BD8BEAE78896";
const UPPER_OP: &str = "0FE0623FD62842EDB4BD8AC290072CC5";

fn s(text: &str) -> String {
    text.to_owned()
}

#[test]
fn play_prompt() {
    for (file, reason) in [
        ("play-prompt-v1-docs-completed.json", None),
        ("play-prompt-beta-docs-completed.json", None),
    ] {
        let batch = batch(file);
        assert_eq!(
            only_event(&batch),
            (
                s(UPPER_CALL),
                s(UPPER_OP),
                s("playPromptOperation"),
                Some(s("completed")),
                reason,
                OperationOutcome::Succeeded
            ),
            "{file}"
        );
        let event = batch.operation_events().next().unwrap().unwrap();
        assert!(matches!(event.operation, Operation::PlayPrompt(_)));
        assert_eq!(
            event.client_context,
            Some("d45324c1-fcb5-430a-902c-f20af696537c")
        );
    }
    // v1.0 carries a resultInfo with numbers.
    let batch = batch("play-prompt-v1-docs-completed.json");
    let event = batch.operation_events().next().unwrap().unwrap();
    let info = event.result_info.unwrap();
    assert_eq!(
        (info.code_number(), info.subcode_number()),
        (Some(200), Some(0))
    );
}

#[test]
fn record_response() {
    let completed = batch("record-response-v1-docs-completed.json");
    assert_eq!(
        only_event(&completed),
        (
            s(UPPER_CALL),
            s(UPPER_OP),
            s("recordOperation"),
            Some(s("completed")),
            None,
            OperationOutcome::Succeeded
        )
    );
    let event = completed.operation_events().next().unwrap().unwrap();
    let Operation::Record(op) = event.operation else {
        panic!("{:?}", event.operation)
    };
    let (location, token) = op.recording().unwrap();
    assert_eq!(
        location,
        "https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad"
    );
    assert_eq!(token.expose_secret(), "<access-token>");
    assert!(!format!("{event:?}").contains("<access-token>"));
    assert_eq!(event.result_info.unwrap().subcode_number(), Some(8515));

    let beta = batch("record-response-beta-docs-completed.json");
    assert_eq!(
        only_event(&beta).4.as_deref(),
        Some("stopToneDetected"),
        "beta says why with a completion reason"
    );
    assert_eq!(only_event(&beta).5, OperationOutcome::Succeeded);

    // The legacy beta `record` names differ: no recording is typed, but the
    // members are kept (and the outcome is still read).
    let legacy = batch("record-beta-legacy-docs-completed.json");
    let event = legacy.operation_events().next().unwrap().unwrap();
    assert_eq!(event.outcome, OperationOutcome::Succeeded);
    let Operation::Record(op) = event.operation else {
        panic!()
    };
    assert!(op.recording().is_none());
    assert!(op.extra.contains_key("recordResourceLocation"));
    assert!(!format!("{legacy:?}").contains("<access-token>"));
}

#[test]
fn cancelled_record_response_is_a_failure_without_a_recording() {
    let batch = batch("record-response-v1-docs-cancelled.json");
    assert_eq!(
        only_event(&batch),
        (
            s(UPPER_CALL),
            s(UPPER_OP),
            s("recordOperation"),
            Some(s("failed")),
            Some(s("operationCanceled")),
            OperationOutcome::Failed
        )
    );
    let event = batch.operation_events().next().unwrap().unwrap();
    let Operation::Record(op) = event.operation else {
        panic!()
    };
    assert_eq!(op.recording_location.as_deref(), Some(""));
    assert!(
        op.recording().is_none(),
        "an empty location is not a recording"
    );
    assert_eq!(
        op.completion_reason,
        Some(RecordCompletionReason::OperationCanceled)
    );
    let info = event.result_info.unwrap();
    assert_eq!(
        (info.code.clone(), info.subcode.clone()),
        (
            Some(ResultCode::Number(400)),
            Some(ResultCode::Number(8508))
        )
    );
}

#[test]
fn send_dtmf_tones_three_outcomes() {
    let call = "481f3600-983e-4276-9b59-c1b30ec8d125";
    let op = "d36fe651-9f50-484d-bd4b-1e6415eae448";
    for (file, reason, outcome) in [
        (
            "send-dtmf-tones-v1-docs-succeeded.json",
            "completedSuccessfully",
            OperationOutcome::Succeeded,
        ),
        // "completed", and yet a failure: the reason says so.
        (
            "send-dtmf-tones-v1-docs-error-case-1.json",
            "mediaOperationCanceled",
            OperationOutcome::Failed,
        ),
        (
            "send-dtmf-tones-v1-docs-error-case-2.json",
            "unknown",
            OperationOutcome::Failed,
        ),
    ] {
        assert_eq!(
            only_event(&batch(file)),
            (
                s(call),
                s(op),
                s("sendDtmfTonesOperation"),
                Some(s("completed")),
                Some(s(reason)),
                outcome
            ),
            "{file}"
        );
    }
}

#[test]
fn cancel_media_processing_and_update_recording_status_responses_are_final() {
    for (file, kind) in [
        (
            "cancel-media-processing-v1-docs-200.json",
            "cancelMediaProcessingOperation",
        ),
        (
            "update-recording-status-v1-docs-200.json",
            "updateRecordingStatusOperation",
        ),
        ("play-prompt-v1-docs-200.json", "playPromptOperation"),
    ] {
        let path = format!(
            "{}/../../fixtures/action-operations/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let op: Operation = graph_comms_models::from_slice(&std::fs::read(path).unwrap()).unwrap();
        assert_eq!(op.type_name(), Some(kind));
        let want = (kind != "playPromptOperation").then_some(OperationOutcome::Succeeded);
        assert_eq!(
            op.outcome(),
            want,
            "{file}: a running operation has no outcome yet"
        );
    }
}

#[test]
fn incoming_call() {
    for file in ["incoming-call-v1-docs.json", "incoming-call-beta-docs.json"] {
        let batch = batch(file);
        assert_eq!(batch.operation_events().count(), 0);
        let events: Vec<_> = batch.call_events().collect();
        assert_eq!(events.len(), 1, "{file}");
        let e = &events[0];
        assert_eq!(
            (e.call_id, e.kind),
            (UPPER_CALL, CallEventKind::Incoming),
            "{file}"
        );
        assert_eq!(e.state, Some(&CallState::Incoming));
        let source = e.call.source.as_ref().unwrap();
        assert!(source.identity.as_ref().unwrap().user.is_some());
        assert_eq!(source.region.as_deref(), Some("westus"));
        let target = &e.call.targets.as_ref().unwrap()[0];
        assert!(target.identity.as_ref().unwrap().application.is_some());
        assert!(
            e.call
                .requested_modalities
                .as_ref()
                .is_some_and(|m| !m.is_empty())
        );
    }
    let recording = batch("incoming-call-policy-recording.json");
    let event = recording.call_events().next().unwrap();
    assert!(
        event
            .call
            .incoming_context
            .as_ref()
            .unwrap()
            .source_participant_id
            .is_some()
    );
}

#[test]
fn create_call_state_changes() {
    for (file, state) in [
        (
            "create-call-v1-docs-establishing.json",
            CallState::Establishing,
        ),
        (
            "create-call-v1-docs-established.json",
            CallState::Established,
        ),
    ] {
        let batch = batch(file);
        let e = batch.call_events().next().unwrap();
        assert_eq!(
            (e.kind, e.state),
            (CallEventKind::StateChanged, Some(&state)),
            "{file}"
        );
        assert!(
            batch.value[0].extra.contains_key("callbackUri"),
            "kept as an unknown member"
        );
    }
}

#[test]
fn hang_up_terminates_with_string_codes_kept() {
    let terminating = batch("hang-up-v1-docs-terminating.json");
    let e = terminating.call_events().next().unwrap();
    assert_eq!(
        (e.kind, e.state),
        (CallEventKind::StateChanged, Some(&CallState::Terminating))
    );

    let terminated = batch("hang-up-v1-docs-terminated.json");
    let e = terminated.call_events().next().unwrap();
    assert_eq!(e.kind, CallEventKind::Terminated);
    let info = e.result_info.unwrap();
    assert_eq!(info.code, Some(ResultCode::Text("200".into())));
    assert_eq!(
        (info.code_number(), info.subcode_number()),
        (Some(200), Some(5001))
    );
    let written = serde_json::to_string(&terminated).unwrap();
    assert!(
        written.contains(r#""code":"200","subcode":"5001""#),
        "{written}"
    );
}

#[test]
fn reject_ends_the_call() {
    let batch = batch("reject-beta-docs-deleted.json");
    let e = batch.call_events().next().unwrap();
    assert_eq!(
        (e.call_id, e.kind, e.state),
        (UPPER_CALL, CallEventKind::Terminated, None)
    );
    assert!(e.result_info.is_none());
}

#[test]
fn a_mixed_batch_reports_each_finished_operation_once() {
    let batch = batch("mixed-operations.json");
    let events: Vec<_> = batch.operation_events().collect::<Result<_, _>>().unwrap();
    let got: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.notification_index,
                e.operation_id,
                e.operation_type.unwrap(),
                e.outcome,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // The running update is skipped; the terminal one is reported.
            (
                1,
                "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
                "playPromptOperation",
                OperationOutcome::Failed
            ),
            // The deletion of the same operation spells its ids in upper-case
            // hex without dashes: ids are opaque, so it is another pair to the
            // de-duplication (which only ignores ASCII case).
            (
                2,
                "0FE0623FD62842EDB4BD8AC290072CC5",
                "playPromptOperation",
                OperationOutcome::Failed
            ),
            (
                4,
                "8f2b4e0c-0f0e-4d4a-9b57-2c1d5e6f7a8b",
                "unmuteParticipantOperation",
                OperationOutcome::Succeeded
            ),
            // Deleted, but no status says how it went.
            (
                5,
                "3c9d",
                "updateRecordingStatusOperation",
                OperationOutcome::Indeterminate
            ),
            // Notification 6, the deletion spelt as in notification 1, is
            // not reported again.
        ]
    );
    // The tone is still a tone, and not a call event.
    assert_eq!(batch.tone_events().count(), 1);
    assert_eq!(batch.call_events().count(), 0);
}

#[test]
fn more_than_eight_operations_in_a_batch_are_deduplicated_too() {
    let mut items = Vec::new();
    for round in 0..2 {
        for i in 0..20 {
            let id = if round == 0 {
                format!("op-{i}")
            } else {
                format!("OP-{i}")
            };
            items.push(format!(
                r##"{{"changeType":"deleted","resourceUrl":"/communications/calls/c/operations/{id}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","status":"completed"}}}}"##
            ));
        }
    }
    let body = format!(r#"{{"value":[{}]}}"#, items.join(","));
    let batch = CommsNotifications::from_slice(body.as_bytes()).unwrap();
    let ids: Vec<_> = batch
        .operation_events()
        .map(|e| e.unwrap().operation_id)
        .collect();
    assert_eq!(ids.len(), 20);
    assert_eq!(ids[19], "op-19");
}

/// Past the inline few, pairs are told apart by both ids (the same
/// operation id on another call is another operation), and ids longer than
/// a hash block still match ignoring ASCII case.
#[test]
fn many_operations_are_told_apart_by_call_and_by_id() {
    let long = "0123456789abcdef".repeat(9); // 144 bytes: three hash blocks
    let mut items = Vec::new();
    for (call, id) in [("c", "x"), ("d", "x"), ("C", "X")]
        .into_iter()
        .cycle()
        .take(30)
        .enumerate()
        .map(|(i, (call, id))| (call, format!("{id}-{}-{long}", i % 10)))
    {
        let id = if call == "C" { id.to_uppercase() } else { id };
        items.push(format!(
            r##"{{"changeType":"deleted","resourceUrl":"/communications/calls/{call}/operations/{id}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","status":"completed"}}}}"##
        ));
    }
    let body = format!(r#"{{"value":[{}]}}"#, items.join(","));
    let batch = CommsNotifications::from_slice(body.as_bytes()).unwrap();
    let pairs: Vec<_> = batch
        .operation_events()
        .map(|e| e.unwrap())
        .map(|e| (e.call_id, e.operation_id.len(), e.notification_index))
        .collect();
    // Item i has id number i % 10 on call ["c", "d", "C"][i % 3]: ten ids
    // on "d", and ten on "c", which "C" (upper-case ids) only repeats.
    assert_eq!(pairs.iter().filter(|p| p.0 == "d").count(), 10, "{pairs:?}");
    assert_eq!(
        pairs
            .iter()
            .filter(|p| p.0.eq_ignore_ascii_case("c"))
            .count(),
        10,
        "{pairs:?}"
    );
    assert!(pairs.iter().all(|p| p.1 == 2 + 1 + 1 + long.len()));
}

#[test]
fn unreadable_or_unnamed_operations_are_per_item_errors() {
    let body = br##"{"value":[
      {"changeType":"deleted","resourceUrl":"/communications/calls/c/operations/o1",
       "resourceData":{"@odata.type":"#microsoft.graph.sendDtmfTonesOperation","status":7}},
      {"changeType":"deleted","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","status":"completed","id":"o2"}},
      {"changeType":"deleted","resourceUrl":"/communications/calls/c",
       "resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","status":"completed"}},
      {"changeType":"deleted","resourceUrl":"/communications/calls/c/operations/o4",
       "resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","status":"completed"}}
    ]}"##;
    let batch = CommsNotifications::from_slice(body).unwrap();
    let out: Vec<String> = batch
        .operation_events()
        .map(|e| match e {
            Ok(e) => format!("ok {} {}", e.call_id, e.operation_id),
            Err(e) => e.to_string(),
        })
        .collect();
    insta::assert_debug_snapshot!(out);
}
