//! `schemas/openapi.json`: an OpenAPI 3.1 contract of the call actions the
//! crates model and of the callback the service posts to the bot, for teams
//! that generate types, clients and server stubs in other languages.
//!
//! It is written by `cargo xtask schema` next to the JSON Schemas and checked
//! with them. Its component schemas are *references* to those schema files
//! (draft 2020-12, which OpenAPI 3.1 schemas are), so there is one description
//! of each payload. Microsoft's own OpenAPI for Graph has the actions but not
//! the calling callbacks; here the callback is the `commsNotifications`
//! webhook.
//!
//! [`ACTIONS`] is a table: one entry per request the crates can send. Adding
//! an action (answer, reject, create call, playPrompt, …) is one entry; its
//! body and answer schemas must be among the published schemas, which
//! [`document`] checks.

use graph_comms_models::schemas::GeneratedSchema;
use graph_comms_validate::{ApiVersion, NationalCloud};
use serde_json::{Map, Value, json};

mod actions;

pub(crate) use actions::ACTIONS;

/// The contract's file name in `schemas/`.
pub(crate) const FILE_NAME: &str = "openapi.json";

/// The version of the contract: the workspace's package version (a test
/// checks that they agree).
pub(crate) const CONTRACT_VERSION: &str = "0.1.0";

/// The HTTP method of an action.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // Patch: no action of the crates uses it yet
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

/// One success answer of an action.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answer {
    /// 200, 201, 202 or 204.
    pub status: u16,
    /// What the answer means.
    pub description: &'static str,
    /// The schema file of the body, if it has one.
    pub body: Option<&'static str>,
    /// An example body (JSON text), from `fixtures/`.
    pub example: Option<&'static str>,
    /// Whether it carries the `Location` of the operation (or call) made.
    pub location: bool,
}

/// One call action: a row of the table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Action {
    /// The OpenAPI `operationId`, as the SDKs name it (`call.subscribeToTone`).
    pub operation_id: &'static str,
    /// The method.
    pub method: Method,
    /// The path under the server URL; `{call-id}` and `{operation-id}` are
    /// its parameters (see [`PATH_PARAMETERS`]).
    pub path: &'static str,
    /// One line.
    pub summary: &'static str,
    /// The rest, Markdown.
    pub description: &'static str,
    /// The docs page.
    pub docs: &'static str,
    /// The application permissions the docs list (least privileged first);
    /// empty when the docs give none.
    pub permissions: &'static [&'static str],
    /// The schema file of the request body and an example, from `fixtures/`.
    pub request: Option<(&'static str, &'static str)>,
    /// The success answers; the OData error answers are added to every action.
    pub answers: &'static [Answer],
    /// Where the docs offer the action, when they say.
    pub offered: Option<fn(&NationalCloud, ApiVersion) -> bool>,
}

/// The path parameters the actions use, with their descriptions.
pub(crate) const PATH_PARAMETERS: &[(&str, &str)] = &[
    (
        "call-id",
        "The call id: an opaque, non-empty string (a GUID today, in any case, with or \
         without hyphens; do not rely on it). Percent-encode it as one path segment.",
    ),
    (
        "operation-id",
        "The operation id, as the `Location` header or the operation's `id` gives it.",
    ),
];

/// Entity types that live only inside another schema (in its `$defs`) but
/// that a reader picks by `@odata.type` in `resourceData`: components of their
/// own, referencing that definition, so that generators name them (the
/// schemas choose them with `if`/`then`, which generators do not read: a
/// reader dispatches on `@odata.type` to these).
pub(crate) const NESTED: &[(&str, &str, &str)] = &[
    (
        "Participant",
        "comms-notifications.schema.json",
        "microsoft.graph.participant",
    ),
    (
        "ServiceHostedMediaConfig",
        "call.schema.json",
        "microsoft.graph.serviceHostedMediaConfig",
    ),
    (
        "AppHostedMediaConfig",
        "call.schema.json",
        "microsoft.graph.appHostedMediaConfig",
    ),
];

