//! Writing: styles for human output, JSON, and the exit status.

use clap::builder::styling::{AnsiColor, Style};
use serde::Serialize;
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

/// `text` in `style` (ANSI escapes, which `anstream` removes when the output
/// is not a terminal).
pub(crate) fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// `error: {message}` on stderr.
pub(crate) fn error(stderr: &mut dyn Write, message: impl std::fmt::Display) -> io::Result<()> {
    writeln!(stderr, "{}: {message}", paint(ERROR, "error"))
}

/// `warning: {message}` on stderr.
pub(crate) fn warning(stderr: &mut dyn Write, message: impl std::fmt::Display) -> io::Result<()> {
    writeln!(stderr, "{}: {message}", paint(WARNING, "warning"))
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
