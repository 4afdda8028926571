//! The behaviour the models promise, one case at a time.

use graph_comms_models::{
    CallState, ChangeType, CommsNotifications, MediaConfig, ODataType, Operation, OperationStatus,
    PlayPromptCompletionReason, ReadErrorKind, Resource, ResourceData, SubscribeToToneOperation,
    Tone, ToneEventError, ToneInfo,
};

/// The first resource of notification `index` of a batch.
fn first_resource(batch: &CommsNotifications, index: usize) -> &Resource {
    batch.value[index]
        .resource_data
        .as_ref()
        .and_then(|data| data.iter().next())
        .expect("the notification has a resource")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const WIRE: [&str; 17] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "a", "b", "c", "d", "flash",
];

#[test]
fn all_seventeen_tones_round_trip_in_wire_order() {
    assert_eq!(Tone::WIRE_NAMES, WIRE);
    for (i, wire) in WIRE.iter().enumerate() {
        let json = format!("\"{wire}\"");
        let tone: Tone = serde_json::from_str(&json).unwrap();
        assert_eq!(tone, Tone::KNOWN[i]);
        assert!(tone.is_known());
        assert_eq!(tone.as_str(), *wire);
        assert_eq!(serde_json::to_string(&tone).unwrap(), json);
    }
    let chars: String = Tone::KNOWN.iter().filter_map(Tone::to_char).collect();
    assert_eq!(chars, "0123456789*#ABCD");
    assert_eq!(Tone::Flash.to_char(), None);
    for tone in Tone::KNOWN.iter().filter(|t| **t != Tone::Flash) {
        assert_eq!(
            Tone::from_char(tone.to_char().unwrap()).as_ref(),
            Some(tone)
        );
    }
}

#[test]
fn tones_match_case_insensitively_and_unknown_tones_are_kept() {
    for spelling in ["\"TONE5\"", "\"Tone5\"", "\"tOnE5\""] {
        assert_eq!(serde_json::from_str::<Tone>(spelling).unwrap(), Tone::Tone5);
    }
    let unknown: Tone = serde_json::from_str("\"tone42\"").unwrap();
    assert!(!unknown.is_known());
    assert_eq!(unknown.as_str(), "tone42");
    assert_eq!(unknown.to_char(), None);
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"tone42\"");
    // Unknown values can't shadow known ones: construction normalises.
    assert_eq!(Tone::from("STAR"), Tone::Star);
    assert_eq!(Tone::from("STAR".to_owned()), Tone::Star);
}

#[test]
fn a_tone_that_is_not_a_string_is_an_error_that_does_not_quote_input() {
    let err = graph_comms_models::from_slice::<ToneInfo>(br#"{"tone": 5}"#).unwrap_err();
    assert_eq!(err.kind(), ReadErrorKind::Data);
    assert_eq!(err.path(), "$.tone");
    assert!(err.message().contains("expected a tone name"), "{err}");
    let err =
        graph_comms_models::from_slice::<ToneInfo>(br#"{"sequenceId": "tone7"}"#).unwrap_err();
    assert!(!err.to_string().contains("tone7"), "{err}");
    assert!(!format!("{err:?}").contains("tone7"));
}

#[test]
fn enums_read_pascal_case_and_write_camel_case() {
    let status: OperationStatus = serde_json::from_str("\"NotStarted\"").unwrap();
    assert_eq!(status, OperationStatus::NotStarted);
    assert_eq!(serde_json::to_string(&status).unwrap(), "\"notStarted\"");
    assert!(!status.is_terminal());
    assert!(OperationStatus::Failed.is_terminal());
    assert!(!OperationStatus::from("paused").is_terminal());
    assert_eq!(
        CallState::from("TransferAccepted"),
        CallState::TransferAccepted
    );
    assert_eq!(
        CallState::from("unknownfuturevalue"),
        CallState::UnknownFutureValue
    );
    assert_eq!(ChangeType::from("Deleted"), ChangeType::Deleted);
    assert_eq!(
        format!("{:?}", CallState::from("ringingTwice")),
        "CallState(\"ringingTwice\")"
    );
}

#[test]
fn odata_types_match_with_or_without_hash_and_unknown_ones_are_verbatim() {
    assert_eq!(ODataType::from("#MICROSOFT.GRAPH.CALL"), ODataType::Call);
    assert_eq!(
        ODataType::from("microsoft.graph.resultInfo"),
        ODataType::ResultInfo
    );
    let unknown = ODataType::from("Microsoft.Graph.Whatever");
    assert_eq!(unknown.as_str(), "Microsoft.Graph.Whatever");
    assert!(ODataType::PlayPromptOperation.is_comms_operation());
    assert!(!ODataType::Call.is_comms_operation());
}

#[test]
fn debug_of_the_documented_notification_never_shows_the_tone() {
    let batch =
        CommsNotifications::from_slice(&fixture("notifications/documented-tone.json")).unwrap();
    let debug = format!("{batch:?}");
    assert!(!debug.contains("tone1"), "{debug}");
    assert!(debug.contains("sequence_id: Some(1)"), "{debug}");
    assert!(debug.contains("<redacted>"));
    let alternate = format!("{batch:#?}");
    assert!(!alternate.contains("tone1"));
    let events: Vec<_> = batch.tone_events().collect::<Result<_, _>>().unwrap();
    assert!(!format!("{events:?}").contains("tone1"));
}

#[test]
fn the_documented_notification_gives_one_tone_event() {
    let batch =
        CommsNotifications::from_slice(&fixture("notifications/documented-tone.json")).unwrap();
    let events: Vec<_> = batch.tone_events().collect::<Result<_, _>>().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].call_id, "57dab8b1-894c-409a-b240-bd8beae78896");
    assert_eq!(events[0].sequence_id, 1);
    assert_eq!(events[0].tone, Tone::Tone1);
    assert_eq!(events[0].notification_index, 0);
}

