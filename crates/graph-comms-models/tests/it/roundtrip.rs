//! Property tests: for arbitrary values, including unknown enum values,
//! unknown `@odata.type`s and unknown properties, reading what was written
//! gives the same value.

use graph_comms_models::{
    Call, CallState, ChangeType, CommsNotification, CommsNotifications, CommsOperation, Extra,
    ODataType, Operation, OperationStatus, Resource, ResourceData, ResultCode, ResultInfo, Tone,
    ToneInfo, UnknownObject,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn wire_string() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z0-9]{0,10}", "\\PC{0,12}"]
}

fn open<T: From<String> + std::fmt::Debug + Clone>(
    known: &'static [&'static str],
) -> impl Strategy<Value = T> {
    prop_oneof![
        proptest::sample::select(known).prop_map(|s| T::from(s.to_owned())),
        proptest::sample::select(known).prop_map(|s| T::from(s.to_uppercase())),
        wire_string().prop_map(T::from),
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        wire_string().prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Unknown properties: names that no modelled type uses.
fn extra() -> impl Strategy<Value = Extra> {
    proptest::collection::btree_map("x[A-Za-z0-9_]{0,8}", json_value(), 0..3)
        .prop_map(|m| Extra::from(m.into_iter().collect::<Map<String, Value>>()))
}

fn odata_type() -> impl Strategy<Value = Option<ODataType>> {
    proptest::option::of(open::<ODataType>(ODataType::WIRE_NAMES))
}

prop_compose! {
    fn tone_info()(odata_type in odata_type(), sequence_id in proptest::option::of(any::<i64>()),
                   tone in proptest::option::of(open::<Tone>(Tone::WIRE_NAMES)), extra in extra()) -> ToneInfo {
        let mut t = ToneInfo::default();
        t.odata_type = odata_type; t.sequence_id = sequence_id; t.tone = tone; t.extra = extra;
        t
    }
}

prop_compose! {
    fn result_info()(code in proptest::option::of(any::<i32>()), subcode in proptest::option::of(any::<i32>()),
                     message in proptest::option::of(wire_string()), extra in extra()) -> ResultInfo {
        let mut r = ResultInfo::default();
        r.code = code.map(ResultCode::from); r.subcode = subcode.map(|s| ResultCode::Text(s.to_string().into())); r.message = message; r.extra = extra;
        r
    }
}

prop_compose! {
    fn call()(id in proptest::option::of(wire_string()), state in proptest::option::of(open::<CallState>(CallState::WIRE_NAMES)),
              tone_info in proptest::option::of(tone_info()), result_info in proptest::option::of(result_info()),
              extra in extra()) -> Call {
        let mut c = Call::default();
        c.odata_type = Some(ODataType::Call); c.id = id; c.state = state; c.tone_info = tone_info;
        c.result_info = result_info; c.extra = extra;
        c
    }
}

prop_compose! {
    fn operation()(id in proptest::option::of(wire_string()), status in proptest::option::of(open::<OperationStatus>(OperationStatus::WIRE_NAMES)),
                   secs in proptest::option::of(0i64..4_000_000_000), nanos in 0u32..1_000_000_000, extra in extra()) -> CommsOperation {
        let mut o = CommsOperation::default();
        o.odata_type = Some(ODataType::StartHoldMusicOperation); o.id = id; o.status = status;
        o.created_date_time = secs.map(|s| chrono::DateTime::from_timestamp(s, nanos).unwrap());
        o.extra = extra;
        o
    }
}

fn resource() -> impl Strategy<Value = Resource> {
    prop_oneof![
        call().prop_map(|c| Resource::Call(Box::new(c))),
        operation().prop_map(|o| Resource::Operation(Operation::Other(Box::new(o)))),
        (wire_string(), extra()).prop_map(|(t, e)| {
            let mut u = UnknownObject::default();
            // A type name that is not one of ours stays unknown.
            u.odata_type = Some(ODataType::from(format!("#vendor.{t}")));
            u.extra = e;
            Resource::Unknown(Box::new(u))
        }),
    ]
}

prop_compose! {
    fn notification()(change_type in proptest::option::of(open::<ChangeType>(ChangeType::WIRE_NAMES)),
                      resource_url in proptest::option::of(wire_string()),
                      one in resource(), many in proptest::collection::vec(resource(), 0..3), pick in 0..3u8,
                      extra in extra()) -> CommsNotification {
        let mut n = CommsNotification::default();
        n.change_type = change_type; n.resource_url = resource_url; n.extra = extra;
        n.resource_data = match pick { 0 => None, 1 => Some(ResourceData::One(one)), _ => Some(ResourceData::Many(many)) };
        n
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tone_info_round_trips(value in tone_info()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        prop_assert_eq!(graph_comms_models::from_slice::<ToneInfo>(&bytes).unwrap(), value);
    }

    #[test]
    fn notifications_round_trip(value in proptest::collection::vec(notification(), 0..4), extra in extra()) {
        let mut batch = CommsNotifications::default();
        batch.odata_type = Some(ODataType::CommsNotifications);
        batch.value = value;
        batch.extra = extra;
        let bytes = serde_json::to_vec(&batch).unwrap();
        prop_assert_eq!(&CommsNotifications::from_slice(&bytes).unwrap(), &batch);
        // The lenient path gives the same value as the fast one.
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(&CommsNotifications::from_value(value).unwrap(), &batch);
    }

    #[test]
    fn no_tone_is_ever_in_debug(tone in open::<Tone>(Tone::WIRE_NAMES), seq in any::<i64>()) {
        let info = ToneInfo::new(seq, tone.clone());
        let debug = format!("{info:?}");
        prop_assert!(debug.contains("<redacted>"));
        if tone.as_str().len() > 1 {
            let quoted = format!("\"{}\"", tone.as_str());
            prop_assert!(!debug.contains(&quoted));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = CommsNotifications::from_slice(&bytes);
    }
}