/// The component name of a published schema: its file name in PascalCase,
/// `odata` as `OData` (`odata-error.schema.json` → `ODataError`), the names of
/// the Rust types.
pub(crate) fn component_name(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".schema.json").unwrap_or(file_name);
    stem.split('-')
        .map(|word| match word {
            "odata" => "OData".to_owned(),
            _ => {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            }
        })
        .collect()
}

/// The `$ref` to the component of a published schema.
fn schema_ref(schemas: &[GeneratedSchema], file_name: &str) -> Result<Value, String> {
    if !schemas.iter().any(|s| s.file_name == file_name) {
        return Err(format!(
            "the contract names {file_name}, which is not a published schema \
             (graph_comms_models::schemas::all)"
        ));
    }
    Ok(json!({ "$ref": format!("#/components/schemas/{}", component_name(file_name)) }))
}

fn example(text: &str) -> Value {
    serde_json::from_str(text).expect("the examples are fixtures, which are JSON")
}

/// The contract, built from the published schemas and the tables above.
pub(crate) fn document(schemas: &[GeneratedSchema]) -> Result<Value, String> {
    document_with(schemas, ACTIONS)
}

fn document_with(schemas: &[GeneratedSchema], actions: &[Action]) -> Result<Value, String> {
    let mut paths = Map::new();
    for action in actions {
        let item = paths
            .entry(action.path)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("path items are objects");
        if item.contains_key(action.method.key()) {
            return Err(format!(
                "two actions are {} {}",
                action.method.key(),
                action.path
            ));
        }
        item.insert(action.method.key().into(), operation(schemas, action)?);
    }
    let mut components_schemas = Map::new();
    for schema in schemas {
        components_schemas.insert(
            component_name(schema.file_name),
            json!({ "$ref": schema.file_name }),
        );
    }
    for (name, file, definition) in NESTED {
        schema_ref(schemas, file)?;
        components_schemas.insert(
            (*name).into(),
            json!({ "$ref": format!("{file}#/$defs/{definition}") }),
        );
    }
    let doc = json!({
        "openapi": "3.1.1",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "graph-comms: Microsoft Graph call actions and calling callbacks",
            "version": CONTRACT_VERSION,
            "summary": "The call actions graph-comms models, and the commsNotifications \
                callback a calling bot receives, as a contract for code generators.",
            "description": format!(
                "Generated by `cargo xtask schema` from the Rust types of graph-comms-models \
                 and the action table of the xtask crate. Do not edit by hand.\n\n\
                 The component schemas are the published JSON Schemas (draft 2020-12) next \
                 to this file, by reference. They accept what the Rust models accept: every \
                 property may be absent or `null`, unknown properties and enum values are \
                 allowed and kept.\n\n\
                 Microsoft's own OpenAPI description of Graph has the actions but not the \
                 callbacks: here the callback is the `commsNotifications` webhook. Its URL is \
                 the bot's (the `callbackUri` of the call, or the calling webhook of the bot \
                 registration). Repository: {}",
                env!("CARGO_PKG_REPOSITORY")
            ),
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" },
        },
        "servers": servers(None),
        "tags": [
            { "name": "calls", "description": "Actions on a call." },
            { "name": "callbacks", "description": "What the service posts to the bot." },
        ],
        "security": [{ "graphAppToken": [] }],
        "paths": paths,
        "webhooks": { "commsNotifications": { "post": webhook(schemas)? } },
        "components": {
            "schemas": components_schemas,
            "securitySchemes": security_schemes(),
            "parameters": parameters(),
            "headers": headers(),
            "responses": { "GraphError": graph_error(schemas)? },
        },
    });
    Ok(sorted(doc))
}