#[test]
fn a_mixed_batch_gives_the_tones_in_order_and_skips_the_rest() {
    let batch = CommsNotifications::from_slice(&fixture("notifications/mixed-batch.json")).unwrap();
    let events: Vec<_> = batch.tone_events().collect::<Result<_, _>>().unwrap();
    let got: Vec<_> = events
        .iter()
        .map(|e| (e.notification_index, e.sequence_id, e.tone.clone()))
        .collect();
    assert_eq!(got, vec![(0, 3, Tone::Tone9), (3, 4, Tone::Pound)]);
    let op = match &batch.value[2].resource_data {
        Some(ResourceData::One(Resource::Operation(Operation::PlayPrompt(op)))) => op,
        other => panic!("expected a playPrompt operation, got {other:?}"),
    };
    assert_eq!(op.odata_type, Some(ODataType::PlayPromptOperation));
    assert!(op.is_terminal());
    assert_eq!(
        op.completion_reason,
        Some(PlayPromptCompletionReason::CompletedSuccessfully)
    );
    assert_eq!(
        op.created_date_time.unwrap().to_rfc3339(),
        "2019-02-04T20:44:26.291733700+00:00"
    );
}

#[test]
fn one_malformed_resource_does_not_cost_the_rest_of_the_batch() {
    let bytes = fixture("partial/one-malformed-resource.json");
    let strict = graph_comms_models::from_slice::<CommsNotifications>(&bytes).unwrap_err();
    assert_eq!(strict.path(), "$.value[0].resourceData.toneInfo.sequenceId");
    assert!(strict.line().is_some());

    let batch = CommsNotifications::from_slice(&bytes).unwrap();
    assert_eq!(batch.value.len(), 5);
    let items: Vec<_> = batch.tone_events().collect();
    let good: Vec<_> = items
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|e| (e.sequence_id, e.tone.clone()))
        .collect();
    assert_eq!(good, vec![(10, Tone::Tone5), (11, Tone::Tone6)]);
    let bad: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    let where_: Vec<_> = bad
        .iter()
        .map(|e| match e {
            ToneEventError::UnreadableResource { error, .. } => {
                (e.notification_index(), error.path().to_owned())
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        where_,
        vec![
            (0, "$.value[0].resourceData.toneInfo.sequenceId".to_owned()),
            (2, "$.value[2].resourceData[0].isMuted".to_owned()),
            (3, "$.value[3].resourceData".to_owned()),
        ]
    );
    for error in &bad {
        assert!(!error.to_string().contains("tone3"), "{error}");
    }
    // The malformed resources are kept verbatim.
    let written = serde_json::to_value(&batch).unwrap();
    assert_eq!(
        written["value"][0]["resourceData"]["toneInfo"]["sequenceId"],
        "tone3"
    );
    assert_eq!(written["value"][3]["resourceData"], "not an entity");
}

#[test]
fn an_unknown_resource_type_is_kept_and_skipped() {
    let batch =
        CommsNotifications::from_slice(&fixture("notifications/unknown-odata-type.json")).unwrap();
    match &batch.value[0].resource_data {
        Some(ResourceData::One(Resource::Unknown(object))) => {
            assert_eq!(
                object.odata_type.as_ref().unwrap().as_str(),
                "#microsoft.graph.audioRoutingGroup"
            );
            assert_eq!(object.extra["routingMode"], "oneToOne");
        }
        other => panic!("expected an unknown resource, got {other:?}"),
    }
    let events: Vec<_> = batch.tone_events().collect::<Result<_, _>>().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].tone, Tone::Tone0);
}

