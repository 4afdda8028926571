//! `graph-comms decode`: the tones of a callback body, as the models read them.

use crate::output::{self, DIM, EMPHASIS, JsonError, Line};
use graph_comms_models::{CommsNotifications, ReadError, ReadErrorKind, Tone};
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};

/// What a callback body contained.
///
/// Serialises as the CLI's JSON: `{"notifications": N, "tones": [{"callId",
/// "sequenceId", "tone"}], "errors": [{"index", "message"}]}`, `tone` as its
/// wire name. `Debug` does not show the tones.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DecodeReport {
    /// How many notifications the body has (tones or not).
    pub notifications: usize,
    /// The tone events, in input order.
    pub tones: Vec<DecodedTone>,
    /// The notifications whose tone event could not be taken, in input order.
    pub errors: Vec<ItemError>,
}

/// One key press.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecodedTone {
    /// The call (from the notification's `resourceUrl`).
    pub call_id: String,
    /// The sequence id.
    pub sequence_id: i64,
    /// The key: redacted in `Debug`, its wire name in JSON.
    pub tone: Tone,
}

/// A notification that is in the batch but could not give a tone event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ItemError {
    /// Its position in `value` (from 0).
    pub index: usize,
    /// What is wrong (never quotes a tone).
    pub message: String,
}

/// Reads a callback body with
/// [`CommsNotifications::from_slice`](graph_comms_models::CommsNotifications::from_slice)
/// and lists its [`tone_events`](graph_comms_models::CommsNotifications::tone_events).
///
/// # Errors
///
/// The body is not JSON or not a commsNotifications document: the models'
/// [`ReadError`], with its JSON path, line and column. JSON of another shape
/// (a notification without its batch, a request body, PascalCase property
/// names) is refused too, saying what it looks like. A single notification
/// that cannot be read is not an error: it is in [`DecodeReport::errors`].
pub fn decode(body: &[u8]) -> Result<DecodeReport, ReadError> {
    let batch = read_batch(body)?;
    let mut report = DecodeReport {
        notifications: batch.value.len(),
        ..DecodeReport::default()
    };
    for event in batch.tone_events() {
        match event {
            Ok(event) => report.tones.push(DecodedTone {
                call_id: event.call_id.to_owned(),
                sequence_id: event.sequence_id,
                tone: event.tone,
            }),
            Err(err) => report.errors.push(ItemError {
                index: err.notification_index(),
                message: err.to_string(),
            }),
        }
    }
    Ok(report)
}

/// Reads a callback body as the models do, and refuses one that is JSON of
/// another shape, which the models (liberal in what they read) would take
/// as a batch of no notifications: a single notification without its
/// `{"value": [...]}`, a request body, a call, PascalCase property names.
/// The error says what the body looks like and what to do.
pub(crate) fn read_batch(body: &[u8]) -> Result<CommsNotifications, ReadError> {
    let batch = CommsNotifications::from_slice(body)?;
    let suspicious = batch.value.is_empty()
        || batch.value.iter().any(|notification| {
            notification.resource_url.is_none()
                && notification.resource.is_none()
                && notification.resource_data.is_none()
        });
    if suspicious {
        // The rare case only: a second read, as a tree.
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        if let Some(err) = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|tree| wrong_shape(&tree))
        {
            return Err(err);
        }
    }
    Ok(batch)
}

/// The keys of a notification, to recognise one and its miscased spellings.
const NOTIFICATION_KEYS: &[&str] = &["resourceUrl", "resourceData", "resource", "changeType"];

/// Why `tree` (the root of a body the models read as a batch) is not a
/// commsNotifications batch, if it is not. Names only keys the models know,
/// never a value of the input.
fn wrong_shape(tree: &Value) -> Option<ReadError> {
    let refuse =
        |path: String, message: String| Some(ReadError::new(ReadErrorKind::Data, path, message));
    let Value::Object(root) = tree else {
        return None;
    };
    if !root.contains_key("value") {
        let has = |key: &str| root.contains_key(key);
        let miscased = |known: &str| {
            root.keys()
                .find(|key| key.as_str() != known && key.eq_ignore_ascii_case(known))
                .cloned()
        };
        let message = if let Some(key) = miscased("value") {
            format!(
                "the body has `{key}` where a commsNotifications body has `value`: property \
                 names are case-sensitive, so rename it to `value`"
            )
        } else if NOTIFICATION_KEYS.iter().any(|key| has(key)) {
            "the body is a single notification (it has resourceUrl, resourceData or \
             changeType), not a batch: wrap it as {\"value\": [ ...the notification... ]}"
                .to_owned()
        } else if has("clientContext") {
            "the body is a subscribeToTone request (it has clientContext), not a callback: \
             check it with `graph-comms check --body FILE`"
                .to_owned()
        } else if has("toneInfo") || has("state") || has("mediaConfig") || has("callbackUri") {
            "the body is a call (the resourceData of a notification), not a callback body: \
             a callback body is {\"value\": [{\"resourceUrl\": ..., \"resourceData\": the call}]}"
                .to_owned()
        } else if has("error") {
            "the body is a Graph error response ({\"error\": ...}), not a callback body".to_owned()
        } else if has("status") {
            "the body is an operation (the response to a request), not a callback body".to_owned()
        } else {
            "the body has no `value` array: a callback body is {\"value\": [notification, \
             ...]} (property names are case-sensitive)"
                .to_owned()
        };
        return refuse("$".to_owned(), message);
    }
    let items = root.get("value")?.as_array()?;
    for (index, item) in items.iter().enumerate() {
        let Value::Object(item) = item else { continue };
        if NOTIFICATION_KEYS.iter().any(|key| item.contains_key(*key)) {
            continue;
        }
        let miscased = item.keys().find_map(|key| {
            NOTIFICATION_KEYS
                .iter()
                .find(|known| key.eq_ignore_ascii_case(known))
                .map(|known| (key, known))
        });
        let message = match miscased {
            Some((key, known)) => format!(
                "notification {index} has `{key}` where a notification has `{known}`: \
                 property names are case-sensitive, so rename it to `{known}`"
            ),
            None => format!(
                "notification {index} has none of resourceUrl, resourceData, resource or \
                 changeType, so it is not a notification (property names are case-sensitive)"
            ),
        };
        return refuse(format!("$.value[{index}]"), message);
    }
    None
}

