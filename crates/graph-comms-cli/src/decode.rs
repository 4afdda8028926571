//! `graph-comms decode`: the tones of a callback body, as the models read them.

use crate::output::{self, DIM, EMPHASIS, paint};
use graph_comms_models::{CommsNotifications, ReadError, Tone};
use serde::Serialize;
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
/// [`ReadError`], with its JSON path, line and column. A single notification
/// that cannot be read is not an error: it is in [`DecodeReport::errors`].
///
/// ```
/// use graph_comms_cli::decode;
///
/// let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/notifications/documented-tone.json"))?;
/// let report = decode(&body)?;
/// assert_eq!(report.notifications, 1);
/// assert_eq!(report.tones[0].call_id, "57dab8b1-894c-409a-b240-bd8beae78896");
/// assert_eq!((report.tones[0].sequence_id, report.tones[0].tone.as_str()), (1, "tone1"));
///
/// let err = decode(b"{\"value\": [").unwrap_err();
/// assert_eq!((err.line(), err.column()), (Some(1), Some(11)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode(body: &[u8]) -> Result<DecodeReport, ReadError> {
    let batch = CommsNotifications::from_slice(body)?;
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

/// Human output: a summary line, then one line per tone on stdout; the
/// notifications that could not be read as warnings on stderr.
pub(crate) fn render(
    out: &mut dyn Write,
    err: &mut dyn Write,
    source: &str,
    report: &DecodeReport,
) -> io::Result<()> {
    writeln!(
        out,
        "{}: {}, {}",
        paint(EMPHASIS, source),
        output::count(report.notifications, "notification", "notifications"),
        output::count(report.tones.len(), "tone", "tones"),
    )?;
    for tone in &report.tones {
        write!(
            out,
            "  {}  {} {}  {}",
            tone.call_id,
            paint(DIM, "seq"),
            tone.sequence_id,
            paint(EMPHASIS, tone.tone.as_str()),
        )?;
        match tone.tone.to_char() {
            Some(key) => writeln!(out, "  {} {key}", paint(DIM, "key"))?,
            None => writeln!(out)?,
        }
    }
    for item in &report.errors {
        output::warning(err, format_args!("{source}: {}", item.message))?;
    }
    Ok(())
}