#[test]
fn odata_type_after_other_members_still_dispatches() {
    let batch =
        CommsNotifications::from_slice(&fixture("partial/one-malformed-resource.json")).unwrap();
    let call = first_resource(&batch, 4).as_call().unwrap();
    assert_eq!(call.state, Some(CallState::Established));
    assert_eq!(call.tone_info.as_ref().unwrap().sequence_id, Some(11));
}

#[test]
fn the_call_id_comes_from_resource_url_then_resource() {
    let legacy =
        CommsNotifications::from_slice(&fixture("notifications/operation-completed-legacy.json"))
            .unwrap();
    assert_eq!(
        legacy.value[0].call_id(),
        Some("57DAB8B1894C409AB240BD8BEAE78896")
    );
    let both =
        CommsNotifications::from_slice(&fixture("notifications/resource-and-resource-url.json"))
            .unwrap();
    assert_eq!(
        both.value[0].call_id(),
        Some("761f0600-1f00-4a1f-a36b-0e3a1e4b7b8a")
    );
    let no_id: CommsNotifications = serde_json::from_str(
        r##"{"value":[{"resourceData":{"@odata.type":"#microsoft.graph.call","toneInfo":{"sequenceId":1,"tone":"tone1"}}}]}"##,
    )
    .unwrap();
    let items: Vec<_> = no_id.tone_events().collect();
    assert_eq!(
        items,
        vec![Err(ToneEventError::MissingCallId {
            notification_index: 0
        })]
    );
}

#[test]
fn missing_tone_parts_are_per_item_errors() {
    let batch: CommsNotifications = serde_json::from_str(
        r##"{"value":[
          {"resourceUrl":"/communications/calls/x","resourceData":{"@odata.type":"#microsoft.graph.call","toneInfo":{"tone":"tone1"}}},
          {"resourceUrl":"/communications/calls/x","resourceData":{"@odata.type":"#microsoft.graph.call","toneInfo":{"sequenceId":2}}},
          {"resourceUrl":"/communications/calls/x","resourceData":{"@odata.type":"#microsoft.graph.call","toneInfo":{"sequenceId":3,"tone":"d"}}}
        ]}"##,
    )
    .unwrap();
    let items: Vec<_> = batch.tone_events().collect();
    assert_eq!(
        items[0],
        Err(ToneEventError::MissingSequenceId {
            notification_index: 0
        })
    );
    assert_eq!(
        items[1],
        Err(ToneEventError::MissingTone {
            notification_index: 1
        })
    );
    assert_eq!(items[2].as_ref().unwrap().tone, Tone::D);
}

#[test]
fn nulls_are_absent_and_unknown_nulls_are_kept() {
    let batch =
        CommsNotifications::from_slice(&fixture("notifications/explicit-nulls.json")).unwrap();
    let call = first_resource(&batch, 0).as_call().unwrap();
    assert_eq!(call.id, None);
    assert_eq!(call.result_info, None);
    assert_eq!(
        call.extra.get("customField"),
        Some(&serde_json::Value::Null)
    );
    let written = serde_json::to_value(call).unwrap();
    assert!(written.get("id").is_none());
    assert_eq!(written["customField"], serde_json::Value::Null);
}

