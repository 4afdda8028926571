//! Call ids: opaque, case kept, and never able to leave their path segment.

use crate::{Diagnostic, DiagnosticCode};
use std::fmt;
use std::str::FromStr;

/// A call id (a call *leg* id) that is safe to put in one URL path segment.
///
/// Graph documents the id only as "The call id" (a string); a maintainer warns
/// not to assume it is a GUID, and the docs show lower-case GUIDs, upper-case
/// GUIDs and 32 hex digits without hyphens. So the id is opaque: any non-empty
/// text is accepted and kept exactly, case included, except what could move
/// the request to another resource once the id is in a URL:
///
/// - `/`, `\` (IIS and some proxies read it as `/`), `?` and `#`;
/// - whitespace and control characters;
/// - the dot segments `.` and `..`, which URL resolution removes.
///
/// The id is the decoded text: a request builder percent-encodes it for the
/// URL (so `%` itself is fine here and becomes `%25`). To check an id as it
/// appears *inside* a URL, where `%2F` matters, use
/// [`crate::analyze_path`].
///
/// ```
/// use graph_comms_validate::{CallId, CallIdError};
///
/// let id: CallId = "57DAB8B1894C409AB240BD8BEAE78896".parse()?;
/// assert_eq!(id.as_str(), "57DAB8B1894C409AB240BD8BEAE78896"); // case kept
/// assert_eq!(CallId::new(".."), Err(CallIdError::DotSegment));
/// assert!(matches!(CallId::new("a/b"), Err(CallIdError::InvalidCharacter { character: '/', index: 1 })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(String);

/// Why a string is not a valid [`CallId`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallIdError {
    /// The id is empty.
    Empty,
    /// The id is `.` or `..`.
    DotSegment,
    /// The id contains a character that could break out of its path segment.
    InvalidCharacter {
        /// The character: `/`, `\`, `?`, `#`, whitespace or a control character.
        character: char,
        /// Its byte offset in the id.
        index: usize,
    },
}

impl CallId {
    /// Validates `id`.
    ///
    /// # Errors
    ///
    /// [`CallIdError`] when `id` is empty, a dot segment, or contains `/`,
    /// `\`, `?`, `#`, whitespace or a control character.
    pub fn new(id: impl Into<String>) -> Result<Self, CallIdError> {
        let id = id.into();
        Self::check(&id)?;
        Ok(CallId(id))
    }

    /// Checks `id` against the rule without allocating.
    ///
    /// # Errors
    ///
    /// As [`CallId::new`].
    pub fn check(id: &str) -> Result<(), CallIdError> {
        if id.is_empty() {
            return Err(CallIdError::Empty);
        }
        if id == "." || id == ".." {
            return Err(CallIdError::DotSegment);
        }
        match id.char_indices().find(|&(_, c)| breaks_segment(c)) {
            Some((index, character)) => Err(CallIdError::InvalidCharacter { character, index }),
            None => Ok(()),
        }
    }

    /// The id, exactly as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id, as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Whether `c` may not appear in a call id.
fn breaks_segment(c: char) -> bool {
    matches!(c, '/' | '\\' | '?' | '#') || c.is_whitespace() || c.is_control()
}

/// How a refused character is named in a message: printable ones in
/// backticks, the others by code point.
pub(crate) struct CharName(pub(crate) char);

impl fmt::Display for CharName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        let code = c as u32;
        if c == ' ' {
            write!(f, "a space (U+0020)")
        } else if c.is_control() {
            write!(f, "a control character (U+{code:04X})")
        } else if c.is_whitespace() {
            write!(f, "a whitespace character (U+{code:04X})")
        } else {
            write!(f, "`{c}`")
        }
    }
}

impl CallIdError {
    /// The diagnostic code of this error.
    pub fn code(&self) -> DiagnosticCode {
        match self {
            CallIdError::Empty => DiagnosticCode::CallIdEmpty,
            CallIdError::DotSegment => DiagnosticCode::CallIdDotSegment,
            CallIdError::InvalidCharacter { .. } => DiagnosticCode::CallIdInvalidCharacter,
        }
    }

    /// This error as a [`Diagnostic`] located at `call id`.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.code(), self.to_string()).at("call id")
    }
}

const USE_AS_GIVEN: &str = "use the id exactly as Graph gave it (the `id` of the call, or the \
                            segment after /calls/ in a notification's resourceUrl)";

impl fmt::Display for CallIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallIdError::Empty => write!(f, "the call id is empty: {USE_AS_GIVEN}"),
            CallIdError::DotSegment => write!(
                f,
                "the call id is a dot segment (`.` or `..`), which URL resolution removes, so the \
                 request would reach another resource: {USE_AS_GIVEN}"
            ),
            CallIdError::InvalidCharacter { character, index } => write!(
                f,
                "the call id contains {} at byte {index}; a call id is one path segment and may \
                 not contain `/`, `\\`, `?`, `#`, whitespace or control characters: {USE_AS_GIVEN}",
                CharName(*character),
            ),
        }
    }
}

impl std::error::Error for CallIdError {}

impl From<CallIdError> for Diagnostic {
    fn from(err: CallIdError) -> Self {
        err.to_diagnostic()
    }
}

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for CallId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<CallId> for String {
    fn from(id: CallId) -> Self {
        id.0
    }
}

impl FromStr for CallId {
    type Err = CallIdError;
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Self::check(id)?;
        Ok(CallId(id.to_owned()))
    }
}

impl TryFrom<String> for CallId {
    type Error = CallIdError;
    fn try_from(id: String) -> Result<Self, Self::Error> {
        Self::new(id)
    }
}

impl TryFrom<&str> for CallId {
    type Error = CallIdError;
    fn try_from(id: &str) -> Result<Self, Self::Error> {
        id.parse()
    }
}

impl serde::Serialize for CallId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for CallId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl serde::de::Visitor<'_> for IdVisitor {
            type Value = CallId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a call id string")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<CallId, E> {
                id.parse().map_err(E::custom)
            }
            fn visit_string<E: serde::de::Error>(self, id: String) -> Result<CallId, E> {
                CallId::new(id).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(IdVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for CallId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "callId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An opaque call id: not empty, not `.` or `..`, without `/`, `\\`, `?`, `#`, whitespace or control characters.",
            "type": "string",
            "minLength": 1,
            "pattern": "^(?!\\.\\.?$)[^/\\\\?#\\s\\x00-\\x1f\\x7f-\\x9f]+$",
        })
    }
}
