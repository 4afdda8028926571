//! The request body of subscribeToTone: `{"clientContext": "…"}`.

use crate::{ClientContext, Diagnostic, DiagnosticCode};
use graph_comms_models::{ReadError, ReadErrorKind, SubscribeToToneRequest};
use serde_json::Value;

/// The result of [`check_request_body`]: the parsed body, when it could be
/// read, and the diagnostics.
///
/// `request` is `None` exactly when the bytes are not JSON or a value has the
/// wrong type; a body with only clientContext or property problems is still
/// parsed (and the diagnostics say what to fix).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct BodyCheck {
    /// The body as the models read it.
    pub request: Option<SubscribeToToneRequest>,
    /// What is wrong with it: the JSON error; or the type errors and unknown
    /// properties, by property name, then the clientContext rules.
    pub diagnostics: Vec<Diagnostic>,
}

impl BodyCheck {
    /// The diagnostics.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, owned.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        crate::has_errors(&self.diagnostics)
    }

    /// The body's clientContext, when there is one and it is valid.
    pub fn client_context(&self) -> Option<ClientContext> {
        let value = self.request.as_ref()?.client_context.as_deref()?;
        value.parse().ok()
    }
}

/// Checks a subscribeToTone request body given as bytes (UTF-8 JSON; a
/// leading byte-order mark is skipped).
///
/// - not JSON: [`DiagnosticCode::InvalidJson`], located by line and column;
/// - not an object, or a `clientContext` that is not a string:
///   [`DiagnosticCode::WrongType`], located by JSON path;
/// - a property other than `clientContext` (`@odata.type` included):
///   [`DiagnosticCode::UnknownProperty`], a warning;
/// - `clientContext` absent or `null`: [`DiagnosticCode::ClientContextMissing`],
///   a warning; otherwise the [`ClientContext`] rules.
///
/// Messages name properties but never quote a value from the body.
///
/// ```
/// use graph_comms_validate::{check_request_body, DiagnosticCode};
///
/// let check = check_request_body(br#"{"clientContext": "fd1c7836-4d84-4e24-b6aa-23188688cc54"}"#);
/// assert!(check.diagnostics.is_empty());
/// assert!(check.request.is_some());
///
/// let check = check_request_body(b"{\n  \"clientContext\": 42\n}");
/// assert_eq!(check.diagnostics[0].code, DiagnosticCode::WrongType);
/// assert_eq!(check.diagnostics[0].location.as_deref(), Some("$.clientContext"));
///
/// let check = check_request_body(b"{\"clientContext\": \"a\",}");
/// assert_eq!(check.diagnostics[0].code, DiagnosticCode::InvalidJson);
/// assert_eq!(check.diagnostics[0].location.as_deref(), Some("line 1, column 23"));
/// ```
pub fn check_request_body(bytes: &[u8]) -> BodyCheck {
    let mut diagnostics = Vec::new();
    match graph_comms_models::from_slice::<SubscribeToToneRequest>(bytes) {
        Ok(request) if request.client_context.is_none() && request.extra.contains_key("value") => {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::CallbackBody,
                    "the body is a callback body (commsNotifications: it has a `value` array and \
                     no clientContext), not a subscribeToTone request: callbacks are read, not \
                     sent; decode it with `graph-comms decode FILE`, or check a request body \
                     such as {\"clientContext\": \"<a UUID>\"}",
                )
                .at("$.value"),
            );
            BodyCheck {
                request: Some(request),
                diagnostics,
            }
        }
        Ok(request) => {
            let mut unknown: Vec<&str> = request.extra.keys().map(String::as_str).collect();
            if request.odata_type.is_some() {
                unknown.push("@odata.type");
            }
            unknown.sort_unstable();
            diagnostics.extend(unknown.into_iter().map(unknown_property));
            let value = match request.client_context.as_deref() {
                Some(value) => ContextValue::Present(value),
                None => ContextValue::Missing,
            };
            check_client_context(value, &mut diagnostics);
            BodyCheck {
                request: Some(request),
                diagnostics,
            }
        }
        Err(err) if err.kind() == ReadErrorKind::Data => {
            type_errors(bytes, &err, &mut diagnostics);
            BodyCheck {
                request: None,
                diagnostics,
            }
        }
        Err(err) => {
            diagnostics.push(json_error(bytes, &err));
            BodyCheck {
                request: None,
                diagnostics,
            }
        }
    }
}

const EXAMPLE: &str = r#"{"clientContext": "<a UUID>"}"#;

fn json_error(bytes: &[u8], err: &ReadError) -> Diagnostic {
    json_error_with(bytes, err, EXAMPLE)
}

/// The `invalid-json` diagnostic of `err`, with `example` as the body to
/// send (the action-body checks give their own).
pub(crate) fn json_error_with(bytes: &[u8], err: &ReadError, example: &str) -> Diagnostic {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let blank = text.iter().all(u8::is_ascii_whitespace);
    let diagnostic = if blank {
        Diagnostic::new(
            DiagnosticCode::InvalidJson,
            format!("the body is empty: send a JSON object, such as {example}"),
        )
    } else {
        // serde_json's syntax messages name what was expected, never the input.
        Diagnostic::new(
            DiagnosticCode::InvalidJson,
            format!(
                "the body is not valid JSON ({}): fix it at that position; the body is a JSON \
                 object such as {example}",
                err.message()
            ),
        )
    };
    match (err.line(), err.column()) {
        (Some(line), Some(column)) => diagnostic.at(format!("line {line}, column {column}")),
        _ => diagnostic,
    }
}

