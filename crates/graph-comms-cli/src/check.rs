//! `graph-comms check`: graph-comms-validate's diagnostics for a path and a body.

use crate::output::{self, DIM, EMPHASIS, ERROR, Line, OK, WARNING};
use graph_comms_validate::{CallAction, Diagnostic, Severity};
use serde::Serialize;
use std::io::{self, Write};

/// The result of `check`: the path's diagnostics, then the body's.
///
/// Serialises as the CLI's JSON, `{"diagnostics": [...]}`, each diagnostic as
/// graph-comms-validate writes it (`code`, `severity`, `message`, `location`,
/// `replacement`; absent ones `null`).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct CheckReport {
    /// The diagnostics of `--path` (empty when there was none).
    pub path: Vec<Diagnostic>,
    /// The diagnostics of `--body` (empty when there was none).
    pub body: Vec<Diagnostic>,
}

impl CheckReport {
    /// Every diagnostic: the path's, then the body's.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.path.iter().chain(&self.body)
    }

    /// Whether any diagnostic is an error (exit status 1).
    pub fn has_errors(&self) -> bool {
        graph_comms_validate::has_errors(&self.path) || graph_comms_validate::has_errors(&self.body)
    }
}

impl Serialize for CheckReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            diagnostics: Vec<&'a Diagnostic>,
        }
        Json {
            diagnostics: self.diagnostics().collect(),
        }
        .serialize(serializer)
    }
}

/// Checks a request: `path` with
/// [`analyze_path`](graph_comms_validate::analyze_path) and
/// [`expect_call_action`](graph_comms_validate::PathAnalysis::expect_call_action),
/// then `body` with [`check_action_body`](graph_comms_validate::check_action_body)
/// for the [`CallAction`] the path names. Without a path the body is checked
/// as subscribeToTone's, as before there were other actions; with a path
/// that names no action, the body is not checked, and an `unknown-action`
/// warning on the body says so. Every rule is graph-comms-validate's; this only puts
/// them together.
pub fn check(path: Option<&str>, body: Option<&[u8]>) -> CheckReport {
    let analysis = path.map(|path| graph_comms_validate::analyze_path(path).expect_call_action());
    let action = match &analysis {
        Some(analysis) => analysis.call_action(),
        None => Some(CallAction::SubscribeToTone),
    };
    let body = match (body, action) {
        (Some(body), Some(action)) => {
            graph_comms_validate::check_action_body(action, body).into_diagnostics()
        }
        // Said on the body too, so that an ok summary never hides that the
        // body was not read (a misspelt host or root gives only the path's
        // `unrecognized-path` warning).
        (Some(_), None) => vec![
            graph_comms_validate::Diagnostic::new(
                graph_comms_validate::DiagnosticCode::UnknownAction,
                "the body was not checked: the path names no call action; give the path of \
                 the action the body is for (such as /v1.0/communications/calls/{id}/playPrompt)",
            )
            .at("body"),
        ],
        _ => Vec::new(),
    };
    CheckReport {
        path: analysis
            .map(graph_comms_validate::PathAnalysis::into_diagnostics)
            .unwrap_or_default(),
        body,
    }
}

/// Human output: one block per diagnostic, named by where it came from
/// (`--path` or the body's file), then a summary line.
pub(crate) fn render(
    out: &mut dyn Write,
    report: &CheckReport,
    path_name: Option<&str>,
    body_name: Option<&str>,
) -> io::Result<()> {
    let sources = [(path_name, &report.path), (body_name, &report.body)];
    for (name, diagnostics) in sources {
        let Some(name) = name else { continue };
        for diagnostic in diagnostics {
            render_one(out, name, diagnostic)?;
        }
    }
    let errors = report.diagnostics().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics().count() - errors;
    let checked: Vec<&str> = [path_name, body_name].into_iter().flatten().collect();
    let checked = checked.join(" and ");
    match (errors, warnings) {
        (0, 0) => Line::new()
            .styled(OK, "ok")
            .text(format_args!(": no problems in {checked}")),
        (0, _) => Line::new().styled(OK, "ok").text(format_args!(
            ": {checked}: {}",
            output::count(warnings, "warning", "warnings")
        )),
        _ => Line::new().styled(ERROR, "failed").text(format_args!(
            ": {checked}: {}, {}",
            output::count(errors, "error", "errors"),
            output::count(warnings, "warning", "warnings")
        )),
    }
    .write(out)
}

fn render_one(out: &mut dyn Write, source: &str, diagnostic: &Diagnostic) -> io::Result<()> {
    let style = match diagnostic.severity {
        Severity::Error => ERROR,
        _ => WARNING,
    };
    let label = format!("{}[{}]", diagnostic.severity, diagnostic.code);
    let mut line = Line::new()
        .styled(style, label)
        .text(": ")
        .styled(EMPHASIS, source);
    if let Some(location) = &diagnostic.location {
        line = line.text(" at ").text(location);
    }
    line.write(out)?;
    Line::new()
        .text("  ")
        .text(&diagnostic.message)
        .write(out)?;
    if let Some(replacement) = &diagnostic.replacement {
        Line::new()
            .text("  ")
            .styled(DIM, "replacement:")
            .text(" ")
            .text(replacement)
            .write(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod examples {
    //! What the functions above do, by example (doctests while the crate
    //! exposed them; the command itself is tested through `run` and the
    //! binary, in tests/).

    #[test]
    fn check_example() {
        use crate::check;

        let report = check(Some("/app/calls/abc/subscribeToTone"), None);
        let [warning] = report.path.as_slice() else {
            panic!("one warning")
        };
        assert_eq!(
            warning.replacement.as_deref(),
            Some("/communications/calls/abc/subscribeToTone")
        );
        assert!(!report.has_errors());

        let body = format!(r#"{{"clientContext": "{}"}}"#, "x".repeat(257));
        assert!(check(None, Some(body.as_bytes())).has_errors());

        // The path's action picks the body's rules.
        let report = check(
            Some("/v1.0/communications/calls/abc/sendDtmfTones"),
            Some(br#"{"clientContext": "c", "tones": []}"#),
        );
        assert_eq!(report.body[0].code.as_str(), "tones-empty");
    }
}
