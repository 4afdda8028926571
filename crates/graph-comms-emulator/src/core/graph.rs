//! The Graph side: a bot's request in, the service's answer out.

use super::call::EmulatedCall;
use super::errors;
use super::{Core, RequestRecord};
use graph_comms_core::ApiVersion;
use graph_comms_validate::{
    DiagnosticCode, PathAnalysis, PathTarget, Severity, analyze_path, check_action_body,
};
use serde_json::{Value, json};
use std::time::Duration;

/// A request of the bot to the Graph side. Its `Debug` shows neither the
/// `Authorization` header nor the body.
#[derive(Clone)]
#[non_exhaustive]
pub struct GraphRequest {
    /// The HTTP method (`GET`, `POST`, `DELETE`).
    pub method: String,
    /// The path and query, such as `/v1.0/communications/calls/{id}/playPrompt`.
    pub path: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The `client-request-id` header, if any (echoed in error bodies).
    pub client_request_id: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for GraphRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl GraphRequest {
    /// A request with no headers and no body.
    pub fn new(method: impl Into<String>, path: impl Into<String>) -> GraphRequest {
        GraphRequest {
            method: method.into(),
            path: path.into(),
            authorization: None,
            client_request_id: None,
            body: Vec::new(),
        }
    }

    /// With an `Authorization: Bearer` token.
    pub fn bearer(mut self, token: &str) -> GraphRequest {
        self.authorization = Some(format!("Bearer {token}"));
        self
    }

    /// With a body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> GraphRequest {
        self.body = body.into();
        self
    }
}

/// The emulator's answer to a [`GraphRequest`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GraphResponse {
    /// The HTTP status.
    pub status: u16,
    /// Headers beyond `Content-Type` (`Location`, `WWW-Authenticate`).
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

impl GraphResponse {
    pub(crate) fn json(status: u16, body: Value) -> GraphResponse {
        GraphResponse {
            status,
            headers: Vec::new(),
            body: Some(body),
        }
    }

    pub(crate) fn empty(status: u16) -> GraphResponse {
        GraphResponse {
            status,
            headers: Vec::new(),
            body: None,
        }
    }

    pub(crate) fn located(mut self, location: String) -> GraphResponse {
        self.headers.push(("Location".into(), location));
        self
    }

    /// The `Location` header, if any.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("location"))
            .map(|(_, value)| value.as_str())
    }
}

/// What a handler needs to know of the request.
pub(crate) struct Ctx<'a> {
    pub now: Duration,
    pub version: ApiVersion,
    pub client_request_id: Option<&'a str>,
    pub body: &'a [u8],
}

impl Ctx<'_> {
    pub(crate) fn base(&self, base_url: &str) -> String {
        format!("{base_url}/{}", self.version.as_str())
    }
}

/// Checks the body of the action the path names with graph-comms-validate:
/// the first error (as a message with its location) refuses the request,
/// the warnings' codes go to the transcript. `callback-uri-not-https` is
/// only a warning here: the bots an emulator calls listen on plain HTTP.
fn check_body(
    analysis: &PathAnalysis<'_>,
    method: &str,
    body: &[u8],
) -> (Option<String>, Vec<&'static str>) {
    let Some(action) = analysis.call_action() else {
        return (None, Vec::new());
    };
    if !action.method().eq_ignore_ascii_case(method) || (!action.has_body() && body.is_empty()) {
        return (None, Vec::new());
    }
    // An empty body is read as `{}`: the emulator is lenient there.
    let body = if action.has_body() && body.iter().all(u8::is_ascii_whitespace) {
        &b"{}"[..]
    } else {
        body
    };
    let check = check_action_body(action, body);
    let mut refusal = None;
    let mut warnings = Vec::new();
    for diagnostic in check.diagnostics() {
        let local = diagnostic.code == DiagnosticCode::CallbackUriNotHttps;
        if diagnostic.severity == Severity::Error && !local {
            if refusal.is_none() {
                let at = diagnostic.location.as_deref().unwrap_or("$");
                refusal = Some(format!("{} (at {at})", diagnostic.message));
            }
        } else {
            warnings.push(diagnostic.code.as_str());
        }
    }
    (refusal, warnings)
}

