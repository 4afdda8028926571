//! The path-segment rules: what a dot segment is, how an id is
//! percent-encoded into one segment, and where a path names its call.

use crate::{ApiVersion, NationalCloud};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, PercentEncode, utf8_percent_encode};

/// What RFC 6570 simple expansion leaves alone: the unreserved characters
/// `A-Z a-z 0-9 - . _ ~`. Every other byte of the UTF-8 form, `%` included,
/// is written `%XX`, as the official SDK's URL templates do (Kiota's
/// std-uritemplate; see <https://www.rfc-editor.org/rfc/rfc6570#section-3.2.2>).
pub const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` percent-encoded as one path segment with [`PATH_SEGMENT`]: the
/// output has no `/`, `?`, `#` or `%` other than the `%XX` escapes.
///
/// ```
/// use graph_comms_core::encode_segment;
///
/// assert_eq!(encode_segment("a/b c?d#e%41é+{}").to_string(), "a%2Fb%20c%3Fd%23e%2541%C3%A9%2B%7B%7D");
/// ```
pub fn encode_segment(text: &str) -> PercentEncode<'_> {
    utf8_percent_encode(text, PATH_SEGMENT)
}

/// Whether a raw path segment (as written in a URL) is `.` or `..`, with the
/// dots possibly written `%2E` or `%2e`: the segments URL resolution removes
/// (<https://www.rfc-editor.org/rfc/rfc3986#section-5.2.4>), so a request
/// with one reaches another resource.
///
/// ```
/// use graph_comms_core::is_dot_segment;
///
/// assert!(is_dot_segment(".."));
/// assert!(is_dot_segment("%2e%2E"));
/// assert!(!is_dot_segment("..."));
/// assert!(!is_dot_segment(""));
/// ```
pub fn is_dot_segment(raw: &str) -> bool {
    let mut rest = raw.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        if rest[0] == b'.' {
            rest = &rest[1..];
        } else if rest.len() >= 3
            && rest[0] == b'%'
            && rest[1] == b'2'
            && matches!(rest[2], b'e' | b'E')
        {
            rest = &rest[3..];
        } else {
            return false;
        }
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

/// The call id a path or URL of the Graph calls API names, as written (not
/// percent-decoded); `None` when it is not a calls path or the id segment is
/// empty or a dot segment.
///
/// This is the one rule of the workspace: a notification's `resourceUrl`
/// (graph-comms-models), `analyze_path` (graph-comms-validate) and the DTMF
/// router (which takes the ids the models give) all follow it.
///
/// A calls path is, after an optional `scheme://host` (or a Graph host
/// without a scheme), an optional API version segment (or one unknown
/// segment in that place, before a root), one of the roots
/// `communications`, `app` or `applications/{appId}`, then `calls`, then the
/// id. Segment names match ASCII case-insensitively, as Graph matches them;
/// the query and the fragment are ignored. So `/me/calls/x` and `calls/x`
/// name no call: `/me` is not a root of the calling API.
///
/// ```
/// use graph_comms_core::call_id_in_path;
///
/// assert_eq!(call_id_in_path("/communications/calls/57dab8b1/participants"), Some("57dab8b1"));
/// assert_eq!(call_id_in_path("/app/calls/ABC"), Some("ABC"));
/// assert_eq!(call_id_in_path("https://graph.microsoft.com/v1.0/communications/CALLS/abc?x=1"), Some("abc"));
/// assert_eq!(call_id_in_path("/applications/app-id/calls/abc"), Some("abc"));
/// assert_eq!(call_id_in_path("/me/calls/x"), None);
/// assert_eq!(call_id_in_path("/communications/calls/%2E%2E"), None);
/// ```
#[inline]
pub fn call_id_in_path(path: &str) -> Option<&str> {
    // This runs once per tone event. The two shapes Graph sends take a short
    // cut: the prefix fixes where the `calls` segment is, so only the end of
    // the id is left to find. It finds what the general walk below finds.
    for prefix in ["/communications/calls/", "/app/calls/"] {
        // The exact spelling is a plain comparison; any other casing is rare.
        if let Some(head) = path.as_bytes().get(..prefix.len())
            && (head == prefix.as_bytes() || head.eq_ignore_ascii_case(prefix.as_bytes()))
        {
            let rest = &path[prefix.len()..];
            let end = rest
                .bytes()
                .position(|b| matches!(b, b'/' | b'?' | b'#'))
                .unwrap_or(rest.len());
            return named_call(&rest[..end]);
        }
    }
    call_id_by_segments(path)
}

/// The id segment, unless it is empty or a dot segment: those name no call
/// (and `..` would climb out of the path if it were used in a request).
fn named_call(segment: &str) -> Option<&str> {
    (!segment.is_empty() && !is_dot_segment(segment)).then_some(segment)
}

/// The general walk of [`call_id_in_path`].
fn call_id_by_segments(input: &str) -> Option<&str> {
    let before_fragment = input.split('#').next().unwrap_or_default();
    let path = before_fragment.split('?').next().unwrap_or_default();
    let path_start = path_start(path);
    let mut start = path_start;
    if path[start..].starts_with('/') {
        start += 1;
    }
    let mut end = path.len();
    if end > start && path.ends_with('/') {
        end -= 1;
    }
    if start >= end {
        return None;
    }
    let mut segments = path[start..end].split('/');

    // The version, or an unknown segment in its place before a root.
    let first = segments.clone().next()?;
    if ApiVersion::from_segment(first).is_some() {
        segments.next();
    } else if !first.is_empty() && !is_calls_root(first) {
        let mut ahead = segments.clone();
        ahead.next();
        if ahead.next().is_some_and(is_calls_root) {
            segments.next();
        }
    }
    // The root.
    let root = segments.next()?;
    if root.eq_ignore_ascii_case("applications") {
        segments.next()?;
    } else if !is_calls_root(root) {
        return None;
    }
    if !segments.next()?.eq_ignore_ascii_case("calls") {
        return None;
    }
    named_call(segments.next()?)
}

/// Where the path of `text` (without query and fragment) starts: after
/// `scheme://authority`, after a Graph host written without a scheme, or at 0.
fn path_start(text: &str) -> usize {
    if let Some(authority_start) = scheme_end(text) {
        return text[authority_start..]
            .find('/')
            .map_or(text.len(), |i| authority_start + i);
    }
    if !text.starts_with('/') {
        let first_end = text.find('/').unwrap_or(text.len());
        if NationalCloud::from_host(host_of(&text[..first_end])).is_some() {
            return first_end;
        }
    }
    0
}

/// `communications`, `app` or `applications`, any case.
fn is_calls_root(segment: &str) -> bool {
    ["communications", "app", "applications"]
        .iter()
        .any(|root| root.eq_ignore_ascii_case(segment))
}

/// The offset just after `scheme://` when `text` starts with a valid scheme
/// (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
pub(crate) fn scheme_end(text: &str) -> Option<usize> {
    let colon = text.find("://")?;
    let mut chars = text[..colon].chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(colon + 3)
}

/// The host of an authority: without user info and port.
pub(crate) fn host_of(authority: &str) -> &str {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return host_port.find(']').map_or(host_port, |i| &host_port[..=i]);
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    }
}

