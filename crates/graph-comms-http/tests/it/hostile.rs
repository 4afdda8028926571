//! Hostile inputs of the HTTP layer (fixtures/invalid/locations and
//! fixtures/invalid/callbacks, plus an oversized body made here): each gives
//! a clear result, snapshotted, never a panic, and no message quotes a tone.

use graph_comms_http::http::{Request, Response};
use graph_comms_http::{CallbackReader, SubscribeToTone};

const TONE_NAMES: [&str; 13] = [
    "tone0", "tone1", "tone2", "tone3", "tone4", "tone5", "tone6", "tone7", "tone8", "tone9",
    "star", "pound", "flash",
];

/// No tone name as a whole word ("star" may appear in "starting").
fn assert_no_tone(text: &str) {
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    for name in TONE_NAMES {
        assert!(!words.contains(&name), "{name:?} leaked into {text}");
    }
}

/// Long values are cut, so that a 100,000-character header does not make a
/// 100 kB snapshot.
fn cut(text: &str) -> String {
    if text.chars().count() > 400 {
        let head: String = text.chars().take(200).collect();
        format!("{head}… ({} characters)", text.chars().count())
    } else {
        text.to_owned()
    }
}

#[test]
fn hostile_locations() {
    let request = SubscribeToTone::builder()
        .call_id("57dab8b1-894c-409a-b240-bd8beae78896")
        .build()
        .unwrap();
    let body = br##"{"@odata.type":"#microsoft.graph.subscribeToToneOperation","id":"0fe0623f-d628-42ed-b4bd-8ac290072cc5","status":"completed"}"##;
    insta::glob!("../../../../fixtures/invalid", "locations/*.txt", |path| {
        let location = std::fs::read(path).unwrap();
        let outcome = match Response::builder()
            .status(200)
            .header("Location", location.as_slice())
            .body(body.to_vec())
        {
            // The http crate itself refuses some header values (CR/LF).
            Err(err) => format!("refused by the http crate: {err}"),
            Ok(response) => match request.read_response(&response) {
                Ok(read) => format!("accepted: operation {:?}", read.operation_id()),
                Err(err) => {
                    assert_no_tone(&err.to_string());
                    format!("{:?}: {}", err.kind(), cut(&err.to_string()))
                }
            },
        };
        insta::assert_snapshot!(outcome);
    });
}

fn read_callback(reader: &CallbackReader, body: Vec<u8>) -> String {
    let request = Request::post("/api/calls")
        .header("Content-Type", "application/json")
        .body(body)
        .unwrap();
    match reader.read(&request) {
        Ok(callback) => format!(
            "accepted: {} notifications",
            callback.notifications().value.len()
        ),
        Err(err) => {
            assert_no_tone(&err.to_string());
            assert_no_tone(&format!("{err:?}"));
            format!("{} {:?}: {}", err.status().as_u16(), err.kind(), err)
        }
    }
}

#[test]
fn hostile_callbacks() {
    let reader = CallbackReader::new();
    insta::glob!("../../../../fixtures/invalid", "callbacks/*.json", |path| {
        let body = std::fs::read(path).unwrap();
        insta::assert_snapshot!(read_callback(&reader, body));
    });
}

#[test]
fn a_body_one_byte_over_the_limit_is_refused_before_parsing() {
    let reader = CallbackReader::new();
    let limit = reader.max_body_bytes();
    // Not JSON at all: had it been parsed, the error would be InvalidBody.
    let over = vec![b'{'; limit + 1];
    insta::assert_snapshot!("oversized", read_callback(&reader, over));
    let at_limit = vec![b'{'; limit];
    insta::assert_snapshot!("at_the_limit_parsed", read_callback(&reader, at_limit));
}
