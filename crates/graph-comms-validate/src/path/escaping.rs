//! The escaping checks of [`analyze_path`](super::analyze_path): encoded
//! slashes, broken `%` escapes, the percent-decoded id against its rule, and
//! placeholders such as `{id}`.
//!
//! graph-comms-core's `is_dot_segment` and `encode_segment` are the other
//! half of these rules; the analyzer calls `is_dot_segment` directly. Core
//! has no decoding or placeholder check, so these live here.

use crate::{CallId, IdError, OperationId};

/// `%2F` or `%5C` (any case) in a raw segment.
pub(super) fn find_encoded_slash(raw: &str) -> Option<&'static str> {
    let bytes = raw.as_bytes();
    bytes.windows(3).find_map(|w| match w {
        [b'%', b'2', b'f' | b'F'] => Some("%2F"),
        [b'%', b'5', b'c' | b'C'] => Some("%5C"),
        _ => None,
    })
}

/// Whether a `%` in `raw` is not followed by two hex digits.
pub(super) fn has_bad_escape(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Checks the percent-decoded form of an id segment against the [`CallId`]
/// rule; `Err(None)` when it does not decode to UTF-8. Decodes into a stack
/// buffer (ids are short), so a valid id allocates nothing.
pub(super) fn check_decoded(raw: &str, kind: IdKind) -> Result<(), Option<IdError>> {
    let mut buffer = [0u8; 256];
    if raw.len() > buffer.len() {
        let decoded = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| None)?;
        return kind.check(&decoded).map_err(Some);
    }
    // Decoding never makes a segment longer, so every byte has a slot.
    let mut len = 0;
    for (slot, byte) in buffer
        .iter_mut()
        .zip(percent_encoding::percent_decode_str(raw))
    {
        *slot = byte;
        len += 1;
    }
    let decoded = std::str::from_utf8(&buffer[..len]).map_err(|_| None)?;
    kind.check(decoded).map_err(Some)
}

/// Whether an id segment is a placeholder such as `{id}` or `%7Bcall-id%7D`
/// (braces, raw or percent-encoded, around the whole segment).
pub(super) fn is_placeholder(raw: &str) -> bool {
    // Without allocating: a clean path's analysis allocates nothing.
    let starts = |p: &str| {
        raw.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    let ends = |p: &str| {
        raw.len() >= p.len()
            && raw
                .get(raw.len() - p.len()..)
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    raw.len() >= 2 && (starts("{") || starts("%7b")) && (ends("}") || ends("%7d"))
}

/// Which id a segment holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum IdKind {
    Call,
    Operation,
}

impl IdKind {
    /// The rule of this id.
    pub(super) fn check(self, id: &str) -> Result<(), IdError> {
        match self {
            IdKind::Call => CallId::check(id),
            IdKind::Operation => OperationId::check(id),
        }
    }
}
