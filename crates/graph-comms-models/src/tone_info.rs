//! `microsoft.graph.toneInfo`: a single DTMF event.

use crate::Tone;
use crate::macros::wire_struct;

wire_struct! {
    /// A single DTMF event (`microsoft.graph.toneInfo`), carried as the
    /// `toneInfo` property of a call in tone notifications.
    ///
    /// Both properties are non-nullable in the Graph metadata, but the model
    /// reads payloads that lack them (they are `None`) so that one odd
    /// notification does not fail a batch; [`crate::CommsNotifications::tone_events`]
    /// reports such an event as a per-item error.
    ///
    /// `Debug` shows the sequence id but never the tone:
    ///
    /// ```
    /// use graph_comms_models::{Tone, ToneInfo};
    ///
    /// let info = ToneInfo::new(7, Tone::Pound);
    /// assert_eq!(
    ///     format!("{info:?}"),
    ///     "ToneInfo { odata_type: None, sequence_id: Some(7), tone: Some(Tone(<redacted>)), extra: Extra {} }"
    /// );
    /// ```
    pub struct ToneInfo : "microsoft.graph.toneInfo" {
        /// An incremental identifier used for ordering DTMF events (Int64).
        "sequenceId" => pub sequence_id: Option<i64>;
        /// The tone pressed.
        "tone" => pub tone: Option<Tone>;
    }
}

impl ToneInfo {
    /// A tone event with its sequence id.
    pub fn new(sequence_id: i64, tone: Tone) -> Self {
        ToneInfo {
            sequence_id: Some(sequence_id),
            tone: Some(tone),
            ..Default::default()
        }
    }
}
