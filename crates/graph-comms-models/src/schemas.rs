//! JSON Schemas (draft 2020-12) of the payloads, generated from these types
//! (feature `schemars`), for teams that validate payloads without Rust.
//!
//! [`all`] is the one place the published schemas are made: `cargo xtask
//! schema` writes them to `schemas/` in the repository (and `--check`, run in
//! CI and by `cargo test`, fails when those files are stale); a CLI that
//! prints the schemas calls it too rather than keeping a copy.
//!
//! The schemas say what the models accept, no more and no less where JSON
//! Schema can express it:
//!
//! - every property may be absent or `null`, and unknown properties are
//!   allowed (`additionalProperties: true`): the models keep them;
//! - enums list their known members (with their docs) and accept any other
//!   string, as the models do (open enums, matched case-insensitively);
//! - `@odata.type` is a string or `null`; where the models choose a type by it
//!   (`resourceData`, `mediaConfig`), an `if`/`then` per type applies that
//!   type's schema, matching the name ASCII case-insensitively with the `#`
//!   optional, like the models;
//! - `resourceData` is one object or an array of them;
//! - integers carry the range of their Rust type (`sequenceId` is an Int64,
//!   `code` and `subcode` Int32 when numbers), dates a lenient date-time
//!   pattern;
//! - the request bodies' `clientContext` has 1 to 256 characters (Unicode
//!   code points, which is what `graph-comms-validate` counts too; it refuses
//!   an empty one as well); the other documented limits of the IVR actions
//!   (at most 20 prompts, the 1–120 s ranges) are left to
//!   `graph-comms-validate`, which says what is wrong in words;
//! - `resultInfo` `code` and `subcode` are an Int32 or a string, as sent.
//!
//! A resource that the models keep as `Resource::Invalid` (a `toneInfo`
//! whose `sequenceId` is a string, say) fails its schema at that place: the
//! payload is malformed, even though `CommsNotifications::from_slice` reads the
//! rest of the batch.
//!
//! ```
//! use graph_comms_models::schemas;
//!
//! let all = schemas::all();
//! let request = all
//!     .iter()
//!     .find(|s| s.file_name == "subscribe-to-tone-request.schema.json")
//!     .unwrap();
//! assert_eq!(
//!     request.schema["$schema"],
//!     "https://json-schema.org/draft/2020-12/schema"
//! );
//! assert_eq!(request.schema["properties"]["clientContext"]["maxLength"], 256);
//! assert!(request.to_file_contents().ends_with("}\n"));
//! ```

use crate::{
    AnswerRequest, Call, CancelMediaProcessingOperation, CancelMediaProcessingRequest,
    CommsNotifications, CommsOperation, CreateCallRequest, ODataError, ODataType,
    PlayPromptOperation, PlayPromptRequest, RecordOperation, RecordResponseRequest, RejectRequest,
    SendDtmfTonesOperation, SendDtmfTonesRequest, SubscribeToToneOperation, SubscribeToToneRequest,
    ToneInfo, UpdateRecordingStatusOperation, UpdateRecordingStatusRequest,
};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// The command that writes the schemas; the `$comment` of each schema names it.
pub const GENERATOR_COMMAND: &str = "cargo xtask schema";

/// The base of every schema's `$id`.
///
/// An identifier, not a location: JSON Schema only needs `$id` to be an
/// absolute URI, and a schema is found by its `$id` in the validator's own
/// set, never fetched. The project has no public home yet, so the base is on
/// `example.invalid` (reserved by RFC 2606: it never resolves, so nothing can
/// be served there in its name). When it has a home, change this and run
/// `cargo xtask schema`.
// (Not derived from the package's `repository`: there is none, rather than a
// made-up one, and the schemas must not change with packaging metadata.)
pub const ID_BASE: &str = "https://example.invalid/graph-comms/schemas/";

/// One schema document, as it is published.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GeneratedSchema {
    /// The file name under `schemas/`, such as `comms-notifications.schema.json`.
    pub file_name: &'static str,
    /// The schema document.
    pub schema: Value,
}