/// The servers: one per national cloud, the API version a variable
/// (`v1.0` or `beta`). With `offered`, only the clouds and versions the docs
/// offer the action in.
fn servers(offered: Option<fn(&NationalCloud, ApiVersion) -> bool>) -> Value {
    let mut out = Vec::new();
    for cloud in NationalCloud::ALL {
        let versions: Vec<&str> = ApiVersion::ALL
            .into_iter()
            .filter(|version| offered.is_none_or(|offered| offered(&cloud, *version)))
            .map(|version| version.as_str())
            .collect();
        let Some(default) = versions.first() else {
            continue;
        };
        out.push(json!({
            "url": format!("{}/{{version}}", cloud.graph_root()),
            "description": cloud.name(),
            "variables": {
                "version": {
                    "enum": versions,
                    "default": default,
                    "description": "The API version: `v1.0`, or `beta` (subject to change, \
                        not supported in production).",
                }
            },
        }));
    }
    Value::Array(out)
}

fn operation(schemas: &[GeneratedSchema], action: &Action) -> Result<Value, String> {
    let mut parameters = Vec::new();
    for segment in action.path.split('/') {
        let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            continue;
        };
        if !PATH_PARAMETERS.iter().any(|(known, _)| *known == name) {
            return Err(format!("{}: no parameter `{name}`", action.path));
        }
        parameters.push(json!({ "$ref": format!("#/components/parameters/{name}") }));
    }
    parameters.push(json!({ "$ref": "#/components/parameters/client-request-id" }));

    let mut responses = Map::new();
    for answer in action.answers {
        let mut response = Map::new();
        response.insert("description".into(), answer.description.into());
        let mut headers = Map::new();
        if answer.location {
            headers.insert(
                "Location".into(),
                json!({ "$ref": "#/components/headers/Location" }),
            );
        }
        headers.insert(
            "request-id".into(),
            json!({ "$ref": "#/components/headers/request-id" }),
        );
        response.insert("headers".into(), Value::Object(headers));
        if let Some(body) = answer.body {
            let mut media = Map::new();
            media.insert("schema".into(), schema_ref(schemas, body)?);
            if let Some(text) = answer.example {
                media.insert(
                    "examples".into(),
                    json!({ "documented": { "summary": "The docs' example", "value": example(text) } }),
                );
            }
            response.insert(
                "content".into(),
                json!({ "application/json": Value::Object(media) }),
            );
        }
        responses.insert(answer.status.to_string(), Value::Object(response));
    }
    for range in ["4XX", "5XX"] {
        responses.insert(
            range.into(),
            json!({ "$ref": "#/components/responses/GraphError" }),
        );
    }

    let permissions = if action.permissions.is_empty() {
        "This contract lists no permission of its own for it.".to_owned()
    } else {
        format!(
            "Application permission (least privileged first): {}. Delegated: not supported.",
            action
                .permissions
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut op = json!({
        "operationId": action.operation_id,
        "tags": ["calls"],
        "summary": action.summary,
        "description": format!("{}\n\n{permissions}", action.description),
        "externalDocs": { "url": action.docs },
        "parameters": parameters,
        "responses": responses,
        // The least privileged permission: OpenAPI reads the list as roles
        // that are all required, and the others are alternatives.
        "security": [{ "graphAppToken": &action.permissions[..action.permissions.len().min(1)] }],
    });
    if let Some((schema, text)) = action.request {
        op["requestBody"] = json!({
            "required": true,
            "content": { "application/json": {
                "schema": schema_ref(schemas, schema)?,
                "examples": { "documented": { "summary": "The docs' example", "value": example(text) } },
            } },
        });
    }
    if let Some(offered) = action.offered {
        op["servers"] = servers(Some(offered));
    }
    Ok(op)
}

/// The callback: what the service posts for every key press (and every other
/// change of the call), and what the bot answers (graph-comms-http's
/// `CallbackReader` and graph-comms-auth's `CallbackValidator`).
fn webhook(schemas: &[GeneratedSchema]) -> Result<Value, String> {
    let no_body = |description: &str| json!({ "description": description });
    let header = |name: &str, description: &str| {
        json!({ "name": name, "in": "header", "required": false,
                "description": description, "schema": { "type": "string" } })
    };
    Ok(json!({
        "operationId": "commsNotifications",
        "tags": ["callbacks"],
        "summary": "A calling callback: a batch of notifications",
        "description": "The service posts a `commsNotifications` document to the bot's \
            callback URL for every change of a call and for every key press after \
            `subscribeToTone` (the tone is in `resourceData.toneInfo`). Check the bearer token \
            first (graph-comms-auth `CallbackValidator`), then read the body \
            (graph-comms-http `CallbackReader`: JSON only, no content encoding, 1 MiB and 100 \
            notifications by default), answer `202` at once and process in the background. \
            A refusal is a 4xx: the same bytes sent again would be refused again. Calling \
            callbacks have no documented retry policy and no `validationToken` handshake.",
        "externalDocs": { "url": "https://learn.microsoft.com/graph/api/call-subscribetotone" },
        "security": [{ "callbackToken": [] }],
        "parameters": [
            header("X-Microsoft-Skype-Message-ID",
                "The id of the callback message; a retried callback carries the same one, so \
                 it is a key to drop duplicates by."),
            header("X-Microsoft-Skype-Chain-ID",
                "Ties together the callbacks of one chain of events of a call."),
            header("Scenario-ID", "The calling scenario the callback belongs to."),
            header("client-request-id", "The service's message id, echoed."),
        ],
        "requestBody": {
            "required": true,
            "description": "A commsNotifications document. A charset in `Content-Type` is \
                ignored: the body is UTF-8, as RFC 8259 requires of JSON.",
            "content": { "application/json": {
                "schema": schema_ref(schemas, "comms-notifications.schema.json")?,
                "examples": { "documentedTone": {
                    "summary": "The documented tone notification",
                    "value": example(include_str!("../../fixtures/notifications/documented-tone.json")),
                } },
            } },
        },
        "responses": {
            "202": no_body("Read and queued: acknowledge at once, process in the background."),
            "204": no_body("A notification in the legacy (pre-Graph) format: answered so, it \
                comes again in Graph's format."),
            "400": no_body("Not a commsNotifications document (not JSON, the wrong shape), \
                an empty body or an unreadable `Content-Length`."),
            "401": no_body("The bearer token is missing, expired, forged or for another \
                audience."),
            "403": no_body("A genuine token from a tenant the bot does not serve."),
            "413": no_body("The body or the batch is over the bot's limit."),
            "415": no_body("Not `application/json` (nor `application/…+json`), or \
                content-encoded."),
            "503": no_body("Valid, but the bot could not take it on now; asks for the same \
                callback again (whether the service retries is not documented)."),
        },
    }))
}

fn security_schemes() -> Value {
    json!({
        "graphAppToken": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An app-only access token for Microsoft Graph, from the OAuth 2.0 \
                client credentials flow at the national cloud's token endpoint \
                (`https://login.microsoftonline.com`, `https://login.microsoftonline.us`, \
                `https://login.chinacloudapi.cn`) for the scope `{graph root}/.default`. \
                Tokens of one cloud are not valid in another. The roles an operation lists \
                are the application permissions it needs.",
        },
        "callbackToken": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The token the service signs (RS256) and sends with every \
                callback: its audience is the bot's app id, its issuer \
                `https://api.botframework.com` (or `https://graph.microsoft.com`), and it \
                carries the tenant id. Refuse the callback with `401` when it does not \
                validate (graph-comms-auth `CallbackValidator`).",
        },
    })
}

