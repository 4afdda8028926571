//! `clientContext`: the caller's correlation string, at most 256 characters.

use crate::{Diagnostic, DiagnosticCode};
use std::fmt;
use std::str::FromStr;

/// The most characters a `clientContext` may have ("Can have a maximum of 256
/// characters", call-subscribetotone.md).
pub const CLIENT_CONTEXT_MAX_CHARS: usize = 256;

/// A validated `clientContext`: non-empty and at most 256 characters.
///
/// **Counting.** The docs say "a maximum of 256 characters" without saying
/// what a character is. This type counts Unicode scalar values (Rust `char`s),
/// which is what JSON Schema's `maxLength` counts, so the exported schema and
/// this validator agree. The service is .NET, whose `string.Length` counts
/// UTF-16 code units; a value of at most 256 characters but more than 256
/// UTF-16 units (anything with characters outside the Basic Multilingual Plane,
/// such as emoji) is accepted here with a warning
/// ([`ClientContext::utf16_warning`]). Plain ASCII, a UUID in particular, is
/// never ambiguous.
///
/// **Empty.** The empty string is refused: the docs call clientContext a
/// "unique client context string", an empty one correlates nothing, and the
/// official SimpleIvrBot sample throws on an empty `ClientContext`. To send
/// none, leave the property out of the body.
///
/// Serialises as a plain JSON string; deserialising applies the same rule.
///
/// ```
/// use graph_comms_validate::{ClientContext, ClientContextError};
///
/// let context = ClientContext::new("fd1c7836-4d84-4e24-b6aa-23188688cc54")?;
/// assert_eq!(serde_json::to_string(&context)?, r#""fd1c7836-4d84-4e24-b6aa-23188688cc54""#);
///
/// assert_eq!(ClientContext::new("é".repeat(256))?.as_str().len(), 512); // 256 characters
/// assert_eq!(ClientContext::new("x".repeat(257)), Err(ClientContextError::TooLong { chars: 257 }));
/// assert!(serde_json::from_str::<ClientContext>(r#""""#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientContext(String);

/// Why a string is not a valid [`ClientContext`]. The message says the length
/// found and the limit, never the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientContextError {
    /// The value is the empty string.
    Empty,
    /// The value has more than 256 characters.
    TooLong {
        /// How many characters (Unicode scalar values) it has.
        chars: usize,
    },
}

impl ClientContext {
    /// The most characters a client context may have: 256.
    pub const MAX_CHARS: usize = CLIENT_CONTEXT_MAX_CHARS;

    /// Validates `value`.
    ///
    /// # Errors
    ///
    /// [`ClientContextError::Empty`] for `""`, [`ClientContextError::TooLong`]
    /// for more than 256 characters.
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
            return Err(ClientContextError::Empty);
        }
        // Every char takes at least one byte: short strings need no counting.
        if value.len() <= Self::MAX_CHARS {
            return Ok(());
        }
        let chars = value.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(ClientContextError::TooLong { chars });
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
    pub fn generate() -> Self {
        Self::from_uuid(uuid::Uuid::new_v4())
    }

    /// The hyphenated lower-case form of `uuid`.
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
        utf16_len(&self.0)
    }

    /// The [`DiagnosticCode::ClientContextUtf16Length`] warning when the value
    /// is over 256 UTF-16 code units (only possible with characters outside the
    /// Basic Multilingual Plane); `None` otherwise.
    ///
    /// ```
    /// use graph_comms_validate::{ClientContext, DiagnosticCode};
    ///
    /// let emoji = ClientContext::new("😀".repeat(256))?;
    /// let warning = emoji.utf16_warning().unwrap();
    /// assert_eq!(warning.code, DiagnosticCode::ClientContextUtf16Length);
    /// assert!(ClientContext::generate().utf16_warning().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn utf16_warning(&self) -> Option<Diagnostic> {
        utf16_warning(&self.0)
    }

    /// Every diagnostic for `value` as a clientContext: the error when it is
    /// refused, otherwise the warnings (none for an ordinary value). No
    /// location is set; the body check sets `$.clientContext`.
    pub fn diagnose(value: &str) -> Vec<Diagnostic> {
        match Self::check(value) {
            Err(err) => vec![err.to_diagnostic()],
            Ok(()) => utf16_warning(value)
                .into_iter()
                .chain(control_character_warning(value))
                .collect(),
        }
    }
}

/// The control-character warning for a value: it names the first control
/// character by code point and position, never the value.
pub(crate) fn control_character_warning(value: &str) -> Option<Diagnostic> {
    let (index, c) = value.chars().enumerate().find(|(_, c)| c.is_control())?;
    Some(Diagnostic::new(
        DiagnosticCode::ClientContextControlCharacter,
        format!(
            "clientContext contains a control character (U+{:04X}) at character {index}: the \
             value comes back in the operation and in every notification, where logs and other \
             systems may mangle or misread it; use printable text, such as a freshly generated UUID",
            u32::from(c)
        ),
    ))
}

fn utf16_len(value: &str) -> usize {
    value.chars().map(char::len_utf16).sum()
}

/// The UTF-16 warning for a value that passed [`ClientContext::check`].
pub(crate) fn utf16_warning(value: &str) -> Option<Diagnostic> {
    // A value of at most 128 bytes has at most 128 UTF-16 units.
    if value.len() <= ClientContext::MAX_CHARS / 2 {
        return None;
    }
    let units = utf16_len(value);
    if units <= ClientContext::MAX_CHARS {
        return None;
    }
    let chars = value.chars().count();
    Some(Diagnostic::new(
        DiagnosticCode::ClientContextUtf16Length,
        format!(
            "clientContext is {chars} characters but {units} UTF-16 code units long; the limit is \
             {max} and the service (.NET) may count UTF-16 units and refuse it: keep it within \
             {max} UTF-16 units, e.g. without emoji or other characters outside the Basic \
             Multilingual Plane (a UUID always fits)",
            max = ClientContext::MAX_CHARS,
        ),
    ))
}

impl ClientContextError {
    /// The diagnostic code of this error.
    pub fn code(&self) -> DiagnosticCode {
        match self {
            ClientContextError::Empty => DiagnosticCode::ClientContextEmpty,
            ClientContextError::TooLong { .. } => DiagnosticCode::ClientContextTooLong,
        }
    }

    /// This error as a [`Diagnostic`] (without a location).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.code(), self.to_string())
    }
}

impl fmt::Display for ClientContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientContextError::Empty => f.write_str(
                "clientContext is empty: give it a unique value, such as a freshly \
                 generated UUID, or leave the property out of the body",
            ),
            ClientContextError::TooLong { chars } => write!(
                f,
                "clientContext is {chars} characters long, over the limit of {max}: shorten it \
                 to at most {max} characters (a UUID, 36 characters, is enough to correlate the \
                 operation and its notifications)",
                max = ClientContext::MAX_CHARS,
            ),
        }
    }
}

impl std::error::Error for ClientContextError {}

impl From<ClientContextError> for Diagnostic {
    fn from(err: ClientContextError) -> Self {
        err.to_diagnostic()
    }
}

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
            "maxLength": CLIENT_CONTEXT_MAX_CHARS,
        })
    }
}
