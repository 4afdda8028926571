//! Unknown properties and unknown enum values: what this version does not model, kept verbatim.

use serde_json::{Map, Value};
use std::fmt;
use std::ops::{Deref, DerefMut};

/// The properties of an object that this version of the library does not model.
///
/// They are kept exactly as they came (duplicate keys: the last wins) and
/// written back after the known properties. `Extra` dereferences to a
/// [`serde_json::Map`], so the usual map methods work; [`Extra::get_as`] reads
/// one property as a typed value.
///
/// Its `Debug` output shows the property names and the kind of each value, never
/// the values themselves: unknown data may carry tones or other personal data,
/// and `Debug` output ends up in logs.
///
/// ```
/// use graph_comms_models::ToneInfo;
///
/// let info: ToneInfo =
///     serde_json::from_str(r#"{"sequenceId": 1, "tone": "tone1", "participantId": "p-7"}"#).unwrap();
/// assert_eq!(info.extra.get_as::<String>("participantId").unwrap().as_deref(), Some("p-7"));
/// assert_eq!(format!("{:?}", info.extra), r#"Extra {"participantId": <string>}"#);
/// ```
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Map<String, Value>>>);

/// The map an `Extra` without properties dereferences to.
fn empty_map() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Extra {
    /// An empty set of properties (does not allocate).
    pub fn new() -> Self {
        Extra(None)
    }

    /// Reads property `key` as a `T`: `Ok(None)` when it is absent or `null`,
    /// an error when it does not have the shape of a `T`.
    pub fn get_as<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, serde_json::Error> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::deserialize(value).map(Some),
        }
    }

    /// The underlying map.
    pub fn into_inner(self) -> Map<String, Value> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

// Most objects have no unknown property: an `Extra` is one pointer, and the
// map is only allocated when the first unknown property is inserted. That
// keeps every wire struct smaller and their drop cheaper (measured).

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        if map.is_empty() {
            Extra(None)
        } else {
            Extra(Some(Box::new(map)))
        }
    }
}

impl Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        match &self.0 {
            Some(map) => map,
            None => empty_map(),
        }
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Default::default)
    }
}

/// The kind of a JSON value, for redacted `Debug` output.
pub(crate) struct Kind<'a>(pub(crate) &'a Value);

impl fmt::Debug for Kind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Value::Null => "<null>",
            Value::Bool(_) => "<bool>",
            Value::Number(_) => "<number>",
            Value::String(_) => "<string>",
            Value::Array(_) => "<array>",
            Value::Object(_) => "<object>",
        })
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Extra ")?;
        f.debug_map()
            .entries(self.iter().map(|(key, value)| (key, Kind(value))))
            .finish()
    }
}

impl serde::Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Extra {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Extra::from)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Extra {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "extra".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": true })
    }
}

/// An enum value this version of the library does not know, kept verbatim.
///
/// It can only be made by reading a wire value (or by `From<&str>` on the enum),
/// which first tries the known members, so an `UnknownValue` never holds the
/// spelling of a known member: `Tone::from("STAR") == Tone::Star`.
// A thin box (one pointer, not a pointer and a length): unknown values are
// rare, and this keeps every open enum 16 bytes instead of 24 (an
// `Option<Enum>` too), which makes the structs that hold them, and the
// batch of notifications, that much smaller to initialise, move and touch
// (measured on the mixed batch benchmark; `String` hashes, compares and
// orders as `str` does).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(clippy::box_collection)] // the thin pointer is the point (above)
pub struct UnknownValue(Box<String>);

impl UnknownValue {
    pub(crate) fn new(text: &str) -> Self {
        UnknownValue(Box::new(text.to_owned()))
    }

    pub(crate) fn from_string(text: String) -> Self {
        UnknownValue(Box::new(text))
    }

    /// The value exactly as it was received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}
