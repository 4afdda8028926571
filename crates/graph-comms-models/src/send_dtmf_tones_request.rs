//! The request body of `call: sendDtmfTones`.

use crate::Tone;
use crate::macros::wire_struct;
use std::time::Duration;

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/sendDtmfTones`
    /// (<https://learn.microsoft.com/graph/api/call-senddtmftones>), v1.0
    /// and beta alike, in the global cloud only. It returns a
    /// [`crate::SendDtmfTonesOperation`].
    ///
    /// `tones` are [`Tone`] names (`"tone1"`, `"pound"`), not characters; the
    /// docs table's "ToneInfo collection" is wrong (the example, the metadata
    /// and the SDKs send plain names). `Debug` never shows them.
    ///
    /// ```
    /// use graph_comms_models::{SendDtmfTonesRequest, Tone};
    /// use std::time::Duration;
    ///
    /// let body = SendDtmfTonesRequest::new([Tone::Tone1, Tone::Pound])
    ///     .with_delay_between_tones(Duration::from_millis(1000));
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r#"{"tones":["tone1","pound"],"delayBetweenTonesMs":1000}"#
    /// );
    /// assert!(!format!("{body:?}").contains("pound"));
    /// ```
    pub struct SendDtmfTonesRequest : "sendDtmfTonesRequest" {
        /// The tones to send, in order (required). No limit on their number
        /// is documented.
        "tones" => pub tones: Option<Vec<Tone>>;
        /// Milliseconds between tones (Int32). No default, minimum or maximum
        /// is documented.
        "delayBetweenTonesMs" => pub delay_between_tones_ms: Option<i32>;
        /// Unique client context string. Can have a maximum of 256 characters.
        #[cfg_attr(feature = "schemars", schemars(length(min = 1, max = 256)))]
        "clientContext" => pub client_context: Option<String>;
    }
}

// The delay stays an `i32` field, the wire type: a `Duration` field (through
// serde_with's `DurationMilliSeconds`) could not hold the negative or
// too-large values a hostile or mistaken body carries, so reading such a body
// would fail instead of letting `graph-comms-validate` say what is wrong, and
// the macros' hand-written serde has no `serde_as` hook. The accessors below
// give the `Duration` view.

impl SendDtmfTonesRequest {
    /// A body sending `tones`.
    pub fn new(tones: impl IntoIterator<Item = Tone>) -> Self {
        SendDtmfTonesRequest {
            tones: Some(tones.into_iter().collect()),
            ..Default::default()
        }
    }

    /// The same with a delay between tones, in whole milliseconds (rounded
    /// down; saturating at `i32::MAX`).
    pub fn with_delay_between_tones(mut self, delay: Duration) -> Self {
        self.delay_between_tones_ms = Some(i32::try_from(delay.as_millis()).unwrap_or(i32::MAX));
        self
    }

    /// The same with a client context.
    pub fn with_client_context(mut self, client_context: impl Into<String>) -> Self {
        self.client_context = Some(client_context.into());
        self
    }

    /// `delayBetweenTonesMs` as a `Duration` (`None` when absent or negative).
    pub fn delay_between_tones(&self) -> Option<Duration> {
        crate::record_response_request::millis(self.delay_between_tones_ms)
    }
}
