//! The request bodies of every call action, checked against their documented
//! rules.
//!
//! [`check_action_body`] reads the bytes as JSON, walks the members of the
//! action's body ([`rules`] holds what each action allows), and reports
//! each broken rule at its JSON path; [`messages`] holds every text. The
//! typed models then read the same bytes, so that what they refuse and the
//! walk did not see (a property given twice) is reported too.

mod messages;
mod rules;

use crate::body::{json_error_with, position_in};
use crate::{CallAction, Diagnostic, DiagnosticCode};
use graph_comms_models::ReadErrorKind;
use serde_json::{Map, Value};

/// The result of [`check_action_body`]: which action's rules were applied,
/// and what is wrong.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ActionBodyCheck {
    /// The action whose body was checked.
    pub action: CallAction,
    /// What is wrong with it: the JSON error; or, object by object, the
    /// unknown properties (by name) and then each parameter's type and rules
    /// in the order of the action's docs table, then the clientContext rules
    /// (a property given twice, which only the typed reading sees, first).
    pub diagnostics: Vec<Diagnostic>,
}

impl ActionBodyCheck {
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
}

/// Checks the request body of `action`, given as bytes (UTF-8 JSON; a
/// leading byte-order mark is skipped), against the action's documented
/// rules. Every message names properties and limits, never a value of the
/// body, so the diagnostics are safe to log.
///
/// - every action: `invalid-json`; `wrong-type` (located by JSON path);
///   `unknown-property` (a warning, with the right spelling as replacement
///   when only the case differs); `callback-body`; the clientContext rules
///   of [`check_request_body`](crate::check_request_body) where the action
///   takes one (`client-context-missing` when it is absent);
/// - subscribeToTone: exactly [`check_request_body`](crate::check_request_body);
/// - playPrompt: `prompts-missing`, `too-many-prompts` (over 20),
///   `prompt-not-media`, `media-info-missing`, `media-uri-not-wav`,
///   `prompt-loops-forever` (beta `loop: true`);
/// - recordResponse: `too-many-prompts` (over 1), the prompt rules above,
///   `timeout-out-of-range` (initialSilenceTimeoutInSeconds,
///   maxSilenceTimeoutInSeconds, maxRecordDurationInSeconds outside 1–120),
///   `stop-tone-invalid` (not one DTMF character), `play-beep-off` (an
///   explicit `false`, as the SDKs send);
/// - sendDtmfTones: `tones-empty`, `tone-unknown`;
/// - updateRecordingStatus: `required-property-missing` (status),
///   `unknown-enum-value`;
/// - answer: `required-property-missing` (acceptedModalities, mediaConfig),
///   `callback-uri-not-https`, `unknown-enum-value` (modalities), the
///   mediaConfig checks (`app-hosted-media-call`, `media-config-unknown`,
///   `media-uri-not-wav` for preFetchMedia);
/// - reject: `unknown-enum-value` (reason), `callback-uri-not-https`;
/// - create call: `required-property-missing` (callbackUri),
///   `callback-uri-not-https`, the mediaConfig checks,
///   `media-config-missing`;
/// - hang up: `unexpected-body` when there is a body at all.
///
/// ```
/// use graph_comms_validate::{check_action_body, CallAction, DiagnosticCode};
///
/// let check = check_action_body(
///     CallAction::RecordResponse,
///     br##"{"clientContext": "d45324c1-fcb5-430a-902c-f20af696537c", "playBeep": false, "stopTones": ["pound"], "maxRecordDurationInSeconds": 300}"##,
/// );
/// let codes: Vec<_> = check.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["timeout-out-of-range", "play-beep-off", "stop-tone-invalid"]);
/// assert_eq!(check.diagnostics[2].location.as_deref(), Some("$.stopTones[0]"));
/// assert!(!check.diagnostics[2].message.contains("pound\"]")); // no value is quoted
///
/// let check = check_action_body(CallAction::SendDtmfTones, br#"{"clientContext": "c", "tones": []}"#);
/// assert_eq!(check.diagnostics[0].code, DiagnosticCode::TonesEmpty);
/// ```
pub fn check_action_body(action: CallAction, bytes: &[u8]) -> ActionBodyCheck {
    let diagnostics = match action {
        CallAction::SubscribeToTone => crate::check_request_body(bytes).into_diagnostics(),
        CallAction::HangUp => hang_up(bytes),
        _ => checked(action, bytes),
    };
    ActionBodyCheck {
        action,
        diagnostics,
    }
}

