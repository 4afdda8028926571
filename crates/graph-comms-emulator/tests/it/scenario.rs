//! Scenario files: every fixture reads, and the reader's errors.

use graph_comms_emulator::scenario::Scenario;
use std::path::PathBuf;

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/scenarios");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 3, "the shipped scenarios are missing");
    out
}

#[test]
fn every_fixture_reads() {
    for (name, text) in fixtures() {
        let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!scenario.calls.is_empty(), "{name}");
    }
}

#[test]
fn the_embedded_pin_entry_reads() {
    let scenario = Scenario::pin_entry();
    assert_eq!(scenario.calls.len(), 1);
}
