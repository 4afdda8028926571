//! `microsoft.graph.recordingStatus`.

use crate::enums::plain_debug;
use crate::macros::{eq_ignore_case, open_enum};

open_enum! {
    /// The recording status an application reports with
    /// `call: updateRecordingStatus` (`microsoft.graph.recordingStatus`, the
    /// same in v1.0 and beta;
    /// <https://learn.microsoft.com/graph/api/call-updaterecordingstatus>).
    pub enum RecordingStatus {
        expecting = "a recording status (string)",
        schema_name = "microsoft.graph.recordingStatus",
        matches = eq_ignore_case,
        /// The wire value `unknown`.
        Unspecified = "unknown",
        /// Not recording.
        NotRecording = "notRecording",
        /// Recording: must be acknowledged before media is persisted.
        Recording = "recording",
        /// Recording failed.
        Failed = "failed",
        /// The evolvable-enum sentinel.
        UnknownFutureValue = "unknownFutureValue",
    }
}

plain_debug!(RecordingStatus);