/// The operation id of `…/calls/{callId}/operations/{operationId}` (the
/// segment after `operations`, ASCII case-insensitively, when it is not
/// empty, `.` or `..`), with the call found by [`call_id_in_path`]; `None`
/// for any other path. This is how a notification's `resourceUrl` names the
/// operation whose outcome it carries.
///
/// ```
/// use graph_comms_core::operation_id_in_path;
///
/// assert_eq!(operation_id_in_path("/communications/calls/C/operations/O"), Some("O"));
/// assert_eq!(operation_id_in_path("/app/calls/C/Operations/O?x"), Some("O"));
/// assert_eq!(operation_id_in_path("/communications/calls/C"), None);
/// assert_eq!(operation_id_in_path("/communications/calls/C/operations/.."), None);
/// ```
pub fn operation_id_in_path(path: &str) -> Option<&str> {
    let rest = after_call_id(path)?.strip_prefix('/')?;
    let (segment, rest) = rest.split_at(rest.find('/')?);
    if !segment.eq_ignore_ascii_case("operations") {
        return None;
    }
    let rest = &rest[1..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let id = &rest[..end];
    (!matches!(id, "" | "." | "..")).then_some(id)
}

/// Whether `path` names a call itself (`…/calls/{id}`, with nothing after
/// the id but a query, a fragment or one trailing `/`), as a notification
/// about the call, not about one of its operations or participants, does.
///
/// ```
/// use graph_comms_core::names_call_itself;
///
/// assert!(names_call_itself("/communications/calls/C"));
/// assert!(!names_call_itself("/communications/calls/C/operations/O"));
/// ```
pub fn names_call_itself(path: &str) -> bool {
    after_call_id(path)
        .is_some_and(|rest| matches!(rest.bytes().next(), None | Some(b'?' | b'#')) || rest == "/")
}

/// What follows the call id in `path` (`""` for the call itself,
/// `"/operations/x"` for an operation), or `None` when no call is named.
fn after_call_id(path: &str) -> Option<&str> {
    let id = call_id_in_path(path)?;
    // `id` is a slice of `path`: its end is where the rest starts.
    let end = id.as_ptr() as usize - path.as_ptr() as usize + id.len();
    Some(&path[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The short cut finds what the general walk finds.
        #[test]
        fn the_short_cut_agrees_with_the_walk(
            prefix in "(/communications/calls/|/COMMUNICATIONS/Calls/|/app/calls/|/App/CALLS/|/app/calls|/communications/call/|https://graph.microsoft.com/v1.0/communications/calls/)?",
            rest in "([a-z0-9.-]|/|\\?|#|%2F|%2e|calls|é){0,12}",
        ) {
            let path = format!("{prefix}{rest}");
            prop_assert_eq!(call_id_in_path(&path), call_id_by_segments(&path), "{}", path);
        }

        /// Encoding makes one segment that is never a dot segment unless the
        /// text was one.
        #[test]
        fn an_encoded_segment_stays_one_segment(text in "\\PC{0,16}") {
            let encoded = encode_segment(&text).to_string();
            prop_assert!(!encoded.contains(['/', '?', '#']));
            prop_assert_eq!(is_dot_segment(&encoded), text == "." || text == "..");
        }
    }

    #[test]
    fn call_ids_in_paths() {
        let cases = [
            ("/communications/calls/abc", Some("abc")),
            ("/communications/calls/abc/participants", Some("abc")),
            ("/app/calls/ABC/operations/x", Some("ABC")),
            (
                "https://graph.microsoft.com/v1.0/communications/CALLS/abc?x=1",
                Some("abc"),
            ),
            ("graph.microsoft.us/beta/app/calls/abc", Some("abc")),
            ("/v2.0/communications/calls/abc", Some("abc")),
            ("communications/calls/abc/", Some("abc")),
            ("/communications/calls/abc#frag", Some("abc")),
            ("/communications/calls/", None),
            ("/communications/calls", None),
            ("/communications/calls?x=/calls/abc", None),
            ("/communications/calls//x", None),
            ("", None),
            ("calls/a", None),
            ("/me/calls/x", None),
            ("/communications/calls/../../app/x", None),
            ("/communications/calls/./x", None),
            ("/communications/calls/%2e/x", None),
            ("/applications/app/calls/é", Some("é")),
        ];
        for (path, want) in cases {
            assert_eq!(call_id_in_path(path), want, "{path}");
        }
    }

    #[test]
    fn operation_ids_in_paths() {
        let cases = [
            ("/communications/calls/C/operations/O", Some("O")),
            ("/app/calls/C/Operations/O/x", Some("O")),
            (
                "https://graph.microsoft.com/v1.0/communications/calls/C/operations/O?x",
                Some("O"),
            ),
            ("/communications/calls/C/operations/O#f", Some("O")),
            ("/communications/calls/C/operations/", None),
            ("/communications/calls/C/operations", None),
            ("/communications/calls/C/operations/..", None),
            ("/communications/calls/C/participants/P", None),
            ("/communications/calls/C", None),
            ("/communications/calls/C?operations/O", None),
            ("", None),
        ];
        for (path, want) in cases {
            assert_eq!(operation_id_in_path(path), want, "{path}");
        }
    }

    #[test]
    fn the_call_itself() {
        for (path, want) in [
            ("/communications/calls/C", true),
            ("/communications/calls/C/", true),
            ("/communications/calls/C?x=1", true),
            ("/communications/calls/C/operations/O", false),
            ("/communications/calls/C/participants", false),
            ("/communications/calls/", false),
            ("/communications/other", false),
        ] {
            assert_eq!(names_call_itself(path), want, "{path}");
        }
    }
}
