//! Call ids and operation ids: opaque, case kept, and never able to leave
//! their path segment.

use std::fmt;
use std::str::FromStr;

/// The most bytes a call id or an operation id may have: 256.
///
/// Graph documents no length for either ("The call id", a string; the CSDL
/// key has no length facet). The ids seen in the docs and in captures are 32
/// to 36 ASCII characters (GUIDs, with or without hyphens), so 256 bytes
/// leaves ample room while bounding what a bot keeps per call (the DTMF
/// router holds one entry per call id it is told about). It is this
/// workspace's own bound, the one every crate applies.
pub const ID_MAX_LEN: usize = 256;

/// A call id (a call *leg* id) that is safe to put in one URL path segment.
///
/// Graph documents the id only as "The call id" (a string); a maintainer warns
/// not to assume it is a GUID, and the docs show lower-case GUIDs, upper-case
/// GUIDs and 32 hex digits without hyphens. So the id is opaque: any non-empty
/// text of at most [`ID_MAX_LEN`] bytes is accepted and kept exactly, case
/// included, except what could move the request to another resource once the
/// id is in a URL:
///
/// - `/`, `\` (IIS and some proxies read it as `/`), `?` and `#`;
/// - whitespace and control characters;
/// - the dot segments `.` and `..`, which URL resolution removes.
///
/// The id is the decoded text: a request builder percent-encodes it for the
/// URL (so `%` itself is fine here and becomes `%25`, see
/// [`encode_segment`](crate::encode_segment)).
///
/// ```
/// use graph_comms_core::{CallId, IdErrorKind};
///
/// let id: CallId = "57DAB8B1894C409AB240BD8BEAE78896".parse()?;
/// assert_eq!(id.as_str(), "57DAB8B1894C409AB240BD8BEAE78896"); // case kept
/// assert_eq!(CallId::new("..").unwrap_err().kind(), IdErrorKind::DotSegment);
/// let err = CallId::new("a/b").unwrap_err();
/// assert_eq!((err.kind(), err.index()), (IdErrorKind::InvalidCharacter, Some(1)));
/// assert_eq!(CallId::new("x".repeat(257)).unwrap_err().kind(), IdErrorKind::TooLong);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(String);

/// The id of an operation on a call: the `{opId}` of
/// `…/calls/{id}/operations/{opId}`, the last segment of the `Location` an
/// action's response carries.
///
/// The rule is the call id's ([`CallId`]): any non-empty text of at most
/// [`ID_MAX_LEN`] bytes except `/`, `\`, `?`, `#`, whitespace, control
/// characters and the dot segments; it is percent-encoded into the path.
///
/// ```
/// use graph_comms_core::OperationId;
///
/// let id: OperationId = "0fe0623f-d628-42ed-b4bd-8ac290072cc5".parse()?;
/// assert_eq!(id.as_str(), "0fe0623f-d628-42ed-b4bd-8ac290072cc5");
/// assert!(OperationId::new("..").is_err());
/// # Ok::<(), graph_comms_core::IdError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationId(String);

/// Why a string is not a valid [`CallId`] or [`OperationId`]. The message
/// names the problem and its position, never the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IdError {
    kind: IdErrorKind,
    of: IdOf,
    index: Option<usize>,
    character: Option<char>,
    len: usize,
}

/// What is wrong with an id: see [`IdError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdErrorKind {
    /// The id is empty.
    Empty,
    /// The id is `.` or `..`.
    DotSegment,
    /// The id contains `/`, `\`, `?`, `#`, whitespace or a control character.
    InvalidCharacter,
    /// The id is longer than [`ID_MAX_LEN`] bytes.
    TooLong,
}

/// Which id an [`IdError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum IdOf {
    Call,
    Operation,
}

impl IdError {
    /// What is wrong.
    pub fn kind(&self) -> IdErrorKind {
        self.kind
    }

    /// For [`IdErrorKind::InvalidCharacter`], the byte offset of the first
    /// refused character.
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// For [`IdErrorKind::InvalidCharacter`], the refused character: one of
    /// `/`, `\`, `?`, `#`, whitespace or a control character (never a
    /// character that could be part of a valid id).
    pub fn character(&self) -> Option<char> {
        self.character
    }

    /// Whether the error is about an operation id (else a call id).
    pub fn is_operation_id(&self) -> bool {
        self.of == IdOf::Operation
    }

    /// The same error, about an operation id.
    fn for_operation(mut self) -> Self {
        self.of = IdOf::Operation;
        self
    }
}

