//! Writing: human lines made safe for a terminal, JSON, and the exit status.

use clap::builder::styling::{AnsiColor, Style};
use serde::Serialize;
use std::fmt::{Display, Write as _};
use std::io::{self, Write};

/// How a run ended; [`ExitStatus::code`] is the process exit code.
///
/// Ordered by severity, so the worst of several is their `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ExitStatus {
    /// 0: no error (warnings allowed).
    Success,
    /// 1: at least one error in the input (a body that is not JSON included).
    InputErrors,
    /// 2: a usage or I/O error.
    UsageOrIo,
}

impl ExitStatus {
    /// 0, 1 or 2.
    pub const fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::InputErrors => 1,
            ExitStatus::UsageOrIo => 2,
        }
    }
}

pub(crate) const ERROR: Style = AnsiColor::Red.on_default().bold();
pub(crate) const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub(crate) const OK: Style = AnsiColor::Green.on_default().bold();
pub(crate) const EMPHASIS: Style = Style::new().bold();
pub(crate) const DIM: Style = Style::new().dimmed();

/// Untrusted text made safe for a terminal: the workspace's one rule,
/// graph-comms-core's (control characters, bidirectional controls and the
/// line separators escaped). Every human-format line is built by [`Line`],
/// which applies it to all the text it is given; JSON output is not touched.
pub(crate) use graph_comms_core::terminal_safe;

/// One line of human output. Everything given to it goes through
/// [`terminal_safe`]; only its own styles (ANSI escapes, which `anstream`
/// removes when the output is not a terminal) and the final newline are
/// written as they are. Build it, then [`Line::write`] it.
#[derive(Debug, Default)]
#[must_use]
pub(crate) struct Line {
    text: String,
}

impl Line {
    pub(crate) fn new() -> Self {
        Line::default()
    }

    /// Plain text.
    pub(crate) fn text(mut self, text: impl Display) -> Self {
        self.push(&text.to_string());
        self
    }

    /// Text in `style`.
    pub(crate) fn styled(mut self, style: Style, text: impl Display) -> Self {
        let _ = write!(self.text, "{style}");
        self.push(&text.to_string());
        let _ = write!(self.text, "{style:#}");
        self
    }

    /// A value from the input that the program does not know (an unknown
    /// tone): shown quoted and marked, so that `tone1\u{0}` cannot pass for
    /// `tone1`.
    pub(crate) fn unknown(self, what: &str, value: &str) -> Self {
        self.text("\"")
            .text(value)
            .text("\" ")
            .styled(WARNING, format_args!("(unknown {what})"))
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(&terminal_safe(text));
    }

    /// Writes the line and a newline.
    pub(crate) fn write(self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", self.text)
    }
}

/// `error: {message}` on stderr.
pub(crate) fn error(stderr: &mut dyn Write, message: impl Display) -> io::Result<()> {
    Line::new()
        .styled(ERROR, "error")
        .text(": ")
        .text(message)
        .write(stderr)
}

/// `warning: {message}` on stderr.
pub(crate) fn warning(stderr: &mut dyn Write, message: impl Display) -> io::Result<()> {
    Line::new()
        .styled(WARNING, "warning")
        .text(": ")
        .text(message)
        .write(stderr)
}

/// The JSON document of a run that could not do its job (exit status 2) when
/// `--format json` was asked for: `{"errors": [{"message": "..."}]}`, so that
/// stdout is one JSON document on every exit path.
#[derive(Debug, Serialize)]
pub(crate) struct JsonErrors {
    errors: Vec<JsonError>,
}

/// One entry of an `errors` array: what is wrong and, when it is about one
/// input, which (`source`) and where in it (`index`: the notification).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct JsonError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) index: Option<usize>,
    pub(crate) message: String,
}

impl JsonErrors {
    pub(crate) fn one(message: String) -> Self {
        JsonErrors {
            errors: vec![JsonError {
                source: None,
                index: None,
                message,
            }],
        }
    }
}

/// One JSON document, pretty-printed, and a newline.
pub(crate) fn json(stdout: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *stdout, value)?;
    writeln!(stdout)
}

/// `1 error` / `2 errors`.
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}
