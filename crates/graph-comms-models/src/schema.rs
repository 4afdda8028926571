//! Hand-written JSON Schema pieces (feature `schemars`): the parts that the
//! derive cannot know because the serde impls are written by hand (open enums,
//! `@odata.type` dispatch, lenient dates). [`crate::schemas`] assembles them
//! into the published documents.

use crate::ODataType;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::Value;

/// The schema of an open enum.
///
/// `known` is what schemars derives for a plain enum of the known members
/// (their doc comments become descriptions): a `oneOf` of `const`s, or an
/// `enum` when no member has a doc comment. The result lists each known
/// member and then accepts any other string too, as the models do.
pub(crate) fn open_enum_schema(known: Schema) -> Schema {
    let description = known
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut members: Vec<Value> = Vec::new();
    if let Some(Value::Array(variants)) = known.get("oneOf") {
        for variant in variants {
            let Some(wire) = variant.get("const") else {
                continue;
            };
            let mut member = serde_json::Map::new();
            member.insert("const".into(), wire.clone());
            if let Some(doc) = variant.get("description") {
                member.insert("description".into(), doc.clone());
            }
            members.push(Value::Object(member));
        }
    }
    if let Some(Value::Array(values)) = known.get("enum") {
        members.extend(
            values
                .iter()
                .map(|wire| serde_json::json!({ "const": wire })),
        );
    }
    members.push(serde_json::json!({
        "description": "Any other string: a value this version does not know, accepted and kept verbatim.",
        "type": "string"
    }));
    json_schema!({
        "description": format!(
            "{description}\n\nOpen enum: the known values are listed; they are matched ASCII \
             case-insensitively, and any other string is accepted as well (kept verbatim), so \
             that values newer than this schema do not fail validation."
        ),
        "type": "string",
        "anyOf": members
    })
}

/// Adds the aliases the models also read (`innererror` for `innerError`, …)
/// as properties with the same schema (`wire_struct!`'s `"x" | "alias"`).
pub(crate) fn add_aliases(schema: &mut Schema, aliases: &[(&str, &str)]) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for (alias, name) in aliases {
        let Some(Value::Object(property)) = properties.get(*name) else {
            continue;
        };
        let mut property = property.clone();
        let description = format!("Read as `{name}` (an alias the models accept too).");
        property.insert("description".into(), description.into());
        properties.insert((*alias).to_owned(), Value::Object(property));
    }
}

/// A JSON Schema `pattern` (ECMA-262, no flags) that matches the `@odata.type`
/// values the models read as one of `types`: ASCII case-insensitively, with or
/// without the leading `#` (as `ODataType::known` matches). Each letter is
/// spelled as a `[Xx]` class because JSON Schema has no case-insensitive flag.
pub(crate) fn odata_type_pattern(types: &[ODataType]) -> String {
    let names: Vec<String> = types
        .iter()
        .map(|t| {
            let name = t.as_str();
            let name = name.strip_prefix('#').unwrap_or(name);
            let mut out = String::with_capacity(name.len() * 4);
            for c in name.chars() {
                if c.is_ascii_alphabetic() {
                    out.push('[');
                    out.push(c.to_ascii_uppercase());
                    out.push(c.to_ascii_lowercase());
                    out.push(']');
                } else if c.is_ascii_alphanumeric() {
                    out.push(c);
                } else {
                    out.push('\\');
                    out.push(c);
                }
            }
            out
        })
        .collect();
    format!("^#?(?:{})$", names.join("|"))
}

/// The schema of a polymorphic object: any object, and when its `@odata.type`
/// names one of the `cases` (see [`odata_type_pattern`]), that type's schema
/// applies too. This is exactly how the models dispatch: an object without an
/// `@odata.type`, or with one they do not know, is read as an unknown object.
pub(crate) fn dispatch_on_odata_type(
    generator: &mut SchemaGenerator,
    description: &str,
    cases: Vec<(&[ODataType], Schema)>,
) -> Schema {
    let mut odata_type = generator.subschema_for::<Option<ODataType>>();
    odata_type.insert(
        "description".into(),
        "The type of the object: it chooses the schema that applies.".into(),
    );
    let branches: Vec<Value> = cases
        .into_iter()
        .map(|(types, then)| {
            serde_json::json!({
                "if": {
                    "required": ["@odata.type"],
                    "properties": {
                        "@odata.type": { "type": "string", "pattern": odata_type_pattern(types) }
                    }
                },
                "then": then
            })
        })
        .collect();
    json_schema!({
        "description": description,
        "type": "object",
        "properties": { "@odata.type": odata_type },
        "allOf": branches
    })
}

/// A superset of what `parse_graph_datetime` reads: RFC 3339 (`T`, `t` or a
/// space between date and time, `Z`, `z` or `±hh:mm`), or the same without an
/// offset, where chrono also takes one-digit fields, a signed year of any
/// length, and whitespace before a number. A property test
/// (`xtask/tests/it/schemas.rs`) checks that every string the models read
/// matches; it does not check calendar validity (February 30 matches).
pub(crate) const DATE_TIME_PATTERN: &str = r"^\s*[+-]?[0-9]+-\s*[0-9]{1,2}-\s*[0-9]{1,2}[Tt ]\s*[0-9]{1,2}:\s*[0-9]{1,2}:\s*[0-9]{1,2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?$";

/// A date-time as the models read it; used as `schemars(with =
/// "Option<GraphDateTime>")` on `Option<DateTime<Utc>>` fields, so that the
/// field keeps its own description and the format is described once, in
/// `$defs/dateTime`.
///
/// No `"format": "date-time"`: validators that assert formats (Python's
/// check-jsonschema does by default) would then reject the offset-less dates
/// the models accept.
pub(crate) struct GraphDateTime;

impl schemars::JsonSchema for GraphDateTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "dateTime".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date-time: RFC 3339, such as 2019-02-04T20:44:26.2917337Z, or \
                without an offset (2021-07-02T01:40:19, read as UTC). The pattern is a lenient \
                superset of what the models read; it does not check calendar validity.",
            "type": "string",
            "pattern": DATE_TIME_PATTERN
        })
    }
}