/// Checks `id` against the id rule.
fn check(id: &str) -> Result<(), IdError> {
    let error = |kind, index: Option<usize>, character| IdError {
        kind,
        of: IdOf::Call,
        index,
        character,
        len: id.len(),
    };
    if id.is_empty() {
        return Err(error(IdErrorKind::Empty, None, None));
    }
    if id.len() > ID_MAX_LEN {
        return Err(error(IdErrorKind::TooLong, None, None));
    }
    if id == "." || id == ".." {
        return Err(error(IdErrorKind::DotSegment, None, None));
    }
    match id.char_indices().find(|&(_, c)| breaks_segment(c)) {
        Some((index, c)) => Err(error(IdErrorKind::InvalidCharacter, Some(index), Some(c))),
        None => Ok(()),
    }
}

/// Whether `c` may not appear in an id.
fn breaks_segment(c: char) -> bool {
    matches!(c, '/' | '\\' | '?' | '#') || c.is_whitespace() || c.is_control()
}

/// How a refused character is named in a message: printable ones in
/// backticks (only `/`, `\`, `?` and `#` can be), the others by code point.
#[derive(Clone, Copy, Debug)]
struct CharName(char);

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

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, a_what, use_as_given) = match self.of {
            IdOf::Call => (
                "call id",
                "a call id",
                "use the id exactly as Graph gave it (the `id` of the call, or the segment \
                 after /calls/ in a notification's resourceUrl)",
            ),
            IdOf::Operation => (
                "operation id",
                "an operation id",
                "use the operation id exactly as Graph gave it (the last segment of the \
                 Location header, or the operation's `id`)",
            ),
        };
        match self.kind {
            IdErrorKind::Empty => write!(f, "the {what} is empty: {use_as_given}"),
            IdErrorKind::DotSegment => write!(
                f,
                "the {what} is a dot segment (`.` or `..`), which URL resolution removes, so the \
                 request would reach another resource: {use_as_given}"
            ),
            IdErrorKind::InvalidCharacter => {
                let character = self.character.map(CharName);
                let index = self.index.unwrap_or_default();
                match character {
                    Some(name) => write!(f, "the {what} contains {name} at byte {index}")?,
                    None => write!(f, "the {what} contains a refused character at byte {index}")?,
                }
                write!(
                    f,
                    "; {a_what} is one path segment and may not contain `/`, `\\`, `?`, `#`, \
                     whitespace or control characters: {use_as_given}"
                )
            }
            IdErrorKind::TooLong => write!(
                f,
                "the {what} is {} bytes long, over the limit of {ID_MAX_LEN} (the ids Graph gives are \
                 32 to 36 characters): {use_as_given}",
                self.len
            ),
        }
    }
}

impl std::error::Error for IdError {}

macro_rules! id_type {
    ($name:ident, $of:expr, $expecting:literal) => {
        impl $name {
            /// Validates `id`.
            ///
            /// # Errors
            ///
            /// [`IdError`] when `id` is empty, longer than [`ID_MAX_LEN`]
            /// bytes, a dot segment, or contains `/`, `\`, `?`, `#`,
            /// whitespace or a control character.
            pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
                let id = id.into();
                Self::check(&id)?;
                Ok($name(id))
            }

            /// Checks `id` against the rule without allocating.
            ///
            /// # Errors
            ///
            /// As `new`.
            pub fn check(id: &str) -> Result<(), IdError> {
                check(id).map_err(|err| match $of {
                    IdOf::Call => err,
                    IdOf::Operation => err.for_operation(),
                })
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

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(id: &str) -> Result<Self, Self::Err> {
                Self::check(id)?;
                Ok($name(id.to_owned()))
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(id: String) -> Result<Self, Self::Error> {
                Self::new(id)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(id: &str) -> Result<Self, Self::Error> {
                id.parse()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct IdVisitor;
                impl serde::de::Visitor<'_> for IdVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<$name, E> {
                        id.parse().map_err(E::custom)
                    }
                    fn visit_string<E: serde::de::Error>(self, id: String) -> Result<$name, E> {
                        $name::new(id).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(IdVisitor)
            }
        }
    };
}

id_type!(CallId, IdOf::Call, "a call id string");
id_type!(OperationId, IdOf::Operation, "an operation id string");

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_id_and_never_quote_it() {
        let err = CallId::new("secret\nmore").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the call id contains a control character (U+000A) at byte 6; a call id is one path \
             segment and may not contain `/`, `\\`, `?`, `#`, whitespace or control characters: \
             use the id exactly as Graph gave it (the `id` of the call, or the segment after \
             /calls/ in a notification's resourceUrl)"
        );
        let err = OperationId::new("").unwrap_err();
        assert!(err.is_operation_id());
        assert!(err.to_string().starts_with("the operation id is empty: "));
        let err = CallId::new("é".repeat(200)).unwrap_err();
        assert_eq!(err.kind(), IdErrorKind::TooLong);
        assert!(
            err.to_string()
                .contains("400 bytes long, over the limit of 256")
        );
        assert!(CallId::new("x".repeat(256)).is_ok());
    }
}