/// Hang up takes no body: anything but whitespace is a warning.
fn hang_up(bytes: &[u8]) -> Vec<Diagnostic> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Vec::new();
    }
    vec![Diagnostic::new(DiagnosticCode::UnexpectedBody, messages::UNEXPECTED_BODY).at("$")]
}

fn checked(action: CallAction, bytes: &[u8]) -> Vec<Diagnostic> {
    let root = match graph_comms_models::from_slice::<Value>(bytes) {
        Ok(root) => root,
        Err(err) => return vec![json_error_with(bytes, &err, messages::example(action))],
    };
    let mut walk = Walk::default();
    match &root {
        Value::Object(members) => rules::check(action, members, &mut walk),
        other => walk.push(
            Diagnostic::new(
                DiagnosticCode::WrongType,
                messages::body_not_object(action, kind(other)),
            )
            .at("$"),
        ),
    }
    let mut diagnostics = walk.out;
    if !crate::has_errors(&diagnostics)
        && let Some(err) = rules::typed_read_error(action, bytes)
        && err.kind() == ReadErrorKind::Data
    {
        let position = position_in(&err, err.path());
        diagnostics.insert(
            0,
            Diagnostic::new(
                DiagnosticCode::WrongType,
                messages::wrong_type_elsewhere(action, &position),
            )
            .at(err.path()),
        );
    }
    diagnostics
}

/// The kind of a JSON value, for messages (never the value itself).
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The JSON type a member must have.
#[derive(Clone, Copy)]
enum Expect {
    Bool,
    Int32,
    String,
    Array,
    Object,
}

impl Expect {
    fn describe(self) -> &'static str {
        match self {
            Expect::Bool => "a boolean (true or false)",
            Expect::Int32 => "a whole number in the Int32 range",
            Expect::String => "a string",
            Expect::Array => "an array",
            Expect::Object => "an object",
        }
    }

    fn matches(self, value: &Value) -> bool {
        match self {
            Expect::Bool => value.is_boolean(),
            Expect::Int32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Expect::String => value.is_string(),
            Expect::Array => value.is_array(),
            Expect::Object => value.is_object(),
        }
    }
}

/// `base` followed by member `key`, in the workspace's JSON-path notation.
fn member(base: &str, key: &str) -> String {
    let mut path = base.to_owned();
    graph_comms_core::push_json_member(&mut path, key);
    path
}

/// What the walk found so far.
#[derive(Default)]
struct Walk {
    out: Vec<Diagnostic>,
}

impl Walk {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }

    /// The member `key` of `map` when it has the `expect`ed type; a
    /// `wrong-type` error when it has another; `None` when it is absent or
    /// `null` (the wire's "not set").
    fn get<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        base: &str,
        key: &str,
        expect: Expect,
    ) -> Option<&'v Value> {
        let value = map.get(key).filter(|v| !v.is_null())?;
        if expect.matches(value) {
            return Some(value);
        }
        let path = member(base, key);
        let found = match (expect, value) {
            (Expect::Int32, Value::Number(_)) => "a fraction or a number beyond the Int32 range",
            _ => kind(value),
        };
        let message = messages::wrong_type(&path, found, expect.describe());
        self.push(Diagnostic::new(DiagnosticCode::WrongType, message).at(path));
        None
    }

    /// An `unknown-property` warning for each member of `map` not in
    /// `known`, by name; `whose` says whose property it would be.
    fn unknown_members(
        &mut self,
        map: &Map<String, Value>,
        base: &str,
        known: &[&str],
        whose: &str,
    ) {
        let mut keys: Vec<&String> = map
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        keys.sort_unstable();
        for key in keys {
            let path = member(base, key);
            let name = match path.strip_prefix(base).and_then(|p| p.strip_prefix('.')) {
                Some(plain) => format!("`{plain}`"),
                None => path.clone(),
            };
            let diagnostic = match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
                Some(right) => Diagnostic::new(
                    DiagnosticCode::UnknownProperty,
                    messages::wrong_case(&name, right),
                )
                .with_replacement(*right),
                None => Diagnostic::new(
                    DiagnosticCode::UnknownProperty,
                    messages::unknown_property(&name, whose),
                ),
            };
            self.push(diagnostic.at(path));
        }
    }
}
