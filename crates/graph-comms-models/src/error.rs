//! Errors of reading a payload: what is wrong and where, never what it said.

use serde::de::DeserializeOwned;
use std::fmt;

/// What kind of problem a [`ReadError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The bytes are not JSON (or not UTF-8).
    Syntax,
    /// The input ended in the middle of a value.
    Eof,
    /// Valid JSON of the wrong shape: a string where a number belongs, say.
    Data,
}

/// A payload could not be read: what is wrong and where (a JSON path, and the
/// line and column when the input was text).
///
/// The message never quotes the input: serde's messages name the offending
/// value (`invalid type: string "tone1"`), and a payload may carry tones, so
/// quoted strings are removed. It says what was expected instead.
///
/// ```
/// use graph_comms_models::{ReadErrorKind, ToneInfo};
///
/// let err = graph_comms_models::from_slice::<ToneInfo>(br#"{"sequenceId": "tone1"}"#).unwrap_err();
/// assert_eq!(err.kind(), ReadErrorKind::Data);
/// assert_eq!(err.path(), "$.sequenceId");
/// assert_eq!((err.line(), err.column()), (Some(1), Some(22)));
/// assert!(!err.to_string().contains("tone1"));
/// ```
// `Debug` is derived: the message has had quoted input removed, and a path
// names keys, never values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    kind: ReadErrorKind,
    path: String,
    line: usize,
    column: usize,
    message: String,
}

impl ReadError {
    /// What kind of problem this is.
    pub fn kind(&self) -> ReadErrorKind {
        self.kind
    }

    /// Where the problem is, as a JSON path from the document root (`$`), such
    /// as `$.value[2].resourceData.toneInfo.sequenceId`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line (1-based) of the problem, when it was found in text.
    pub fn line(&self) -> Option<usize> {
        (self.line != 0).then_some(self.line)
    }

    /// The column (1-based) of the problem, when it was found in text.
    pub fn column(&self) -> Option<usize> {
        (self.line != 0).then_some(self.column)
    }

    /// What is wrong, without the position (which [`fmt::Display`] adds).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// An error of the given kind at a path, found in a value rather than in text.
    pub fn new(kind: ReadErrorKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        ReadError {
            kind,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// Converts a `serde_json` error found at `path`, redacting quoted input.
    pub(crate) fn from_json(err: &serde_json::Error, path: String) -> Self {
        let kind = match err.classify() {
            serde_json::error::Category::Eof => ReadErrorKind::Eof,
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                ReadErrorKind::Syntax
            }
            serde_json::error::Category::Data => ReadErrorKind::Data,
        };
        let mut text = err.to_string();
        if err.line() != 0 {
            let suffix = format!(" at line {} column {}", err.line(), err.column());
            if text.ends_with(&suffix) {
                text.truncate(text.len() - suffix.len());
            }
        }
        ReadError {
            kind,
            path,
            line: err.line(),
            column: err.column(),
            message: redact_quoted(&text),
        }
    }

    /// Prefixes the path with where the value sat in a larger document.
    pub(crate) fn within(mut self, prefix: &str) -> Self {
        if prefix != "$" {
            self.path = format!("{prefix}{}", &self.path[1..]);
        }
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.message, self.path)?;
        if self.line != 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

/// Formats a `serde_path_to_error` path as `$.a.b[3]`.
pub(crate) fn format_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    // Deeply nested input (serde_json stops at 128 levels) would give a path
    // longer than the message: keep its start and its end.
    const HEAD: usize = 12;
    const TAIL: usize = 6;
    let segments: Vec<&Segment> = path
        .iter()
        .filter(|segment| !matches!(segment, Segment::Unknown))
        .collect();
    let elided = segments.len() > HEAD + TAIL + 1;
    let mut out = String::from("$");
    for (i, segment) in segments.iter().enumerate() {
        if elided && i == HEAD {
            out.push_str(&format!("…({} more)…", segments.len() - HEAD - TAIL));
        }
        if elided && (HEAD..segments.len() - TAIL).contains(&i) {
            continue;
        }
        match segment {
            Segment::Seq { index } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                graph_comms_core::push_json_member(&mut out, key)
            }
            // Where a key could not be read there is no name to give.
            Segment::Unknown => {}
        }
    }
    out
}

