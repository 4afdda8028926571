//! Untrusted text made safe to print on a terminal: the one rule of the
//! workspace, shared by the CLI and the bots.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` from outside the program (a call id, a tone value, a file name, a
/// message that names a JSON key) made safe to print on a terminal: every
/// control character (C0, DEL, C1), every bidirectional mark, override or
/// isolate, and the line and paragraph separators (U+2028, U+2029) are
/// written as escapes (`\n`, `\r`, `\t`, else `\u{1b}`, `\u{202e}`), so that
/// whoever wrote the input cannot move the cursor, clear the screen, forge a
/// line or reorder what the reader sees ("Trojan Source", CVE-2021-42574).
/// Text with nothing to escape is borrowed as it is.
///
/// JSON output needs none of this (serde_json escapes control characters
/// itself, and JSON must stay exact).
///
/// ```
/// use graph_comms_core::terminal_safe;
///
/// assert_eq!(terminal_safe("call 42"), "call 42");
/// assert_eq!(terminal_safe("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
/// assert_eq!(terminal_safe("id\u{202e}gnp.exe"), "id\\u{202e}gnp.exe");
/// ```
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `c` could change what a terminal shows beyond printing a glyph.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Arabic letter mark, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI:
            // the bidirectional controls of "Trojan Source" (CVE-2021-42574).
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            // Line and paragraph separators.
            | '\u{2028}' | '\u{2029}'
        )
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;
    use std::borrow::Cow;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            terminal_safe("caf\u{e9} 1234 #"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_bidi_and_separators_are_escaped() {
        for (input, shown) in [
            ("\r\t", "\\r\\t"),
            ("\u{7f}\u{85}\u{9b}", "\\u{7f}\\u{85}\\u{9b}"),
            ("\u{061c}\u{200e}\u{200f}", "\\u{61c}\\u{200e}\\u{200f}"),
            ("\u{202a}\u{202e}", "\\u{202a}\\u{202e}"),
            ("\u{2066}\u{2069}", "\\u{2066}\\u{2069}"),
            ("a\u{2028}b\u{2029}", "a\\u{2028}b\\u{2029}"),
        ] {
            assert_eq!(terminal_safe(input), shown);
        }
        // Nothing dangerous is left in the output.
        let out = terminal_safe("\u{1b}]0;title\u{7}\u{202e}x");
        assert!(!out.chars().any(|c| c.is_control() || c == '\u{202e}'));
    }
}
