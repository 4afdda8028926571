//! The lexer of [`analyze_path`](super::analyze_path): the `/`-separated
//! segments with their offsets, and the scheme, host and root words.
//!
//! graph-comms-core has the same scheme, host and root rules for
//! `call_id_in_path` (`scheme_end`, `host_of`, `is_calls_root` in its
//! `path.rs`), but they are private to core: exporting them only for this
//! crate would make them public surface of core for a sibling, which the
//! workspace avoids. So they are repeated here; the two copies must agree,
//! and `tests/call_id_rule.rs` checks that they do (`analyze_path` and
//! `call_id_in_path` find the same call id on any input).

/// One path segment: its text and where it is in the input.
#[derive(Clone, Copy, Debug)]
pub(super) struct Segment<'a> {
    pub(super) text: &'a str,
    /// Byte offsets of the segment in the input.
    pub(super) start: usize,
    pub(super) end: usize,
    /// 1-based position in the path.
    pub(super) index: usize,
}

/// The `/`-separated segments of `input[start..end]`, with their offsets.
#[derive(Clone, Debug)]
pub(super) struct Segments<'a> {
    input: &'a str,
    pos: usize,
    end: usize,
    index: usize,
    done: bool,
}

impl<'a> Segments<'a> {
    pub(super) fn new(input: &'a str, start: usize, end: usize) -> Self {
        Segments {
            input,
            pos: start,
            end,
            index: 0,
            done: start >= end,
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;
    fn next(&mut self) -> Option<Segment<'a>> {
        if self.done {
            return None;
        }
        let rest = &self.input[self.pos..self.end];
        let (len, next) = match rest.find('/') {
            Some(i) => (i, self.pos + i + 1),
            None => {
                self.done = true;
                (rest.len(), self.end)
            }
        };
        self.index += 1;
        let segment = Segment {
            text: &rest[..len],
            start: self.pos,
            end: self.pos + len,
            index: self.index,
        };
        self.pos = next;
        Some(segment)
    }
}

/// `communications`, `app` or `applications`, any case: the words that start
/// a calls root.
pub(super) fn is_root(segment: &str) -> bool {
    ["communications", "app", "applications"]
        .iter()
        .any(|root| root.eq_ignore_ascii_case(segment))
}

/// Splits `text` at the first `c`: (before, after without `c`).
pub(super) fn split_at_char(text: &str, c: char) -> (&str, Option<&str>) {
    match text.find(c) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    }
}

/// The scheme of an absolute URL and the offset just after `://`.
pub(super) fn scheme_of(text: &str) -> Option<(&str, usize)> {
    let colon = text.find("://")?;
    let scheme = &text[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((scheme, colon + 3))
}

/// The host of an authority: without user info and port.
pub(super) fn host_of(authority: &str) -> &str {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return host_port.find(']').map_or(host_port, |i| &host_port[..=i]);
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    }
}