#[test]
fn media_config_dispatches_on_odata_type() {
    let call: graph_comms_models::Call =
        serde_json::from_slice(&fixture("calls/app-hosted.json")).unwrap();
    assert!(matches!(call.media_config, Some(MediaConfig::AppHosted(_))));
    let call: graph_comms_models::Call =
        serde_json::from_slice(&fixture("calls/service-hosted.json")).unwrap();
    match &call.media_config {
        Some(MediaConfig::ServiceHosted(config)) => {
            assert!(config.extra.contains_key("preFetchMedia"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn documented_response_reads() {
    let op: SubscribeToToneOperation =
        graph_comms_models::from_slice(&fixture("operations/documented-beta-200.json")).unwrap();
    assert_eq!(
        op.id.as_deref(),
        Some("0fe0623f-d628-42ed-b4bd-8ac290072cc5")
    );
    assert_eq!(op.client_context.as_deref(), Some("clientContext-value"));
    assert_eq!(op.status, Some(OperationStatus::Completed));
    assert_eq!(op.result_info, None);
    assert_eq!(op.odata_type, Some(ODataType::SubscribeToToneOperation));
}

#[test]
fn syntax_errors_have_line_and_column() {
    let err = CommsNotifications::from_slice(
        b"{\n  \"value\": [\n    {\"changeType\": \"updated\",,}\n]}",
    )
    .unwrap_err();
    assert_eq!(err.kind(), ReadErrorKind::Syntax);
    assert_eq!((err.line(), err.column()), (Some(3), Some(30)));
    assert_eq!(err.path(), "$.value[0]");
    let err = CommsNotifications::from_slice(b"{\"value\": [").unwrap_err();
    assert_eq!(err.kind(), ReadErrorKind::Eof);
    let err = CommsNotifications::from_slice(b"[]").unwrap_err();
    assert_eq!(err.kind(), ReadErrorKind::Data);
    assert!(err.message().contains("commsNotifications"), "{err}");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fixture("notifications/documented-tone.json"));
    assert_eq!(
        CommsNotifications::from_slice(&bytes).unwrap().value.len(),
        1
    );
}

#[test]
fn odata_error_reads_aliases_and_bad_dates() {
    let err: graph_comms_models::ODataError =
        graph_comms_models::from_slice(&fixture("errors/docs-lowercase-innererror.json")).unwrap();
    assert_eq!(err.request_id(), Some("request-id"));
    assert_eq!(err.inner().unwrap().date_time(), None);
    let err: graph_comms_models::ODataError =
        graph_comms_models::from_slice(&fixture("errors/graph-sdk-design.json")).unwrap();
    assert_eq!(
        err.inner().unwrap().date_time().unwrap().to_rfc3339(),
        "2021-07-02T01:40:19+00:00"
    );
}

#[test]
fn a_second_odata_type_that_differs_is_resolved_like_duplicate_keys() {
    // Found by fuzzing: the first @odata.type chose the type, the second one
    // then relabelled the object. Now the strict reader refuses the object,
    // and the lenient one reads it as JSON does (the last key wins).
    let bytes = br##"{"value":[{"resourceUrl":"/communications/calls/x","resourceData":{
        "@odata.type":"#med","@odata.type":"#microsoft.graph.call",
        "toneInfo":{"sequenceId":11,"tone":"tone6"}}}]}"##;
    let strict = graph_comms_models::from_slice::<CommsNotifications>(bytes).unwrap_err();
    assert_eq!(
        strict.message(),
        "duplicate @odata.type with a different value"
    );
    let batch = CommsNotifications::from_slice(bytes).unwrap();
    let call = first_resource(&batch, 0);
    assert!(call.as_call().is_some(), "{call:?}");
    let same = br##"{"@odata.type":"#microsoft.graph.call","@odata.type":"#Microsoft.Graph.Call","id":"x"}"##;
    assert!(
        serde_json::from_slice::<Resource>(same)
            .unwrap()
            .as_call()
            .is_some()
    );
}

#[test]
fn media_config_refuses_a_second_differing_odata_type_too() {
    let bytes = br##"{"mediaConfig":{"@odata.type":"#microsoft.graph.serviceHostedMediaConfig","@odata.type":"#microsoft.graph.appHostedMediaConfig"}}"##;
    let err = graph_comms_models::from_slice::<graph_comms_models::Call>(bytes).unwrap_err();
    assert_eq!(err.path(), "$.mediaConfig");
    assert_eq!(
        err.message(),
        "duplicate @odata.type with a different value"
    );
}
