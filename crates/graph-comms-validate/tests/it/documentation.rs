//! Every diagnostic code is in the documented table (with its severity) and
//! in at least one committed snapshot; the table lists nothing else.

use graph_comms_validate::DiagnosticCode;
use std::path::Path;

const CRATE_DOCS: &str = include_str!("../../src/lib.rs");

/// The `| `code` | severity |` rows of the table in the crate docs.
fn table_rows() -> Vec<(String, String)> {
    CRATE_DOCS
        .lines()
        .filter_map(|line| line.strip_prefix("//! | `"))
        .filter_map(|row| {
            let (code, rest) = row.split_once('`')?;
            let severity = rest.trim_start_matches([' ', '|']).split(' ').next()?;
            Some((code.to_owned(), severity.to_owned()))
        })
        .collect()
}

#[test]
fn every_code_is_in_the_table_with_its_severity() {
    let rows = table_rows();
    for &code in DiagnosticCode::ALL {
        let row = rows.iter().find(|(c, _)| c == code.as_str());
        let (_, severity) = row.unwrap_or_else(|| panic!("{code} is not in the table in lib.rs"));
        assert_eq!(
            severity,
            code.severity().as_str(),
            "severity of {code} in the table"
        );
    }
    for (code, _) in &rows {
        assert!(
            DiagnosticCode::from_code(code).is_some(),
            "the table lists unknown code {code}"
        );
    }
    assert_eq!(
        rows.len(),
        DiagnosticCode::ALL.len(),
        "a code is listed twice"
    );
}

#[test]
fn every_code_is_in_a_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    let mut snapshots = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "snap") {
            snapshots.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    let missing: Vec<&str> = DiagnosticCode::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| !snapshots.contains(&format!("\"code\": \"{code}\"")))
        .collect();
    assert!(missing.is_empty(), "codes in no snapshot: {missing:?}");
}

#[test]
fn the_readme_points_to_the_table() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    assert!(readme.contains("graph-comms-validate"));
    assert!(readme.contains("crates/graph-comms-validate/src/lib.rs"));
}
