//! The `code` and `subcode` of a `resultInfo`: numbers, or strings as some
//! service payloads and docs examples write them.

use std::fmt;

/// A `resultInfo` `code` or `subcode` exactly as it was sent.
///
/// The Graph metadata says Int32, and the service usually sends a JSON number
/// (`"code": 200`). The `call: delete` docs example writes `"code": "200"` and
/// `"subcode": "5001"` as strings
/// (<https://learn.microsoft.com/graph/api/call-delete>), so both are read and
/// each is written back the way it came. [`ResultCode::as_i32`] reads either
/// as a number.
///
/// ```
/// use graph_comms_models::{ResultCode, ResultInfo};
///
/// let info: ResultInfo = serde_json::from_str(r#"{"code": "200", "subcode": 5001}"#).unwrap();
/// assert_eq!(info.code, Some(ResultCode::Text("200".into())));
/// assert_eq!(info.code.as_ref().and_then(ResultCode::as_i32), Some(200));
/// assert_eq!(info.subcode, Some(ResultCode::Number(5001)));
/// assert!(info.is_success());
/// assert_eq!(serde_json::to_string(&info).unwrap(), r#"{"code":"200","subcode":5001}"#);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultCode {
    /// A JSON number (an Int32: a larger or fractional number is an error).
    Number(i32),
    /// A JSON string, kept verbatim (it may or may not hold a number).
    Text(Box<str>),
}

impl ResultCode {
    /// The code as a number: the number, or a string that holds a decimal
    /// Int32 (surrounding ASCII whitespace allowed). `None` for any other string.
    pub fn as_i32(&self) -> Option<i32> {
        match self {
            ResultCode::Number(n) => Some(*n),
            ResultCode::Text(text) => text.trim_ascii().parse().ok(),
        }
    }
}

impl From<i32> for ResultCode {
    fn from(n: i32) -> Self {
        ResultCode::Number(n)
    }
}

impl fmt::Debug for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultCode::Number(n) => write!(f, "{n}"),
            // Codes are service data, not caller data: shown as they came.
            ResultCode::Text(text) => write!(f, "{text:?}"),
        }
    }
}

impl serde::Serialize for ResultCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ResultCode::Number(n) => serializer.serialize_i32(*n),
            ResultCode::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> serde::Deserialize<'de> for ResultCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ResultCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an Int32 result code (a number or a string)")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<ResultCode, E> {
                // The message does not quote the number (error text never
                // quotes the input).
                i32::try_from(n)
                    .map(ResultCode::Number)
                    .map_err(|_| E::custom("invalid value: a result code must fit an Int32"))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<ResultCode, E> {
                i32::try_from(n)
                    .map(ResultCode::Number)
                    .map_err(|_| E::custom("invalid value: a result code must fit an Int32"))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<ResultCode, E> {
                Ok(ResultCode::Text(text.into()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<ResultCode, E> {
                Ok(ResultCode::Text(text.into_boxed_str()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for ResultCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "resultCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An Int32 code: a JSON number, or a string as some service payloads \
                and docs examples send it (kept verbatim).",
            "anyOf": [
                { "type": "integer", "format": "int32" },
                { "type": "string" }
            ]
        })
    }
}
