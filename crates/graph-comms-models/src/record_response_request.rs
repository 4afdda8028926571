//! The request body of `call: recordResponse` (and of the beta `record`).

use crate::macros::wire_struct;
use crate::{Prompt, StopTone};
use std::time::Duration;

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/recordResponse`
    /// (<https://learn.microsoft.com/graph/api/call-recordresponse>): records
    /// a short answer (at most 2 minutes) on a call with service-hosted media.
    /// It returns a [`crate::RecordOperation`]. The legacy beta `record`
    /// action takes the same body.
    ///
    /// **Nothing is written that the caller did not set.** The service's
    /// defaults apply to what is absent: `playBeep` `true`, `bargeInAllowed`
    /// `false`, each timeout 5 s. The Graph SDKs always send
    /// `"playBeep": false` (and `"bargeInAllowed": false`), which silently
    /// switches the beep off; this type does not.
    ///
    /// `stopTones` are DTMF characters (`"#"`), not tone names; their `Debug`
    /// is redacted.
    ///
    /// ```
    /// use graph_comms_models::{Prompt, RecordResponseRequest, StopTone, Tone};
    /// use std::time::Duration;
    ///
    /// let mut body = RecordResponseRequest::default();
    /// assert_eq!(serde_json::to_string(&body).unwrap(), "{}"); // playBeep stays the service's `true`
    /// body.prompts = Some(vec![Prompt::media("https://cdn.contoso.com/beep.wav")]);
    /// body.stop_tones = Some(vec![StopTone::from_tone(&Tone::Pound).unwrap()]);
    /// body.set_max_record_duration(Duration::from_secs(10));
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r##"{"prompts":[{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn.contoso.com/beep.wav"}}],"maxRecordDurationInSeconds":10,"stopTones":["#"]}"##
    /// );
    /// assert_eq!(format!("{:?}", body.stop_tones), "Some([StopTone(<redacted>)])");
    /// ```
    pub struct RecordResponseRequest : "recordResponseRequest" {
        /// Whether this request barges into queued or running `playPrompt` and
        /// `recordResponse` requests (service default `false`).
        "bargeInAllowed" => pub barge_in_allowed: Option<bool>;
        /// Unique client context string. Can have a maximum of 256 characters.
        #[cfg_attr(feature = "schemars", schemars(length(min = 1, max = 256)))]
        "clientContext" => pub client_context: Option<String>;
        /// The prompt played before recording starts (the docs allow at most 1).
        "prompts" => pub prompts: Option<Vec<Prompt>>;
        /// Maximum length of the recording in seconds (Int32; documented
        /// default 5, range 1–120).
        "maxRecordDurationInSeconds" => pub max_record_duration_in_seconds: Option<i32>;
        /// Seconds of silence allowed before the caller starts speaking,
        /// counted from the end of the prompt; on expiry the operation fails
        /// (Int32; documented default 5, range 1–120).
        "initialSilenceTimeoutInSeconds" => pub initial_silence_timeout_in_seconds: Option<i32>;
        /// Seconds of pause allowed after the caller started speaking (Int32;
        /// documented default 5, range 1–120).
        "maxSilenceTimeoutInSeconds" => pub max_silence_timeout_in_seconds: Option<i32>;
        /// Whether a beep tells the caller to start (service default `true`).
        "playBeep" => pub play_beep: Option<bool>;
        /// DTMF characters that end the recording, such as `"#"`.
        "stopTones" => pub stop_tones: Option<Vec<StopTone>>;
        /// Beta only, undocumented for `recordResponse` (the SDK sends `false`).
        /// The legacy `record` docs say the recording location is given as soon
        /// as recording starts.
        "streamWhileRecording" => pub stream_while_recording: Option<bool>;
    }
}

// The timeouts stay `i32` fields, the wire type, rather than `Duration`s
// through serde_with's `DurationSeconds`: a `Duration` cannot hold the zero,
// negative or too-large values that `graph-comms-validate` must be able to
// report (reading would fail first), and the macros' hand-written serde has
// no `serde_as` hook. The accessors give the `Duration` view.

/// A non-negative count of seconds as a `Duration`.
fn seconds(value: Option<i32>) -> Option<Duration> {
    value
        .and_then(|s| u64::try_from(s).ok())
        .map(Duration::from_secs)
}

/// A non-negative count of milliseconds as a `Duration`.
pub(crate) fn millis(value: Option<i32>) -> Option<Duration> {
    value
        .and_then(|s| u64::try_from(s).ok())
        .map(Duration::from_millis)
}

/// Whole seconds of `d` (rounded down), saturating at `i32::MAX`.
fn whole_seconds(d: Duration) -> i32 {
    i32::try_from(d.as_secs()).unwrap_or(i32::MAX)
}

impl RecordResponseRequest {
    /// `initialSilenceTimeoutInSeconds` as a `Duration` (`None` when absent
    /// or negative).
    pub fn initial_silence_timeout(&self) -> Option<Duration> {
        seconds(self.initial_silence_timeout_in_seconds)
    }

    /// `maxSilenceTimeoutInSeconds` as a `Duration`.
    pub fn max_silence_timeout(&self) -> Option<Duration> {
        seconds(self.max_silence_timeout_in_seconds)
    }

    /// `maxRecordDurationInSeconds` as a `Duration`.
    pub fn max_record_duration(&self) -> Option<Duration> {
        seconds(self.max_record_duration_in_seconds)
    }

    /// Sets `initialSilenceTimeoutInSeconds` (whole seconds, rounded down).
    pub fn set_initial_silence_timeout(&mut self, timeout: Duration) {
        self.initial_silence_timeout_in_seconds = Some(whole_seconds(timeout));
    }

    /// Sets `maxSilenceTimeoutInSeconds` (whole seconds, rounded down).
    pub fn set_max_silence_timeout(&mut self, timeout: Duration) {
        self.max_silence_timeout_in_seconds = Some(whole_seconds(timeout));
    }

    /// Sets `maxRecordDurationInSeconds` (whole seconds, rounded down).
    pub fn set_max_record_duration(&mut self, duration: Duration) {
        self.max_record_duration_in_seconds = Some(whole_seconds(duration));
    }
}
