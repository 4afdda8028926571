//! `graph-comms schema`: the published JSON Schemas, from
//! `graph_comms_models::schemas::all()` (the function `cargo xtask schema`
//! calls; there is no second copy of the generation here).

use graph_comms_models::schemas::{self, GeneratedSchema};

/// The file-name suffix of every schema.
const SUFFIX: &str = ".schema.json";

/// The schemas `graph-comms schema` prints: every one, or the one called
/// `name` (its file name, or that without `.schema.json`).
///
/// # Errors
///
/// No schema has that name: the message lists the names there are.
pub fn select_schemas(name: Option<&str>) -> Result<Vec<GeneratedSchema>, String> {
    let all = schemas::all();
    let Some(name) = name else {
        return Ok(all);
    };
    let wanted = name.strip_suffix(SUFFIX).unwrap_or(name);
    let names: Vec<&str> = all
        .iter()
        .map(|schema| {
            schema
                .file_name
                .strip_suffix(SUFFIX)
                .unwrap_or(schema.file_name)
        })
        .collect();
    match names.iter().position(|candidate| *candidate == wanted) {
        Some(index) => Ok(all.into_iter().skip(index).take(1).collect()),
        None => Err(format!(
            "no schema is called `{name}`; the schemas are: {}",
            names.join(", ")
        )),
    }
}

/// `{"comms-notifications": {...}, ...}`: the schemas as one JSON object,
/// each under its name (its file name without `.schema.json`).
pub(crate) fn keyed_by_name(
    schemas: &[GeneratedSchema],
) -> serde_json::Map<String, serde_json::Value> {
    schemas
        .iter()
        .map(|schema| {
            let name = schema
                .file_name
                .strip_suffix(SUFFIX)
                .unwrap_or(schema.file_name);
            (name.to_owned(), schema.schema.clone())
        })
        .collect()
}

#[cfg(test)]
mod examples {
    //! What the functions above do, by example (doctests while the crate
    //! exposed them; the command itself is tested through `run` and the
    //! binary, in tests/).

    #[test]
    fn select_schemas_example() -> Result<(), String> {
        use crate::select_schemas;

        assert_eq!(
            select_schemas(None)?.len(),
            graph_comms_models::schemas::all().len()
        );
        let [one] = select_schemas(Some("tone-info"))?.try_into().unwrap();
        assert_eq!(one.file_name, "tone-info.schema.json");
        assert!(
            select_schemas(Some("nope"))
                .unwrap_err()
                .contains("comms-notifications")
        );
        Ok(())
    }
}
