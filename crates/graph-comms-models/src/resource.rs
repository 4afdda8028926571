//! `resourceData`: the entity (or entities) a notification is about.

use crate::error::from_value_at;
use crate::extra::Kind;
use crate::polymorphic::{Polymorphic, PolymorphicVisitor, deserialize_polymorphic, read_boxed};
use crate::{Call, ODataType, Operation, Participant, ReadError, ReadErrorKind, UnknownObject};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// One entity in the `resourceData` of a notification, chosen by its
/// `@odata.type` (case-insensitively, `#` optional).
///
/// Nothing is lost: an entity of a type this library does not model is kept in
/// [`Resource::Unknown`], and one that could not be read (when the batch was
/// read with [`crate::CommsNotifications::from_slice`]) in
/// [`Resource::Invalid`], with the error. Both are written back as they came.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Resource {
    /// `#microsoft.graph.call`: a call update, which carries `toneInfo` in a
    /// tone notification.
    Call(Box<Call>),
    /// `#microsoft.graph.participant`: a roster update.
    Participant(Box<Participant>),
    /// `#microsoft.graph.commsOperation` or any of its derived operation types
    /// (see [`ODataType::is_comms_operation`]): an operation update, typed by
    /// its `@odata.type` (see [`Operation`]).
    Operation(Operation),
    /// Any other `@odata.type`, or none.
    Unknown(Box<UnknownObject>),
    /// An entity that could not be read, kept verbatim with the reason.
    Invalid(Box<InvalidResource>),
}

/// An entity of `resourceData` that could not be read.
#[derive(Clone, PartialEq)]
pub struct InvalidResource {
    /// The entity exactly as it came (written back unchanged).
    pub raw: Value,
    /// Why it could not be read.
    pub error: ReadError,
}

impl fmt::Debug for InvalidResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvalidResource")
            .field("raw", &Kind(&self.raw))
            .field("error", &self.error)
            .finish()
    }
}

impl Resource {
    /// Reads one entity from a JSON value, never failing: what cannot be read
    /// becomes [`Resource::Invalid`], with the error's path starting at `$`.
    pub fn from_value(value: Value) -> Resource {
        Self::from_value_at(value, "$")
    }

    pub(crate) fn from_value_at(value: Value, path: &str) -> Resource {
        match from_value_at::<Resource>(&value, path) {
            Ok(resource) => resource,
            Err(error) => Resource::Invalid(Box::new(InvalidResource { raw: value, error })),
        }
    }

    /// The `@odata.type` of the entity, when it has one (for an invalid entity,
    /// a string `@odata.type` member of the raw value).
    pub fn odata_type(&self) -> Option<ODataType> {
        match self {
            Resource::Call(call) => call.odata_type.clone(),
            Resource::Participant(participant) => participant.odata_type.clone(),
            Resource::Operation(operation) => operation.odata_type().cloned(),
            Resource::Unknown(object) => object.odata_type.clone(),
            Resource::Invalid(invalid) => invalid
                .raw
                .get("@odata.type")
                .and_then(Value::as_str)
                .map(ODataType::from),
        }
    }

    /// The call, if this entity is one.
    pub fn as_call(&self) -> Option<&Call> {
        match self {
            Resource::Call(call) => Some(call),
            _ => None,
        }
    }

    /// The operation, if this entity is one.
    pub fn as_operation(&self) -> Option<&Operation> {
        match self {
            Resource::Operation(operation) => Some(operation),
            _ => None,
        }
    }
}

impl Polymorphic for Resource {
    const EXPECTING: &'static str = "a resource object with an @odata.type";

    fn read_typed<'de, A: MapAccess<'de>>(
        odata_type: Option<ODataType>,
        map: A,
    ) -> Result<Self, A::Error> {
        Ok(match &odata_type {
            Some(ODataType::Call) => Resource::Call(read_boxed(map, odata_type)?),
            Some(ODataType::Participant) => Resource::Participant(read_boxed(map, odata_type)?),
            Some(t) if t.is_comms_operation() => {
                Resource::Operation(Operation::read_typed(odata_type, map)?)
            }
            _ => Resource::Unknown(read_boxed(map, odata_type)?),
        })
    }
}

