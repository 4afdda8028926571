//! Hand-written JSON Schema pieces (feature `schemars`).

use schemars::{Schema, json_schema};

/// The schema of an open enum: the known members are listed, and any other
/// string is accepted too, as the models accept it.
pub(crate) fn open_enum_schema(what: &str, known: &[&str]) -> Schema {
    json_schema!({
        "description": format!(
            "{what}. Known values: {}. Matched case-insensitively; any other string is \
             accepted and kept verbatim (open enum).",
            known.join(", ")
        ),
        "type": "string",
        "anyOf": [
            { "enum": known },
            { "type": "string" }
        ]
    })
}
