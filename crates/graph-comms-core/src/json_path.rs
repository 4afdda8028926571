//! The one notation of a location in a JSON document.

/// Appends member `key` to a JSON path: `.key` for a plain name, `['key']`
/// otherwise (quotes and backslashes escaped, control characters written as
/// `\uXXXX`). Every location the graph-comms crates report in a JSON
/// document (a read error's path, a diagnostic's location) is written so.
///
/// ```
/// let mut path = String::from("$");
/// graph_comms_core::push_json_member(&mut path, "value");
/// graph_comms_core::push_json_member(&mut path, "odd key");
/// assert_eq!(path, "$.value['odd key']");
/// ```
pub fn push_json_member(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.' | '-'));
    if plain {
        out.push('.');
        out.push_str(key);
        return;
    }
    out.push_str("['");
    for c in key.chars() {
        match c {
            '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                use std::fmt::Write;
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str("']");
}
