//! A stop tone of `call: recordResponse`: a DTMF character, redacted.

use crate::Tone;
use std::fmt;

/// One of the `stopTones` of a `recordResponse` request: a DTMF **character**
/// such as `"#"`, `"1"` or `"*"` — not a [`Tone`] name like `"pound"`
/// (<https://learn.microsoft.com/graph/api/call-recordresponse>).
///
/// Kept verbatim, whatever the string (the models read what clients send;
/// `graph-comms-validate` says when it is not one DTMF character). Like a
/// tone, its `Debug` is redacted and it has no `Display`.
///
/// ```
/// use graph_comms_models::{StopTone, Tone};
///
/// let key = StopTone::from_tone(&Tone::Pound).unwrap();
/// assert_eq!(key.as_str(), "#");
/// assert_eq!(serde_json::to_string(&key).unwrap(), r##""#""##);
/// assert_eq!(format!("{key:?}"), "StopTone(<redacted>)");
/// assert_eq!(StopTone::from("*").to_tone(), Some(Tone::Star));
/// assert_eq!(StopTone::from("pound").to_tone(), None); // a name, not a character
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StopTone(Box<str>);

impl StopTone {
    /// The stop tone of a key: its character (`None` for [`Tone::Flash`]
    /// and unknown tones, which have none).
    pub fn from_tone(tone: &Tone) -> Option<StopTone> {
        let key = tone.to_char()?;
        Some(StopTone(key.to_string().into_boxed_str()))
    }

    /// The text exactly as it was given or received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, when the text is exactly one DTMF character (`0`–`9`, `*`,
    /// `#`, `A`–`D` in either case).
    pub fn to_tone(&self) -> Option<Tone> {
        let mut chars = self.0.chars();
        match (chars.next(), chars.next()) {
            (Some(key), None) => Tone::from_char(key),
            _ => None,
        }
    }
}

impl From<&str> for StopTone {
    fn from(text: &str) -> Self {
        StopTone(text.into())
    }
}

impl From<String> for StopTone {
    fn from(text: String) -> Self {
        StopTone(text.into_boxed_str())
    }
}

impl fmt::Debug for StopTone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StopTone(<redacted>)")
    }
}

impl serde::Serialize for StopTone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for StopTone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = StopTone;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a stop tone (a string)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<StopTone, E> {
                Ok(StopTone::from(text))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<StopTone, E> {
                Ok(StopTone::from(text))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for StopTone {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "stopTone".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A DTMF character that ends the recording: 0-9, *, #, A-D (not a \
                tone name such as pound). Any string is read and kept verbatim; \
                graph-comms-validate reports one that is not a DTMF character.",
            "type": "string"
        })
    }
}
