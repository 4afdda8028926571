//! `clientContext`: the caller's correlation string, at most 256 characters.

use std::fmt;
use std::str::FromStr;

/// A validated `clientContext`: non-empty and at most 256 characters ("Can
/// have a maximum of 256 characters",
/// <https://learn.microsoft.com/graph/api/call-subscribetotone>).
///
/// **Counting.** The docs say "a maximum of 256 characters" without saying
/// what a character is. This type counts Unicode scalar values (Rust `char`s),
/// which is what JSON Schema's `maxLength` counts, so an exported schema and
/// this type agree. The service is .NET, whose `string.Length` counts UTF-16
/// code units; a value of at most 256 characters but more than 256 UTF-16
/// units (anything with characters outside the Basic Multilingual Plane, such
/// as emoji) is accepted here ([`ClientContext::utf16_len`] tells;
/// graph-comms-validate warns about it). Plain ASCII, a UUID in particular,
/// is never ambiguous.
///
/// **Empty.** The empty string is refused: the docs call clientContext a
/// "unique client context string", an empty one correlates nothing, and the
/// official SimpleIvrBot sample throws on an empty `ClientContext`. To send
/// none, leave the property out of the body.
///
/// Serialises as a plain JSON string; deserialising applies the same rule.
///
/// ```
/// use graph_comms_core::{ClientContext, ClientContextErrorKind};
///
/// let context = ClientContext::new("fd1c7836-4d84-4e24-b6aa-23188688cc54")?;
/// assert_eq!(serde_json::to_string(&context)?, r#""fd1c7836-4d84-4e24-b6aa-23188688cc54""#);
///
/// assert_eq!(ClientContext::new("é".repeat(256))?.as_str().len(), 512); // 256 characters
/// let err = ClientContext::new("x".repeat(257)).unwrap_err();
/// assert_eq!((err.kind(), err.chars()), (ClientContextErrorKind::TooLong, 257));
/// assert!(serde_json::from_str::<ClientContext>(r#""""#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientContext(String);

/// Why a string is not a valid [`ClientContext`]. The message says the length
/// found and the limit, never the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientContextError {
    kind: ClientContextErrorKind,
    chars: usize,
}

/// What is wrong with a clientContext: see [`ClientContextError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientContextErrorKind {
    /// The value is the empty string.
    Empty,
    /// The value has more than 256 characters.
    TooLong,
}

impl ClientContextError {
    /// What is wrong.
    pub fn kind(&self) -> ClientContextErrorKind {
        self.kind
    }

    /// How many characters (Unicode scalar values) the value has.
    pub fn chars(&self) -> usize {
        self.chars
    }
}

impl ClientContext {
    /// The most characters a client context may have: 256.
    pub const MAX_CHARS: usize = 256;

    /// Validates `value`.
    ///
    /// # Errors
    ///
    /// [`ClientContextErrorKind::Empty`] for `""`,
    /// [`ClientContextErrorKind::TooLong`] for more than 256 characters.
    pub fn new(value: impl Into<String>) -> Result<Self, ClientContextError> {
        let value = value.into();
        Self::check(&value)?;
        Ok(ClientContext(value))
    }

    /// Checks `value` against the rule without allocating.
    ///
    /// # Errors
    ///
    /// As [`ClientContext::new`].
    pub fn check(value: &str) -> Result<(), ClientContextError> {
        if value.is_empty() {
            return Err(ClientContextError {
                kind: ClientContextErrorKind::Empty,
                chars: 0,
            });
        }
        // Every char takes at least one byte: short strings need no counting.
        if value.len() <= Self::MAX_CHARS {
            return Ok(());
        }
        let chars = value.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(ClientContextError {
                kind: ClientContextErrorKind::TooLong,
                chars,
            });
        }
        Ok(())
    }

    /// A fresh random UUID (version 4) in its hyphenated lower-case form, such
    /// as `fd1c7836-4d84-4e24-b6aa-23188688cc54`: 36 ASCII characters, unique,
    /// what the docs' example uses.
    ///
    /// This reads the operating system's random source; code that must be
    /// deterministic takes a UUID from elsewhere and uses
    /// [`ClientContext::from_uuid`].
    #[cfg(feature = "uuid")]
    pub fn generate() -> Self {
        Self::from_uuid(uuid::Uuid::new_v4())
    }

    /// The hyphenated lower-case form of `uuid`.
    #[cfg(feature = "uuid")]
    pub fn from_uuid(uuid: uuid::Uuid) -> Self {
        ClientContext(uuid.hyphenated().to_string())
    }

    /// The value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// How many characters (Unicode scalar values) the value has: what the
    /// 256 limit is checked against.
    pub fn char_len(&self) -> usize {
        self.0.chars().count()
    }

    /// How many UTF-16 code units the value has: what .NET's `string.Length`
    /// counts.
    pub fn utf16_len(&self) -> usize {
        self.0.chars().map(char::len_utf16).sum()
    }
}

impl fmt::Display for ClientContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ClientContextErrorKind::Empty => f.write_str(
                "clientContext is empty: give it a unique value, such as a UUID from \
                 ClientContext::generate(), or leave the property out of the body",
            ),
            ClientContextErrorKind::TooLong => write!(
                f,
                "clientContext is {chars} characters long, over the limit of {max}: shorten it \
                 to at most {max} characters (a UUID, 36 characters, is enough to correlate the \
                 operation and its notifications)",
                chars = self.chars,
                max = ClientContext::MAX_CHARS,
            ),
        }
    }
}

impl std::error::Error for ClientContextError {}

impl fmt::Display for ClientContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ClientContext {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<ClientContext> for String {
    fn from(context: ClientContext) -> Self {
        context.0
    }
}

impl FromStr for ClientContext {
    type Err = ClientContextError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::check(value)?;
        Ok(ClientContext(value.to_owned()))
    }
}

impl TryFrom<String> for ClientContext {
    type Error = ClientContextError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl TryFrom<&str> for ClientContext {
    type Error = ClientContextError;
    fn try_from(value: &str) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl serde::Serialize for ClientContext {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ClientContext {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ContextVisitor;
        impl serde::de::Visitor<'_> for ContextVisitor {
            type Value = ClientContext;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a clientContext string of 1 to 256 characters")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<ClientContext, E> {
                value.parse().map_err(E::custom)
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<ClientContext, E> {
                ClientContext::new(value).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(ContextVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for ClientContext {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "clientContext".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Unique client context string: 1 to 256 characters (Unicode scalar values).",
            "type": "string",
            "minLength": 1,
            "maxLength": ClientContext::MAX_CHARS,
        })
    }
}
