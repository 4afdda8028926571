//! `cargo xtask schema [--check]`: writes `schemas/` from
//! `graph_comms_models::schemas::all` (the JSON Schemas),
//! `graph_comms_emulator::scenario::json_schema` (the scenario file's) and the OpenAPI
//! contract built on them (`openapi.json`, see [`crate::openapi`]), or checks
//! that it is up to date.
//!
//! The check also runs as a plain test (`tests::schemas_are_fresh`), the
//! rust-analyzer pattern: `cargo test --workspace` fails when a wire type (or
//! one of its doc comments) changed and `schemas/` was not regenerated.

use crate::openapi;
use graph_comms_models::schemas::GeneratedSchema;
use std::fmt;
use std::io;
use std::path::Path;

/// The suffix of the JSON Schema files this task owns in `schemas/`.
const SUFFIX: &str = ".schema.json";

/// One file of `schemas/`, as it is generated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GeneratedFile {
    /// The file name in `schemas/`.
    pub name: String,
    /// The contents.
    pub contents: String,
}

/// Every file of `schemas/`: the JSON Schemas, then the OpenAPI contract that
/// references them.
pub(crate) fn files(schemas: &[GeneratedSchema]) -> Result<Vec<GeneratedFile>, String> {
    let mut out: Vec<GeneratedFile> = schemas
        .iter()
        .map(|s| GeneratedFile {
            name: s.file_name.to_owned(),
            contents: s.to_file_contents(),
        })
        .collect();
    // The emulator's scenario file: configuration, not a Graph payload, so
    // not in the OpenAPI contract.
    out.push(GeneratedFile {
        name: graph_comms_emulator::scenario::SCHEMA_FILE_NAME.to_owned(),
        contents: format!("{:#}\n", graph_comms_emulator::scenario::json_schema()),
    });
    out.push(GeneratedFile {
        name: openapi::FILE_NAME.to_owned(),
        contents: format!("{:#}\n", openapi::document(schemas)?),
    });
    Ok(out)
}

/// Whether this task owns a file of `schemas/` of that name.
fn is_owned(name: &str) -> bool {
    name.ends_with(SUFFIX) || name == openapi::FILE_NAME
}

/// How a file in `schemas/` differs from what is generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stale {
    /// The file is not there.
    Missing(String),
    /// The file is there with other contents.
    Differs(String),
    /// A `*.schema.json` file that is no longer generated.
    Unexpected(String),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(name) => write!(f, "schemas/{name} is missing"),
            Stale::Differs(name) => write!(f, "schemas/{name} is not up to date"),
            Stale::Unexpected(name) => write!(f, "schemas/{name} is no longer generated"),
        }
    }
}

/// What to tell the user when `schemas/` is stale.
pub(crate) fn stale_message(stale: &[Stale]) -> String {
    let mut out = String::new();
    for problem in stale {
        out.push_str(&format!("{problem}\n"));
    }
    out.push_str(
        "The JSON Schemas and the OpenAPI contract are generated from the Rust types of \
         graph-comms-models (and the scenario's from graph-comms-emulator): run \
         `cargo xtask schema` and commit the changes in schemas/.",
    );
    out
}