/// The kind of a JSON value, for messages (never the value itself).
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where `err` is, in words, when it is at `path`.
pub(crate) fn position_in(err: &ReadError, path: &str) -> String {
    match (err.line(), err.column()) {
        (Some(line), Some(column)) if err.path() == path => {
            format!(" (line {line}, column {column})")
        }
        _ => String::new(),
    }
}

/// Reports every type error of a body that is JSON but not of the right shape.
fn type_errors(bytes: &[u8], err: &ReadError, diagnostics: &mut Vec<Diagnostic>) {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root = match serde_json::from_slice::<Value>(text) {
        Ok(Value::Object(members)) => members,
        Ok(other) => {
            diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::WrongType,
                    format!(
                        "the body is {}, not a JSON object: send an object such as {EXAMPLE}",
                        kind(&other)
                    ),
                )
                .at("$"),
            );
            return;
        }
        Err(_) => {
            diagnostics.push(wrong_type_at(err));
            return;
        }
    };
    let before = diagnostics.len();
    let mut keys: Vec<&String> = root.keys().collect();
    keys.sort_unstable();
    let mut client_context = ContextValue::Missing;
    for key in keys {
        let value = &root[key.as_str()];
        match (key.as_str(), value) {
            ("clientContext", Value::String(text)) => {
                client_context = ContextValue::Present(text.as_str());
            }
            ("clientContext", Value::Null) => {}
            ("clientContext", other) => {
                client_context = ContextValue::WrongType;
                diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::WrongType,
                    format!(
                        "clientContext is {}{}, not a string: write the client context as a JSON \
                         string, such as {EXAMPLE}, or leave it out",
                        kind(other),
                        position_in(err, "$.clientContext"),
                    ),
                )
                .at("$.clientContext"),
                );
            }
            ("@odata.type", Value::String(_) | Value::Null) => {
                diagnostics.push(unknown_property(key));
            }
            ("@odata.type", other) => {
                let path = json_path(key);
                diagnostics.push(
                    Diagnostic::new(
                        DiagnosticCode::WrongType,
                        format!(
                            "@odata.type is {}{}, not a string, and the subscribeToTone body \
                             takes no @odata.type at all: remove it",
                            kind(other),
                            position_in(err, &path),
                        ),
                    )
                    .at(path),
                );
            }
            _ => diagnostics.push(unknown_property(key)),
        }
    }
    if !diagnostics[before..].iter().any(Diagnostic::is_error) {
        // The typed reading failed where the last-wins map does not (a
        // duplicate key): report where it failed.
        diagnostics.insert(before, wrong_type_at(err));
    }
    check_client_context(client_context, diagnostics);
}

fn wrong_type_at(err: &ReadError) -> Diagnostic {
    Diagnostic::new(
        DiagnosticCode::WrongType,
        format!(
            "a value has the wrong type{}, probably in a property given twice: give each \
             property once; the body is a JSON object such as {EXAMPLE}",
            position_in(err, err.path())
        ),
    )
    .at(err.path())
}

fn unknown_property(key: &str) -> Diagnostic {
    let path = json_path(key);
    // A plain name in backticks; anything odder as its (escaped) JSON path.
    let name = match path.strip_prefix("$.") {
        Some(plain) => format!("`{plain}`"),
        None => path.clone(),
    };
    let diagnostic = if key.eq_ignore_ascii_case("clientContext") {
        Diagnostic::new(
            DiagnosticCode::UnknownProperty,
            format!(
                "{name} is not `clientContext`: property names are case-sensitive, write it as \
                 clientContext"
            ),
        )
        .with_replacement("clientContext")
    } else if key == "@odata.type" {
        Diagnostic::new(
            DiagnosticCode::UnknownProperty,
            "the subscribeToTone body takes no @odata.type: remove it",
        )
    } else {
        Diagnostic::new(
            DiagnosticCode::UnknownProperty,
            format!(
                "the body has a property {name} that subscribeToTone does not define (its only \
                 parameter is clientContext): remove it, or check its spelling"
            ),
        )
    };
    diagnostic.at(path)
}

/// What the body holds under `clientContext`.
pub(crate) enum ContextValue<'a> {
    /// Absent or `null`.
    Missing,
    /// A string.
    Present(&'a str),
    /// Another type, already reported.
    WrongType,
}

pub(crate) fn check_client_context(value: ContextValue<'_>, diagnostics: &mut Vec<Diagnostic>) {
    match value {
        ContextValue::WrongType => {}
        ContextValue::Missing => diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::ClientContextMissing,
                "the body has no clientContext: set one, such as a freshly \
                 generated UUID, so that you can tell the operation and its \
                 notifications apart from those of other requests",
            )
            .at("$.clientContext"),
        ),
        ContextValue::Present(value) => diagnostics.extend(
            crate::diagnose_client_context(value)
                .into_iter()
                .map(|d| d.at("$.clientContext")),
        ),
    }
}

/// `$.key`, or `$['key']` when the key is not a plain name (the notation of
/// the models' `ReadError` paths).
fn json_path(key: &str) -> String {
    let mut path = String::from("$");
    graph_comms_core::push_json_member(&mut path, key);
    path
}
