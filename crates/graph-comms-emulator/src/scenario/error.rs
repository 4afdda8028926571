//! [`ScenarioError`]: a scenario file that cannot be run, and why.

use std::fmt;

/// What kind of problem a [`ScenarioError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScenarioErrorKind {
    /// The bytes are not JSON (or not UTF-8).
    Syntax,
    /// The file is larger than [`Scenario::MAX_BYTES`](super::Scenario::MAX_BYTES).
    TooLarge,
    /// A property that a scenario does not have: a typo, most often. A
    /// scenario is configuration, so an unknown property is refused rather
    /// than ignored.
    UnknownProperty,
    /// A required property is absent (`calls`, a step's `after`).
    MissingProperty,
    /// A value of the wrong JSON type: a number where a duration string
    /// belongs, say.
    WrongType,
    /// A value of the right type that is not valid: a duration without a
    /// unit or over the limit, a key that is not DTMF, a number out of range.
    InvalidValue,
    /// Properties that cannot go together, or a step without an action.
    Conflict,
}

/// A scenario file that cannot be run: what is wrong, where (a JSON path such
/// as `$.calls[0].steps[2].after`) and what to do.
///
/// The message never quotes a value from the file: a scenario holds key
/// presses (a PIN is tone data), so it names the place, the expected form and
/// a fixed example instead. Property names do appear, in the path, with
/// control characters escaped.
///
/// ```
/// use graph_comms_emulator::scenario::{Scenario, ScenarioErrorKind};
///
/// let err = Scenario::from_json(r#"{"calls": [{"steps": [{"after": "300", "press": "1234#"}]}]}"#)
///     .unwrap_err();
/// assert_eq!(err.kind(), ScenarioErrorKind::InvalidValue);
/// assert_eq!(err.path(), "$.calls[0].steps[0].after");
/// assert!(err.to_string().contains("unit"), "{err}");
/// assert!(!err.to_string().contains("1234"));
/// ```
// `Debug` is derived: every field is built from fixed text, numbers the
// crate chose (limits, positions) and escaped property names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    kind: ScenarioErrorKind,
    path: String,
    line: usize,
    column: usize,
    problem: String,
    fix: String,
}

impl ScenarioError {
    pub(crate) fn new(
        kind: ScenarioErrorKind,
        path: impl Into<String>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        ScenarioError {
            kind,
            path: path.into(),
            line: 0,
            column: 0,
            problem: problem.into(),
            fix: fix.into(),
        }
    }

    /// The same error, at a line and column of the text.
    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = if line == 0 { 0 } else { column.max(1) };
        self
    }

    /// A file that is not JSON: serde_json's syntax messages name the
    /// expected token, never the input.
    pub(crate) fn syntax(err: &serde_json::Error) -> Self {
        let mut text = err.to_string();
        if err.line() != 0 {
            let suffix = format!(" at line {} column {}", err.line(), err.column());
            if text.ends_with(&suffix) {
                text.truncate(text.len() - suffix.len());
            }
        }
        // Only syntax, EOF and I/O errors reach here (the document is read
        // as a `serde_json::Value`, which takes any JSON); a data error would
        // quote the input, so its text is not kept.
        if err.classify() == serde_json::error::Category::Data {
            text = "the document could not be read".to_owned();
        }
        ScenarioError {
            kind: ScenarioErrorKind::Syntax,
            path: "$".to_owned(),
            line: err.line(),
            column: if err.line() == 0 {
                0
            } else {
                err.column().max(1)
            },
            problem: format!("not JSON ({text})"),
            fix: "a scenario is one JSON object; check the file with a JSON linter".to_owned(),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ScenarioErrorKind {
        self.kind
    }

    /// Where the problem is, as a JSON path from the document root (`$`),
    /// such as `$.calls[0].steps[2].after`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line (1-based) of a syntax error.
    pub fn line(&self) -> Option<usize> {
        (self.line != 0).then_some(self.line)
    }

    /// The column (1-based) of a syntax error.
    pub fn column(&self) -> Option<usize> {
        (self.line != 0).then_some(self.column)
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.problem, self.path)?;
        if self.line != 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        write!(f, ": {}", self.fix)
    }
}

impl std::error::Error for ScenarioError {}