/// Compares `dir` with `files`: every file must be there with exactly the
/// generated contents (line endings aside, for checkouts that convert them),
/// and no other `*.schema.json` file (or `openapi.json`) may be.
pub(crate) fn check(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    for file in files {
        match std::fs::read_to_string(dir.join(&file.name)) {
            Ok(on_disk) => {
                if on_disk.replace("\r\n", "\n") != file.contents {
                    stale.push(Stale::Differs(file.name.clone()));
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                stale.push(Stale::Missing(file.name.clone()));
            }
            Err(err) => return Err(err),
        }
    }
    for name in owned_files(dir)? {
        if !files.iter().any(|f| f.name == name) {
            stale.push(Stale::Unexpected(name));
        }
    }
    Ok(stale)
}

/// Writes every file to `dir` (creating it) and removes the files this task
/// owns that are no longer generated. Returns what changed.
pub(crate) fn write(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Stale>> {
    let changed = check(dir, files)?;
    std::fs::create_dir_all(dir)?;
    for problem in &changed {
        match problem {
            Stale::Missing(name) | Stale::Differs(name) => {
                if let Some(file) = files.iter().find(|f| &f.name == name) {
                    std::fs::write(dir.join(name), &file.contents)?;
                }
            }
            Stale::Unexpected(name) => std::fs::remove_file(dir.join(name))?,
        }
    }
    Ok(changed)
}

/// The files of `dir` this task owns, sorted; none when `dir` does not exist.
fn owned_files(dir: &Path) -> io::Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let mut names = Vec::new();
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if is_owned(&name) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use graph_comms_models::schemas;
    use std::path::PathBuf;

    /// The freshness test: the committed `schemas/` is what the types generate.
    #[test]
    fn schemas_are_fresh() {
        let dir = crate::project_root().join("schemas");
        let stale = check(&dir, &files(&schemas::all()).unwrap()).unwrap();
        assert!(stale.is_empty(), "{}", stale_message(&stale));
    }

    /// A scratch directory of this test, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir()
                .join(format!("graph-comms-xtask-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// What a changed doc comment does to the generated schemas: the
    /// description that came from it changes.
    fn with_doc_changed(mut all: Vec<GeneratedSchema>) -> Vec<GeneratedSchema> {
        let tone_info = all
            .iter_mut()
            .find(|s| s.file_name == "tone-info.schema.json")
            .unwrap();
        let description = tone_info
            .schema
            .pointer_mut("/properties/sequenceId/description")
            .unwrap();
        *description = "An identifier for ordering DTMF events (Int64).".into();
        all
    }

    #[test]
    fn descriptions_are_the_doc_comments() {
        // The doc comment of `ToneInfo::sequence_id`, verbatim: the schema
        // changes whenever it does, so the freshness test notices.
        let all = schemas::all();
        let tone_info = all
            .iter()
            .find(|s| s.file_name == "tone-info.schema.json")
            .unwrap();
        assert_eq!(
            tone_info.schema["properties"]["sequenceId"]["description"],
            "An incremental identifier used for ordering DTMF events (Int64)."
        );
    }

    #[test]
    fn check_fails_after_a_doc_comment_changes_without_regeneration() {
        let scratch = Scratch::new("doc-change");
        let before = files(&schemas::all()).unwrap();
        write(&scratch.0, &before).unwrap();
        assert_eq!(check(&scratch.0, &before).unwrap(), []);

        let after = files(&with_doc_changed(schemas::all())).unwrap();
        let stale = check(&scratch.0, &after).unwrap();
        assert_eq!(stale, [Stale::Differs("tone-info.schema.json".into())]);
        let message = stale_message(&stale);
        assert!(message.contains("schemas/tone-info.schema.json is not up to date"));
        assert!(message.contains("run `cargo xtask schema` and commit"));

        // The contract references the schema: it does not change with it.
        // Regenerating makes it fresh again, and touches only that file.
        assert_eq!(write(&scratch.0, &after).unwrap(), stale);
        assert_eq!(check(&scratch.0, &after).unwrap(), []);
    }

    #[test]
    fn check_reports_missing_and_unexpected_files() {
        let scratch = Scratch::new("files");
        let all = files(&schemas::all()).unwrap();
        let stale = check(&scratch.0, &all).unwrap();
        assert_eq!(stale.len(), all.len());
        assert!(stale.iter().all(|s| matches!(s, Stale::Missing(_))));

        write(&scratch.0, &all).unwrap();
        std::fs::write(scratch.0.join("old.schema.json"), "{}\n").unwrap();
        std::fs::write(scratch.0.join("README.md"), "not ours\n").unwrap();
        std::fs::remove_file(scratch.0.join("call.schema.json")).unwrap();
        std::fs::write(scratch.0.join("openapi.json"), "{}\n").unwrap();
        assert_eq!(
            check(&scratch.0, &all).unwrap(),
            [
                Stale::Missing("call.schema.json".into()),
                Stale::Differs("openapi.json".into()),
                Stale::Unexpected("old.schema.json".into()),
            ]
        );
        write(&scratch.0, &all).unwrap();
        assert_eq!(check(&scratch.0, &all).unwrap(), []);
        assert!(
            scratch.0.join("README.md").exists(),
            "other files are left alone"
        );
    }

    #[test]
    fn crlf_checkouts_are_fresh() {
        let scratch = Scratch::new("crlf");
        let all = files(&schemas::all()).unwrap();
        write(&scratch.0, &all).unwrap();
        for name in ["call.schema.json", "openapi.json"] {
            let path = scratch.0.join(name);
            let crlf = std::fs::read_to_string(&path)
                .unwrap()
                .replace('\n', "\r\n");
            std::fs::write(&path, crlf).unwrap();
        }
        assert_eq!(check(&scratch.0, &all).unwrap(), []);
    }
}
