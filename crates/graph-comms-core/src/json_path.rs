//! The one notation of a location in a JSON document.

/// Appends member `key` to a JSON path: `.key` for a plain name, `['key']`
/// otherwise (quotes and backslashes escaped, control characters written as
/// `\uXXXX`). Every location the graph-comms crates report in a JSON
/// document (a read error's path, a diagnostic's location) is written so.
///
/// A key longer than [`JSON_MEMBER_SHOWN`] characters is shortened to its
/// first ones and `…` (in the bracket notation), so that a hostile body's
/// 100 000-character name cannot flood a message or a terminal.
///
/// ```
/// let mut path = String::from("$");
/// graph_comms_core::push_json_member(&mut path, "value");
/// graph_comms_core::push_json_member(&mut path, "odd key");
/// assert_eq!(path, "$.value['odd key']");
/// ```
pub fn push_json_member(out: &mut String, key: &str) {
    let long = key.chars().nth(JSON_MEMBER_SHOWN).is_some();
    let plain = !long
        && !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.' | '-'));
    if plain {
        out.push('.');
        out.push_str(key);
        return;
    }
    out.push_str("['");
    for c in key.chars().take(JSON_MEMBER_SHOWN) {
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
    if long {
        out.push('…');
    }
    out.push_str("']");
}

/// How many characters of a member name [`push_json_member`] shows at most.
pub const JSON_MEMBER_SHOWN: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_key_is_shortened_in_bracket_notation() {
        let mut path = String::from("$");
        push_json_member(&mut path, &"a".repeat(100_000));
        assert_eq!(path, format!("$['{}…']", "a".repeat(JSON_MEMBER_SHOWN)));
        let mut exact = String::from("$");
        push_json_member(&mut exact, &"b".repeat(JSON_MEMBER_SHOWN));
        assert_eq!(exact, format!("$.{}", "b".repeat(JSON_MEMBER_SHOWN)));
    }
}