/// Human output for one body: a summary line, then one line per tone on
/// stdout (every value from the input made safe for a terminal, an unknown
/// tone quoted and marked); the notifications that could not be read as
/// warnings on stderr.
pub(crate) fn render(
    out: &mut dyn Write,
    err: &mut dyn Write,
    source: &str,
    report: &DecodeReport,
) -> io::Result<()> {
    Line::new()
        .styled(EMPHASIS, source)
        .text(format_args!(
            ": {}, {}",
            output::count(report.notifications, "notification", "notifications"),
            output::count(report.tones.len(), "tone", "tones"),
        ))
        .write(out)?;
    for tone in &report.tones {
        let line = Line::new()
            .text("  ")
            .text(&tone.call_id)
            .text("  ")
            .styled(DIM, "seq")
            .text(format_args!(" {}  ", tone.sequence_id));
        let line = if tone.tone.is_known() {
            line.styled(EMPHASIS, tone.tone.as_str())
        } else {
            line.unknown("tone", tone.tone.as_str())
        };
        let line = match tone.tone.to_char() {
            Some(key) => line
                .text("  ")
                .styled(DIM, "key")
                .text(format_args!(" {key}")),
            None => line,
        };
        line.write(out)?;
    }
    for item in &report.errors {
        output::warning(err, format_args!("{source}: {}", item.message))?;
    }
    Ok(())
}

/// `decode --format json`: one document for every body given, in order:
/// `{"notifications": N, "tones": [...], "errors": [...]}`, each error with
/// the body it is about (`source`), and the notification (`index`) unless
/// the whole body could not be read.
#[derive(Debug, Serialize)]
pub(crate) struct JsonOutput<'a> {
    notifications: usize,
    tones: Vec<&'a DecodedTone>,
    errors: Vec<JsonError>,
}

impl<'a> JsonOutput<'a> {
    pub(crate) fn new(decoded: &'a [(String, Result<DecodeReport, ReadError>)]) -> Self {
        let mut out = JsonOutput {
            notifications: 0,
            tones: Vec::new(),
            errors: Vec::new(),
        };
        for (name, report) in decoded {
            match report {
                Ok(report) => {
                    out.notifications += report.notifications;
                    out.tones.extend(&report.tones);
                    out.errors
                        .extend(report.errors.iter().map(|item| JsonError {
                            source: Some(name.clone()),
                            index: Some(item.index),
                            message: item.message.clone(),
                        }));
                }
                Err(err) => out.errors.push(JsonError {
                    source: Some(name.clone()),
                    index: None,
                    message: format!("not a commsNotifications body: {err}"),
                }),
            }
        }
        out
    }
}

#[cfg(test)]
mod examples {
    //! What the functions above do, by example (doctests while the crate
    //! exposed them; the command itself is tested through `run` and the
    //! binary, in tests/).

    #[test]
    fn decode_example() -> Result<(), Box<dyn std::error::Error>> {
        use crate::decode;

        let body = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/notifications/documented-tone.json"
        ))?;
        let report = decode(&body)?;
        assert_eq!(report.notifications, 1);
        assert_eq!(
            report.tones[0].call_id,
            "57dab8b1-894c-409a-b240-bd8beae78896"
        );
        assert_eq!(
            (report.tones[0].sequence_id, report.tones[0].tone.as_str()),
            (1, "tone1")
        );

        let err = decode(b"{\"value\": [").unwrap_err();
        assert_eq!((err.line(), err.column()), (Some(1), Some(11)));

        // A notification without its batch is not read as "no notifications".
        let err = decode(br#"{"resourceUrl": "/communications/calls/abc"}"#).unwrap_err();
        assert!(
            err.to_string().contains("wrap it as {\"value\": ["),
            "{err}"
        );
        Ok(())
    }
}