impl GeneratedSchema {
    /// The file contents: the schema pretty-printed (two-space indent, keys in
    /// order) with a trailing newline.
    pub fn to_file_contents(&self) -> String {
        format!("{:#}\n", self.schema)
    }
}

/// Every published schema, one per payload, in a fixed order.
pub fn all() -> Vec<GeneratedSchema> {
    vec![
        generate::<SubscribeToToneRequest>(
            "subscribe-to-tone-request.schema.json",
            "subscribeToTone request body",
        ),
        generate::<SubscribeToToneOperation>(
            "subscribe-to-tone-operation.schema.json",
            "microsoft.graph.subscribeToToneOperation",
        ),
        generate::<CommsOperation>(
            "comms-operation.schema.json",
            "microsoft.graph.commsOperation",
        ),
        generate::<CommsNotifications>(
            "comms-notifications.schema.json",
            "microsoft.graph.commsNotifications",
        ),
        generate::<ToneInfo>("tone-info.schema.json", "microsoft.graph.toneInfo"),
        generate::<Call>("call.schema.json", "microsoft.graph.call"),
        generate::<ODataError>("odata-error.schema.json", "Graph error response body"),
        // The IVR actions: a request body and the operation it returns.
        generate::<AnswerRequest>("answer-request.schema.json", "answer request body"),
        generate::<RejectRequest>("reject-request.schema.json", "reject request body"),
        generate::<CreateCallRequest>(
            "create-call-request.schema.json",
            "create call request body (POST /communications/calls)",
        ),
        generate::<PlayPromptRequest>("play-prompt-request.schema.json", "playPrompt request body"),
        generate::<PlayPromptOperation>(
            "play-prompt-operation.schema.json",
            "microsoft.graph.playPromptOperation",
        ),
        generate::<RecordResponseRequest>(
            "record-response-request.schema.json",
            "recordResponse request body (also the beta record action's)",
        ),
        generate::<RecordOperation>(
            "record-operation.schema.json",
            "microsoft.graph.recordOperation",
        ),
        generate::<CancelMediaProcessingRequest>(
            "cancel-media-processing-request.schema.json",
            "cancelMediaProcessing request body",
        ),
        generate::<CancelMediaProcessingOperation>(
            "cancel-media-processing-operation.schema.json",
            "microsoft.graph.cancelMediaProcessingOperation",
        ),
        generate::<SendDtmfTonesRequest>(
            "send-dtmf-tones-request.schema.json",
            "sendDtmfTones request body",
        ),
        generate::<SendDtmfTonesOperation>(
            "send-dtmf-tones-operation.schema.json",
            "microsoft.graph.sendDtmfTonesOperation",
        ),
        generate::<UpdateRecordingStatusRequest>(
            "update-recording-status-request.schema.json",
            "updateRecordingStatus request body",
        ),
        generate::<UpdateRecordingStatusOperation>(
            "update-recording-status-operation.schema.json",
            "microsoft.graph.updateRecordingStatusOperation",
        ),
    ]
}

fn generate<T: JsonSchema>(file_name: &'static str, title: &str) -> GeneratedSchema {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();

    if let Value::Object(defs) = &mut schema["$defs"] {
        for (name, def) in defs.iter_mut() {
            document_odata_type(def, name);
        }
    }
    document_odata_type(&mut schema, &T::schema_name());
    finish(&mut schema);

    if let Value::Object(root) = &mut schema {
        root.insert("$id".into(), format!("{ID_BASE}{file_name}").into());
        root.insert("title".into(), title.into());
        root.insert(
            "$comment".into(),
            format!(
                "Generated by `{GENERATOR_COMMAND}` from the Rust types of graph-comms-models \
                 (descriptions are their doc comments). Do not edit by hand: change the types \
                 and run `{GENERATOR_COMMAND}`."
            )
            .into(),
        );
    }
    GeneratedSchema {
        file_name,
        schema: sorted(schema),
    }
}