/// Removes the input that serde quotes in its messages: `string "…"` becomes
/// `a string`, ``character `…` `` becomes `a character`.
pub(crate) fn redact_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next_str = rest.find("string \"");
        let next_char = rest.find("character `");
        let (at, open, close, replacement) = match (next_str, next_char) {
            (Some(s), Some(c)) if c < s => (c, "character `".len(), '`', "a character"),
            (Some(s), _) => (s, "string \"".len(), '"', "a string"),
            (None, Some(c)) => (c, "character `".len(), '`', "a character"),
            (None, None) => break,
        };
        out.push_str(&rest[..at]);
        let body = &rest[at + open..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' && close == '"' {
                escaped = true;
            } else if c == close {
                end = Some(i);
                break;
            }
        }
        out.push_str(replacement);
        match end {
            Some(i) => rest = &body[i + close.len_utf8()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads one wire value from JSON bytes, strictly: the first problem is the
/// error, with its JSON path, line and column. A leading UTF-8 byte-order mark
/// is skipped.
///
/// For a callback body prefer [`crate::CommsNotifications::from_slice`], which
/// keeps reading the other notifications when one resource is malformed.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match parse(bytes) {
        Ok(value) => Ok(value),
        Err(_) => Err(locate_error::<T>(bytes)),
    }
}

/// One pass of serde_json over `bytes`, with UTF-8 validated once for the
/// whole body rather than string by string.
///
/// `serde_json::from_slice` checks each string it hands out with
/// `str::from_utf8`, a call per string that took a fifth of the instructions of
/// a typed decode; checking the whole body first (about 19× the speed of the
/// JSON scan: the `utf8_check` line of the decode bench) and then reading it
/// as `&str` skips those calls. The result is the same for every input: a
/// body that is not UTF-8 goes through `serde_json::from_slice`, which fails
/// with the line and column of the first bad byte, exactly as before.
pub(crate) fn parse<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// Runs a failed read again, tracking the path (the slow path, only on error).
pub(crate) fn locate_error<T: DeserializeOwned>(bytes: &[u8]) -> ReadError {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(err) => ReadError::from_json(err.inner(), format_path(err.path())),
        Ok(_) => match deserializer.end() {
            Err(err) => ReadError::from_json(&err, "$".to_owned()),
            Ok(()) => ReadError::new(ReadErrorKind::Data, "$", "the input could not be read"),
        },
    }
}

/// Reads one wire value from an already-parsed JSON value; the path of an
/// error starts at `prefix`.
pub(crate) fn from_value_at<T: DeserializeOwned>(
    value: &serde_json::Value,
    prefix: &str,
) -> Result<T, ReadError> {
    serde_path_to_error::deserialize(value)
        .map_err(|err| ReadError::from_json(err.inner(), format_path(err.path())).within(prefix))
}

#[cfg(test)]
mod parse_tests {
    use super::parse;
    use crate::CommsNotifications;
    use proptest::prelude::*;
    use serde_json::Value;

    const DOCUMENTED: &[u8] =
        include_bytes!("../../../fixtures/notifications/documented-tone.json");

    /// Reading with UTF-8 checked once must give exactly what
    /// `serde_json::from_slice` gives: the same value, or the same error at the
    /// same line and column.
    fn agrees(bytes: &[u8]) -> Result<(), TestCaseError> {
        let fast = parse::<Value>(bytes).map_err(|e| e.to_string());
        let slow = serde_json::from_slice::<Value>(bytes).map_err(|e| e.to_string());
        prop_assert_eq!(fast, slow);
        let fast = parse::<CommsNotifications>(bytes).map_err(|e| e.to_string());
        let slow = serde_json::from_slice::<CommsNotifications>(bytes).map_err(|e| e.to_string());
        prop_assert_eq!(fast, slow);
        Ok(())
    }

    #[test]
    fn invalid_utf8_keeps_its_position() {
        let mut bytes = DOCUMENTED.to_vec();
        let at = bytes.windows(5).position(|w| w == b"tone1").unwrap();
        bytes[at] = 0xFF;
        let err = parse::<Value>(&bytes).unwrap_err();
        assert_eq!((err.line(), err.column()), (14, 20), "{err}");
        agrees(&bytes).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The documented notification with a few bytes overwritten: any
        /// byte, so invalid UTF-8, broken escapes and broken syntax all occur.
        #[test]
        fn agrees_with_from_slice(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4)
        ) {
            let mut bytes = DOCUMENTED.to_vec();
            for (index, byte) in edits {
                let at = index.index(bytes.len());
                bytes[at] = byte;
            }
            agrees(&bytes)?;
        }

        /// Arbitrary text in a string value, escapes and non-ASCII included.
        #[test]
        fn agrees_on_any_string(text in "(\\PC|\\\\[\"\\\\/bfnrtu]|\\\\u[0-9a-fA-F]{4}|[\\x00-\\x1f])*") {
            let body = format!(r#"{{"value":[{{"resourceUrl":"{text}","x":"{text}"}}]}}"#);
            agrees(body.as_bytes())?;
        }
    }
}
