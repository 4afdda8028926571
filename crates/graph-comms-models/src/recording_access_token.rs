//! The bearer token of a recording: a credential.

use std::fmt;

/// The `recordingAccessToken` of a `recordOperation`: the bearer token for
/// `GET recordingLocation` (<https://learn.microsoft.com/graph/api/call-recordresponse>).
///
/// It is a credential: its `Debug` is redacted, it has no `Display`, and the
/// library never puts it in an error. Reading it is an explicit call,
/// [`RecordingAccessToken::expose_secret`]. A cancelled recording carries an
/// empty string (not `null`); [`RecordingAccessToken::is_empty`] says so.
///
/// ```
/// use graph_comms_models::RecordingAccessToken;
///
/// let token: RecordingAccessToken = serde_json::from_str(r#""eyJ0eXAi.x.y""#).unwrap();
/// assert_eq!(format!("{token:?}"), "RecordingAccessToken(<redacted>)");
/// assert_eq!(token.expose_secret(), "eyJ0eXAi.x.y");
/// assert_eq!(serde_json::to_string(&token).unwrap(), r#""eyJ0eXAi.x.y""#);
/// ```
// Not zeroized on drop: the models crate stays light, and the token also
// lives in the body buffer it was read from, which the caller owns.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordingAccessToken(Box<str>);

impl RecordingAccessToken {
    /// The token, for the `Authorization: Bearer` header of the download.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the token is the empty string (as in a cancelled recording).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for RecordingAccessToken {
    fn from(token: String) -> Self {
        RecordingAccessToken(token.into_boxed_str())
    }
}

impl From<&str> for RecordingAccessToken {
    fn from(token: &str) -> Self {
        RecordingAccessToken(token.into())
    }
}

impl fmt::Debug for RecordingAccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecordingAccessToken(<redacted>)")
    }
}

impl serde::Serialize for RecordingAccessToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for RecordingAccessToken {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RecordingAccessToken;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a recording access token (a string)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RecordingAccessToken, E> {
                Ok(RecordingAccessToken::from(text))
            }
            fn visit_string<E: serde::de::Error>(
                self,
                text: String,
            ) -> Result<RecordingAccessToken, E> {
                Ok(RecordingAccessToken::from(text))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for RecordingAccessToken {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "recordingAccessToken".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The bearer token for downloading the recording from \
                recordingLocation: a credential (an empty string in a cancelled recording).",
            "type": "string"
        })
    }
}