/// Says which `@odata.type` a wire type expects, on its `@odata.type`
/// property (the models accept any, so this is documentation and an example).
fn document_odata_type(schema: &mut Value, type_name: &str) {
    if schema.get("allOf").is_some() {
        // A type chosen by `@odata.type` (mediaConfig, resource): its own
        // description says which types there are.
        return;
    }
    let Some(odata_type) = ODataType::known(&format!("#{type_name}")) else {
        return;
    };
    let Some(Value::Object(property)) = schema.pointer_mut("/properties/@odata.type") else {
        return;
    };
    let expected = if odata_type == ODataType::CommsOperation {
        "`#microsoft.graph.commsOperation` or a type derived from it, such as \
         `#microsoft.graph.subscribeToToneOperation`"
            .to_owned()
    } else {
        format!("`{}`", odata_type.as_str())
    };
    let description = property
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let description = format!(
        "{description} For this type: {expected} (matched ASCII case-insensitively, the \
         leading # optional)."
    );
    property.insert("description".into(), description.into());
    property.insert("examples".into(), vec![odata_type.as_str()].into());
}

/// Post-processing over the whole document: doc comments made readable
/// without rustdoc, and integer formats given their ranges.
fn finish(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = plain_doc(text);
            }
            let range = match map.get("format").and_then(Value::as_str) {
                Some("int32") => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
                Some("int64") => Some((i64::MIN, i64::MAX)),
                _ => None,
            };
            if let Some((min, max)) = range {
                map.entry("minimum").or_insert(min.into());
                map.entry("maximum").or_insert(max.into());
            }
            map.values_mut().for_each(finish);
        }
        Value::Array(items) => items.iter_mut().for_each(finish),
        _ => {}
    }
}

/// A doc comment as a schema description: fenced code blocks (Rust examples)
/// are dropped, with a paragraph ending in `:` that introduces one; rustdoc
/// links `` [`x`] `` become code spans; the lines of a paragraph are joined
/// (list items keep their own line).
fn plain_doc(doc: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut in_code = false;
    for line in doc.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            if !in_code {
                flush(&mut paragraphs, &mut current);
                if paragraphs.last().is_some_and(|p| p.ends_with(':')) {
                    paragraphs.pop();
                }
            }
            in_code = !in_code;
        } else if !in_code {
            if trimmed.is_empty() {
                flush(&mut paragraphs, &mut current);
            } else {
                current.push(trimmed);
            }
        }
    }
    flush(&mut paragraphs, &mut current);
    paragraphs.join("\n\n")
}

fn flush(paragraphs: &mut Vec<String>, lines: &mut Vec<&str>) {
    if lines.is_empty() {
        return;
    }
    let mut text = String::new();
    for line in lines.drain(..) {
        if !text.is_empty() {
            text.push(if line.starts_with("- ") { '\n' } else { ' ' });
        }
        text.push_str(line);
    }
    paragraphs.push(unlink(&text));
}

/// `` [`crate::x::Y`] `` → `` `x::Y` ``: rustdoc's intra-doc links, which
/// mean nothing outside rustdoc.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        let Some(len) = rest[start + 2..].find("`]") else {
            break;
        };
        let inner = &rest[start + 2..start + 2 + len];
        out.push_str(&rest[..start]);
        out.push('`');
        out.push_str(inner.strip_prefix("crate::").unwrap_or(inner));
        out.push('`');
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The same value with the keys of every object in order, whatever the
/// `serde_json` features of the build (`preserve_order` keeps insertion
/// order), so that the files are byte-identical from any build.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, sorted(value)))
                    .collect::<Map<String, Value>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_doc_drops_rust_examples_and_links() {
        let doc = "A thing (`x`): see [`crate::Foo::bar`]\nand [`Baz`].\n\n\
                   It shows this:\n\n```\nlet x = 1;\n```\n\nLast.\n- one\n- two";
        assert_eq!(
            plain_doc(doc),
            "A thing (`x`): see `Foo::bar` and `Baz`.\n\nLast.\n- one\n- two"
        );
    }

    #[test]
    fn id_base_is_an_absolute_url() {
        assert!(ID_BASE.starts_with("https://"), "{ID_BASE}");
        assert!(ID_BASE.ends_with("/schemas/"));
    }
}