impl<'de> serde::Deserialize<'de> for Resource {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_polymorphic(deserializer)
    }
}

impl serde::Serialize for Resource {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Resource::Call(call) => call.serialize(serializer),
            Resource::Participant(participant) => participant.serialize(serializer),
            Resource::Operation(operation) => operation.serialize(serializer),
            Resource::Unknown(object) => object.serialize(serializer),
            Resource::Invalid(invalid) => invalid.raw.serialize(serializer),
        }
    }
}

/// The `resourceData` of a notification: "either an entity or a collection of
/// entities depending on the number of changes packaged in the notification"
/// (Graph docs). Written back in the shape it came in.
#[derive(Clone, Debug, PartialEq)]
pub enum ResourceData {
    /// A single entity (a call update, an operation update).
    One(Resource),
    /// A collection of entities (a roster of participants).
    Many(Vec<Resource>),
}

impl ResourceData {
    /// The entities, one or many, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Resource> {
        match self {
            ResourceData::One(resource) => std::slice::from_ref(resource).iter(),
            ResourceData::Many(resources) => resources.iter(),
        }
    }

    /// Reads `resourceData` from a JSON value, never failing: each entity that
    /// cannot be read becomes [`Resource::Invalid`]. Error paths start at `path`.
    pub(crate) fn from_value_at(value: Value, path: &str) -> ResourceData {
        match value {
            Value::Array(items) => ResourceData::Many(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| Resource::from_value_at(item, &format!("{path}[{i}]")))
                    .collect(),
            ),
            Value::Object(_) => ResourceData::One(Resource::from_value_at(value, path)),
            other => ResourceData::One(Resource::Invalid(Box::new(InvalidResource {
                error: ReadError::new(
                    ReadErrorKind::Data,
                    path,
                    "invalid type: expected a resource object or an array of them",
                ),
                raw: other,
            }))),
        }
    }
}

impl<'a> IntoIterator for &'a ResourceData {
    type Item = &'a Resource;
    type IntoIter = std::slice::Iter<'a, Resource>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'de> serde::Deserialize<'de> for ResourceData {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ResourceData;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a resource object or an array of them")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ResourceData, A::Error> {
                PolymorphicVisitor::<Resource>::new()
                    .visit_map(map)
                    .map(ResourceData::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ResourceData, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) =
                    seq.next_element_seed(PolymorphicVisitor::<Resource>::new())?
                {
                    items.push(item);
                }
                Ok(ResourceData::Many(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl serde::Serialize for ResourceData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ResourceData::One(resource) => resource.serialize(serializer),
            ResourceData::Many(resources) => resources.serialize(serializer),
        }
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Resource {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "resource".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let operations = crate::operation::schema_cases(generator);
        let mut cases = vec![
            (&[ODataType::Call][..], generator.subschema_for::<Call>()),
            (
                &[ODataType::Participant][..],
                generator.subschema_for::<Participant>(),
            ),
        ];
        cases.extend(
            operations
                .iter()
                .map(|(types, schema)| (&types[..], schema.clone())),
        );
        crate::schema::dispatch_on_odata_type(
            generator,
            "An entity of resourceData, chosen by its @odata.type (ASCII case-insensitively, \
             the leading # optional): a call, a participant, or a comms operation \
             (the typed operations of the IVR actions, or commsOperation or any other type \
             derived from it). An object with another \
             @odata.type, or with none, is accepted as it is (kept verbatim).",
            cases,
        )
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for ResourceData {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "resourceData".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Not `anyOf`: with `if`/`then`, a validator reports the fault inside
        // the entity (`/resourceData/toneInfo/sequenceId`) rather than "matches
        // none of the alternatives" at `/resourceData`.
        let resource = generator.subschema_for::<Resource>();
        schemars::json_schema!({
            "description": "The entity or entities the notification is about: one entity \
                (an object), or a collection of them (an array), depending on the number of \
                changes packaged in the notification.",
            "type": ["object", "array"],
            "items": resource,
            "if": { "type": "object" },
            "then": resource
        })
    }
}
