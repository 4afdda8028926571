//! The diagnostics of a `clientContext`: the refusals of
//! [`ClientContext`]'s rule as diagnostic codes, and the warnings about values
//! it accepts.

use crate::{
    ClientContext, ClientContextError, ClientContextErrorKind, Diagnostic, DiagnosticCode,
};

/// Every diagnostic for `value` as a clientContext: the error when
/// [`ClientContext`] refuses it, otherwise the warnings (none for an ordinary
/// value). No location is set; the body check sets `$.clientContext`.
///
/// ```
/// use graph_comms_validate::{diagnose_client_context, DiagnosticCode};
///
/// assert!(diagnose_client_context("fd1c7836-4d84-4e24-b6aa-23188688cc54").is_empty());
/// assert_eq!(diagnose_client_context("")[0].code, DiagnosticCode::ClientContextEmpty);
/// assert_eq!(diagnose_client_context("a\nb")[0].code, DiagnosticCode::ClientContextControlCharacter);
/// ```
pub fn diagnose_client_context(value: &str) -> Vec<Diagnostic> {
    match ClientContext::check(value) {
        Err(err) => vec![Diagnostic::from(err)],
        Ok(()) => utf16_warning(value)
            .into_iter()
            .chain(control_character_warning(value))
            .collect(),
    }
}

/// The [`DiagnosticCode::ClientContextUtf16Length`] warning when `context` is
/// over 256 UTF-16 code units (only possible with characters outside the
/// Basic Multilingual Plane); `None` otherwise.
///
/// ```
/// use graph_comms_validate::{client_context_utf16_warning, ClientContext, DiagnosticCode};
///
/// let emoji = ClientContext::new("😀".repeat(256))?;
/// let warning = client_context_utf16_warning(&emoji).unwrap();
/// assert_eq!(warning.code, DiagnosticCode::ClientContextUtf16Length);
/// assert!(client_context_utf16_warning(&ClientContext::generate()).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn client_context_utf16_warning(context: &ClientContext) -> Option<Diagnostic> {
    utf16_warning(context.as_str())
}

/// The control-character warning for a value: it names the first control
/// character by code point and position, never the value.
fn control_character_warning(value: &str) -> Option<Diagnostic> {
    let (index, c) = value.chars().enumerate().find(|(_, c)| c.is_control())?;
    Some(Diagnostic::new(
        DiagnosticCode::ClientContextControlCharacter,
        format!(
            "clientContext contains a control character (U+{:04X}) at character {index}: the \
             value comes back in the operation and in every notification, where logs and other \
             systems may mangle or misread it; use printable text, such as a UUID from \
             ClientContext::generate()",
            u32::from(c)
        ),
    ))
}

/// The UTF-16 warning for a value that passed [`ClientContext::check`].
fn utf16_warning(value: &str) -> Option<Diagnostic> {
    // A value of at most 128 bytes has at most 128 UTF-16 units.
    if value.len() <= ClientContext::MAX_CHARS / 2 {
        return None;
    }
    let units: usize = value.chars().map(char::len_utf16).sum();
    if units <= ClientContext::MAX_CHARS {
        return None;
    }
    let chars = value.chars().count();
    Some(Diagnostic::new(
        DiagnosticCode::ClientContextUtf16Length,
        format!(
            "clientContext is {chars} characters but {units} UTF-16 code units long; the limit is \
             {max} and the service (.NET) may count UTF-16 units and refuse it: keep it within \
             {max} UTF-16 units, e.g. without emoji or other characters outside the Basic \
             Multilingual Plane (a UUID from ClientContext::generate() always fits)",
            max = ClientContext::MAX_CHARS,
        ),
    ))
}

impl From<ClientContextError> for Diagnostic {
    /// The refusal as a diagnostic (without a location): the code of its
    /// kind and its message.
    fn from(err: ClientContextError) -> Self {
        let code = match err.kind() {
            ClientContextErrorKind::TooLong => DiagnosticCode::ClientContextTooLong,
            _ => DiagnosticCode::ClientContextEmpty,
        };
        Diagnostic::new(code, err.to_string())
    }
}