fn parameters() -> Value {
    let mut out = Map::new();
    for (name, description) in PATH_PARAMETERS {
        out.insert(
            (*name).into(),
            json!({ "name": name, "in": "path", "required": true, "description": description,
                    "schema": { "type": "string", "minLength": 1 } }),
        );
    }
    out.insert(
        "client-request-id".into(),
        json!({ "name": "client-request-id", "in": "header", "required": false,
                "description": "An id the caller gives the request (a UUID); Graph echoes it \
                    in its response and in `innerError`.",
                "schema": { "type": "string", "format": "uuid" } }),
    );
    Value::Object(out)
}

fn headers() -> Value {
    json!({
        "Location": {
            "description": "Where the operation lives: \
                `{server}/communications/calls/{call-id}/operations/{operation-id}` (for a \
                created call, the call: `{server}/communications/calls/{call-id}`). Believe it \
                only when it names an operation of the same call (or a call) on the same host \
                (graph-comms-http `OperationLocation`, `CreatedCall`).",
            "schema": { "type": "string", "format": "uri" },
        },
        "request-id": {
            "description": "The id Graph gave the request; quote it to support.",
            "schema": { "type": "string" },
        },
        "client-request-id": {
            "description": "The caller's `client-request-id`, echoed.",
            "schema": { "type": "string" },
        },
        "Retry-After": {
            "description": "When to retry (429, 503): seconds, or an HTTP-date.",
            "schema": { "type": "string" },
        },
    })
}