impl Core {
    /// Answers a request of the bot as the service would, and records it.
    pub fn handle_graph_request(&mut self, now: Duration, request: &GraphRequest) -> GraphResponse {
        let path_only = request.path.split(['?', '#']).next().unwrap_or_default();
        let analysis = analyze_path(&request.path);
        let crid = request.client_request_id.as_deref();
        let ctx = Ctx {
            now,
            version: analysis.version().unwrap_or(ApiVersion::V1_0),
            client_request_id: crid,
            body: &request.body,
        };
        let call_id = analysis.decoded_call_id().map(|id| id.into_owned());
        let token = request
            .authorization
            .as_deref()
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim);
        let (refusal, warnings) = check_body(&analysis, &request.method, &request.body);
        let answer = if !token.is_some_and(|t| self.tokens.accepts(now, t)) {
            errors::unauthorized(crid)
        } else if let Some(error) = analysis
            .diagnostics()
            .iter()
            .find(|d| d.severity == Severity::Error)
        {
            errors::bad_request(&error.message, crid)
        } else {
            // The call is looked up before the body is judged: an ended call
            // is 404 whatever the body.
            self.route(
                &ctx,
                &request.method,
                analysis.target(),
                call_id.as_deref(),
                refusal,
            )
        };
        if let Some(call) = call_id.as_deref().and_then(|id| self.calls.get_mut(id)) {
            call.requests.push(RequestRecord {
                method: request.method.clone(),
                path: path_only.to_owned(),
                status: answer.status,
            });
        }
        let mut entry = json!({
            "event": "request", "method": request.method, "path": path_only, "status": answer.status,
        });
        if analysis.is_deprecated() {
            entry["deprecatedPath"] = json!(true);
        }
        if !warnings.is_empty() {
            entry["warnings"] = json!(warnings);
        }
        self.note(now, entry);
        answer
    }

    fn route(
        &mut self,
        ctx: &Ctx<'_>,
        method: &str,
        target: PathTarget<'_>,
        call_id: Option<&str>,
        refusal: Option<String>,
    ) -> GraphResponse {
        let crid = ctx.client_request_id;
        if let (PathTarget::Calls, "POST") = (target, method) {
            return match refusal {
                Some(refusal) => errors::bad_request(&refusal, crid),
                None => self.create_call(ctx),
            };
        }
        let Some(call_id) = call_id else {
            return errors::bad_request(
                "the path names no call: use /communications/calls or /communications/calls/{id}/…",
                crid,
            );
        };
        if self.calls.get(call_id).is_none_or(EmulatedCall::is_over) {
            return errors::call_not_found(crid);
        }
        if let Some(refusal) = refusal {
            return errors::bad_request(&refusal, crid);
        }
        match (target, method) {
            (PathTarget::Call, "GET") => self.get_call(call_id),
            (PathTarget::Call, "DELETE") => self.delete_call(ctx.now, call_id),
            (PathTarget::Action(action), "POST") => self.action(ctx, call_id, action),
            (PathTarget::Operation(op_id), "GET") => {
                match self
                    .calls
                    .get(call_id)
                    .and_then(|c| c.operations.get(op_id))
                {
                    Some(op) => {
                        GraphResponse::json(200, serde_json::to_value(op).unwrap_or_default())
                    }
                    None => errors::odata_error(
                        404,
                        "NotFound",
                        "No operation of this call has this id.",
                        crid,
                    ),
                }
            }
            _ => errors::odata_error(
                405,
                "MethodNotAllowed",
                "the emulator serves GET and DELETE on a call, POST on its actions and GET on its operations",
                crid,
            ),
        }
    }

    fn get_call(&self, call_id: &str) -> GraphResponse {
        let Some(call) = self.calls.get(call_id) else {
            return errors::call_not_found(None);
        };
        GraphResponse::json(200, self.call_resource(call))
    }

    pub(crate) fn call_resource(&self, call: &EmulatedCall) -> Value {
        let mut c = graph_comms_models::Call::default();
        c.odata_type = Some(graph_comms_models::ODataType::Call);
        c.id = Some(call.id.clone());
        c.state = Some(call.state.clone());
        c.direction = Some(call.direction.clone());
        c.callback_uri = call.callback_uri.clone();
        c.call_chain_id = Some(call.chain_id.clone());
        c.tenant_id = Some(self.config.tenant_id.clone());
        c.my_participant_id = Some(format!("{}-bot", call.chain_id));
        c.media_config = match call.media {
            super::call::Media::ServiceHosted => {
                Some(graph_comms_models::MediaConfig::service_hosted())
            }
            super::call::Media::AppHosted => Some(graph_comms_models::MediaConfig::app_hosted()),
            super::call::Media::Unknown => None,
        };
        serde_json::to_value(&c).unwrap_or_default()
    }

    fn delete_call(&mut self, now: Duration, call_id: &str) -> GraphResponse {
        if let Some(call) = self.calls.get_mut(call_id) {
            call.hung_up_by_bot = true;
        }
        self.terminate(now, call_id, super::notify::EndReason::BotHungUp);
        GraphResponse::empty(204)
    }
}
