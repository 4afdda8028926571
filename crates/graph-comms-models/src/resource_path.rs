//! The parts of a notification's `resourceUrl` below the call: whether it
//! names the call itself, and the operation id of `…/operations/{id}`.
//!
//! The call id itself comes from `call_id_in_path` (comms_notification.rs);
//! these helpers start where it ends, so that both move together when the
//! path rules get their own home.

use crate::comms_notification::call_id_in_path;

/// What follows the call id in `path` (`""` for the call itself,
/// `"/operations/x"` for an operation), or `None` when no call is named.
pub(crate) fn after_call_id(path: &str) -> Option<&str> {
    let id = call_id_in_path(path)?;
    // `id` is a slice of `path`: its end is where the rest starts.
    let end = id.as_ptr() as usize - path.as_ptr() as usize + id.len();
    Some(&path[end..])
}

/// Whether `path` names a call itself: `…/calls/{id}`, nothing after the id
/// but a query, a fragment or a trailing `/`.
pub(crate) fn names_call_itself(path: &str) -> bool {
    after_call_id(path)
        .is_some_and(|rest| matches!(rest.bytes().next(), None | Some(b'?' | b'#')) || rest == "/")
}

/// The operation id of `…/calls/{id}/operations/{opId}` (the segment after
/// `operations`, ASCII case-insensitive, when it is not empty, `.` or `..`);
/// `None` for any other path.
pub(crate) fn operation_id_in_path(path: &str) -> Option<&str> {
    let rest = after_call_id(path)?.strip_prefix('/')?;
    let (segment, rest) = rest.split_at(rest.find('/')?);
    if !segment.eq_ignore_ascii_case("operations") {
        return None;
    }
    let rest = &rest[1..];
    let end = memchr::memchr3(b'/', b'?', b'#', rest.as_bytes()).unwrap_or(rest.len());
    let id = &rest[..end];
    (!matches!(id, "" | "." | "..")).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

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
