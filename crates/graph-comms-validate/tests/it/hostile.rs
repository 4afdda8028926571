//! Hostile request bodies and paths (fixtures/invalid/request-bodies and
//! fixtures/invalid/paths): each gives diagnostics, snapshotted, never a
//! panic; no diagnostic contains a tone.

use graph_comms_validate::{Diagnostic, analyze_subscribe_to_tone_path, check_request_body};
use std::fmt::Write;

const TONE_NAMES: [&str; 13] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "flash",
];

/// The diagnostics as text; long locations and replacements are cut, so that
/// a 100,000-character URL does not make a 100 kB snapshot.
fn describe(diagnostics: &[Diagnostic]) -> String {
    let cut = |text: &str| {
        if text.chars().count() > 400 {
            let head: String = text.chars().take(200).collect();
            format!("{head}… ({} characters)", text.chars().count())
        } else {
            text.to_owned()
        }
    };
    let mut out = String::new();
    for d in diagnostics {
        let text = format!("{d:?}\n{d}");
        for name in TONE_NAMES {
            assert!(!text.contains(name), "{name:?} leaked into {text}");
        }
        writeln!(out, "{} {}", d.severity.as_str(), d.code.as_str()).unwrap();
        if let Some(location) = &d.location {
            writeln!(out, "  location: {}", cut(location)).unwrap();
        }
        writeln!(out, "  message: {}", cut(&d.message)).unwrap();
        if let Some(replacement) = &d.replacement {
            writeln!(out, "  replacement: {}", cut(replacement)).unwrap();
        }
    }
    if out.is_empty() {
        out.push_str("no diagnostics\n");
    }
    out
}

#[test]
fn hostile_request_bodies() {
    insta::glob!(
        "../../../../fixtures/invalid",
        "request-bodies/*.json",
        |path| {
            let bytes = std::fs::read(path).unwrap();
            insta::assert_snapshot!(describe(check_request_body(&bytes).diagnostics()));
        }
    );
}

#[test]
fn hostile_paths() {
    insta::glob!("../../../../fixtures/invalid", "paths/*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let analysis = analyze_subscribe_to_tone_path(&text);
        insta::assert_snapshot!(describe(analysis.diagnostics()));
    });
}

/// A 100,000-character property name is shown by its first characters only,
/// in the message and in the location, for every action.
#[test]
fn a_huge_property_name_is_shortened_everywhere() {
    let name = "x".repeat(100_000);
    let body = format!(r#"{{"clientContext":"c","{name}":1}}"#);
    let mut diagnostics = check_request_body(body.as_bytes()).diagnostics;
    for action in graph_comms_core::CallAction::ALL {
        diagnostics
            .extend(graph_comms_validate::check_action_body(action, body.as_bytes()).diagnostics);
    }
    let unknown: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "unknown-property")
        .filter(|d| d.location.as_deref().is_some_and(|l| l.contains("xxx")))
        .collect();
    assert!(!unknown.is_empty(), "{diagnostics:?}");
    for d in unknown {
        let location = d.location.as_deref().unwrap_or_default();
        assert!(
            location.len() < 200 && location.ends_with("…']"),
            "{location}"
        );
        assert!(d.message.len() < 400, "{} bytes", d.message.len());
    }
}