fn graph_error(schemas: &[GeneratedSchema]) -> Result<Value, String> {
    Ok(json!({
        "description": "Microsoft Graph said no: an OData error body (`{\"error\": {code, \
            message, innerError: {request-id, client-request-id, date}}}`). Code against \
            `error.code`. A gateway may answer with a body that is not JSON.",
        "headers": {
            "request-id": { "$ref": "#/components/headers/request-id" },
            "client-request-id": { "$ref": "#/components/headers/client-request-id" },
            "Retry-After": { "$ref": "#/components/headers/Retry-After" },
        },
        "content": { "application/json": {
            "schema": schema_ref(schemas, "odata-error.schema.json")?,
            "examples": { "callNotFound": {
                "summary": "A call that does not exist",
                "value": example(include_str!("../../fixtures/errors/call-not-found.json")),
            } },
        } },
    }))
}

/// The same value with the keys of every object in order, whatever the
/// `serde_json` features of the build, so that the file is the same from any
/// build (as the models do for the schemas).
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use graph_comms_models::schemas;

    #[test]
    fn component_names_are_the_rust_type_names() {
        let names: Vec<String> = schemas::all()
            .iter()
            .map(|s| component_name(s.file_name))
            .collect();
        assert_eq!(
            names,
            [
                "SubscribeToToneRequest",
                "SubscribeToToneOperation",
                "CommsOperation",
                "CommsNotifications",
                "ToneInfo",
                "Call",
                "ODataError",
                "AnswerRequest",
                "RejectRequest",
                "CreateCallRequest",
                "PlayPromptRequest",
                "PlayPromptOperation",
                "RecordResponseRequest",
                "RecordOperation",
                "CancelMediaProcessingRequest",
                "CancelMediaProcessingOperation",
                "SendDtmfTonesRequest",
                "SendDtmfTonesOperation",
                "UpdateRecordingStatusRequest",
                "UpdateRecordingStatusOperation",
            ]
        );
    }

    #[test]
    fn the_contract_version_is_the_workspace_version() {
        let manifest = std::fs::read_to_string(crate::project_root().join("Cargo.toml")).unwrap();
        let package = manifest.split("[workspace.package]").nth(1).unwrap();
        assert!(
            package.contains(&format!("\nversion = \"{CONTRACT_VERSION}\"")),
            "raise CONTRACT_VERSION with the workspace version"
        );
    }

    #[test]
    fn every_component_is_a_reference_to_a_published_schema() {
        let all = schemas::all();
        let doc = document(&all).unwrap();
        let components = doc["components"]["schemas"].as_object().unwrap();
        assert_eq!(components.len(), all.len() + NESTED.len());
        for schema in &all {
            assert_eq!(
                components[&component_name(schema.file_name)],
                json!({ "$ref": schema.file_name })
            );
        }
        // A nested component names a definition that is there.
        for (name, file, definition) in NESTED {
            let schema = all.iter().find(|s| s.file_name == *file).unwrap();
            assert!(schema.schema["$defs"].get(*definition).is_some(), "{name}");
        }
    }

    #[test]
    fn an_action_naming_an_unpublished_schema_is_an_error() {
        let mut all = schemas::all();
        all.retain(|s| s.file_name != "subscribe-to-tone-request.schema.json");
        let err = document(&all).unwrap_err();
        assert!(
            err.contains("subscribe-to-tone-request.schema.json, which is not a published"),
            "{err}"
        );
    }

    /// Each action is one entry: the `201 Created` of create call with a
    /// `Location` and a body, the `204 No Content` of hang up without one,
    /// on a path that has another method too; the same method on the same
    /// path twice, or an unknown parameter, is an error.
    #[test]
    fn an_action_is_one_table_entry() {
        let doc = document(&schemas::all()).unwrap();
        let created = &doc["paths"]["/communications/calls"]["post"]["responses"]["201"];
        assert_eq!(
            created["headers"]["Location"]["$ref"],
            "#/components/headers/Location"
        );
        assert_eq!(
            created["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Call"
        );
        let gone = &doc["paths"]["/communications/calls/{call-id}"]["delete"]["responses"];
        assert!(gone["204"].get("content").is_none());
        assert!(gone["204"]["headers"].get("Location").is_none());
        assert_eq!(gone["4XX"]["$ref"], "#/components/responses/GraphError");
        let answered = &doc["paths"]["/communications/calls/{call-id}/answer"]["post"];
        assert!(answered["responses"]["202"].get("content").is_none());
        assert_eq!(
            answered["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/AnswerRequest"
        );

        let get = ACTIONS
            .iter()
            .find(|a| a.operation_id == "call.getOperation")
            .unwrap();
        let delete = Action {
            operation_id: "call.deleteOperation",
            method: Method::Delete,
            ..*get
        };
        let mut actions = ACTIONS.to_vec();
        actions.push(delete);
        let doc = document_with(&schemas::all(), &actions).unwrap();
        let item = &doc["paths"]["/communications/calls/{call-id}/operations/{operation-id}"];
        assert!(item["get"].is_object() && item["delete"].is_object());

        actions.push(delete);
        let err = document_with(&schemas::all(), &actions).unwrap_err();
        assert!(err.contains("two actions are delete"), "{err}");
        let odd = Action {
            path: "/communications/calls/{call-id}/participants/{participant-id}",
            ..delete
        };
        let err = document_with(&schemas::all(), &[odd]).unwrap_err();
        assert!(err.contains("no parameter `participant-id`"), "{err}");
    }

    /// Every request graph-comms-http builds has its path, with the
    /// documented success status, the `Location` where an operation (or a
    /// call) is made, the typed operation, and the OData error answers.
    #[test]
    fn every_action_of_the_http_crate_has_its_path() {
        let doc = document(&schemas::all()).unwrap();
        let cases: &[(&str, &str, &str, Option<&str>, bool)] = &[
            ("post", "", "201", Some("Call"), true),
            ("delete", "", "204", None, false),
            ("post", "/answer", "202", None, false),
            ("post", "/reject", "202", None, false),
            (
                "post",
                "/subscribeToTone",
                "200",
                Some("SubscribeToToneOperation"),
                true,
            ),
            (
                "post",
                "/playPrompt",
                "200",
                Some("PlayPromptOperation"),
                true,
            ),
            (
                "post",
                "/recordResponse",
                "200",
                Some("RecordOperation"),
                true,
            ),
            (
                "post",
                "/cancelMediaProcessing",
                "200",
                Some("CancelMediaProcessingOperation"),
                true,
            ),
            (
                "post",
                "/sendDtmfTones",
                "200",
                Some("SendDtmfTonesOperation"),
                true,
            ),
            (
                "post",
                "/updateRecordingStatus",
                "200",
                Some("UpdateRecordingStatusOperation"),
                true,
            ),
        ];
        for (method, segment, status, body, location) in cases {
            let path = if *method == "post" && segment.is_empty() {
                "/communications/calls".to_owned()
            } else {
                format!("/communications/calls/{{call-id}}{segment}")
            };
            let op = &doc["paths"][&path][method];
            let answer = &op["responses"][status];
            assert!(answer.is_object(), "{method} {path}: no {status}");
            // One success and the error ranges (subscribeToTone also has
            // the 202 of an older beta revision).
            let successes = if *segment == "/subscribeToTone" { 2 } else { 1 };
            assert_eq!(
                op["responses"].as_object().unwrap().len(),
                successes + 2,
                "{method} {path}"
            );
            let schema = &answer["content"]["application/json"]["schema"]["$ref"];
            match body {
                Some(name) => assert_eq!(*schema, format!("#/components/schemas/{name}")),
                None => assert!(answer.get("content").is_none(), "{method} {path}"),
            }
            assert_eq!(
                answer["headers"].get("Location").is_some(),
                *location,
                "{method} {path}"
            );
            for range in ["4XX", "5XX"] {
                assert_eq!(
                    op["responses"][range]["$ref"],
                    "#/components/responses/GraphError"
                );
            }
            // A request body where the action takes one, with the docs' example.
            let request = &op["requestBody"]["content"]["application/json"];
            assert_eq!(request.is_object(), *method == "post", "{method} {path}");
            if request.is_object() {
                assert!(request["examples"]["documented"]["value"].is_object());
            }
        }
        // sendDtmfTones: the global service only, both versions.
        let servers =
            &doc["paths"]["/communications/calls/{call-id}/sendDtmfTones"]["post"]["servers"];
        assert_eq!(servers.as_array().unwrap().len(), 1);
        assert_eq!(servers[0]["url"], "https://graph.microsoft.com/{version}");
        assert_eq!(
            servers[0]["variables"]["version"]["enum"],
            json!(["v1.0", "beta"])
        );
        // The least privileged permission is the required role.
        let op = &doc["paths"]["/communications/calls/{call-id}/playPrompt"]["post"];
        assert_eq!(
            op["security"],
            json!([{ "graphAppToken": ["Calls.Initiate.All"] }])
        );
        assert!(
            op["description"]
                .as_str()
                .unwrap()
                .contains("`Calls.Initiate.All`, `Calls.AccessMedia.All`")
        );
    }

    #[test]
    fn subscribe_to_tone_is_offered_where_the_docs_say() {
        let doc = document(&schemas::all()).unwrap();
        let op = &doc["paths"]["/communications/calls/{call-id}/subscribeToTone"]["post"];
        let offered: Vec<(String, Value)> = op["servers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["url"].as_str().unwrap().to_owned(),
                    s["variables"]["version"]["enum"].clone(),
                )
            })
            .collect();
        assert_eq!(
            offered,
            [
                (
                    "https://graph.microsoft.com/{version}".to_owned(),
                    json!(["v1.0", "beta"])
                ),
                (
                    "https://graph.microsoft.us/{version}".to_owned(),
                    json!(["v1.0"])
                ),
                (
                    "https://dod-graph.microsoft.us/{version}".to_owned(),
                    json!(["v1.0"])
                ),
            ]
        );
        assert_eq!(doc["servers"].as_array().unwrap().len(), 4);
        assert_eq!(
            op["security"],
            json!([{ "graphAppToken": ["Calls.AccessMedia.All"] }])
        );
        let location = &op["responses"]["200"]["headers"]["Location"];
        assert_eq!(location["$ref"], "#/components/headers/Location");
    }
}
