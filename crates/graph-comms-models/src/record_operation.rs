//! `microsoft.graph.recordOperation`.

use crate::comms_operation::operation;
use crate::{RecordCompletionReason, RecordingAccessToken};

operation! {
    /// The result of `call: recordResponse` (and of the beta `record`):
    /// `microsoft.graph.recordOperation`.
    ///
    /// When it completes, `recordingLocation` is where to download the
    /// recording, with `recordingAccessToken` as the bearer token; the file is
    /// discarded shortly after the call ends
    /// (<https://learn.microsoft.com/graph/api/call-recordresponse>). A
    /// cancelled recording carries **empty strings** in both fields:
    /// [`RecordOperation::recording`] says whether there is a recording.
    ///
    /// The token is a credential: its `Debug` is redacted.
    ///
    /// ```
    /// use graph_comms_models::RecordOperation;
    ///
    /// let op: RecordOperation = graph_comms_models::from_slice(br##"{
    ///   "@odata.type": "#microsoft.graph.recordOperation",
    ///   "status": "completed",
    ///   "recordingLocation": "https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad",
    ///   "recordingAccessToken": "eyJ0eXAiOiJKV1Qi"
    /// }"##)?;
    /// let (location, token) = op.recording().unwrap();
    /// assert_eq!(location, "https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad");
    /// assert_eq!(token.expose_secret(), "eyJ0eXAiOiJKV1Qi");
    /// assert!(!format!("{op:?}").contains("eyJ0eXAiOiJKV1Qi"));
    ///
    /// let cancelled: RecordOperation = graph_comms_models::from_slice(
    ///     br#"{"status": "failed", "recordingLocation": "", "recordingAccessToken": ""}"#,
    /// )?;
    /// assert!(cancelled.recording().is_none());
    /// # Ok::<(), graph_comms_models::ReadError>(())
    /// ```
    RecordOperation : "microsoft.graph.recordOperation" {
        /// Where to download the recording (`""` when cancelled). The legacy
        /// beta `record` notification called it `recordResourceLocation`; that
        /// name is kept in `extra`.
        "recordingLocation" => pub recording_location: Option<String>;
        /// The bearer token for the download (`""` when cancelled). A credential.
        "recordingAccessToken" => pub recording_access_token: Option<RecordingAccessToken>;
        /// Why the recording finished (beta; seen in v1.0 traffic).
        "completionReason" => pub completion_reason: Option<RecordCompletionReason>;
    }
}

impl RecordOperation {
    /// The recording's location and access token, when both are present and
    /// not empty. A cancelled recording's empty strings are not a recording.
    pub fn recording(&self) -> Option<(&str, &RecordingAccessToken)> {
        let location = self
            .recording_location
            .as_deref()
            .filter(|l| !l.is_empty())?;
        let token = self
            .recording_access_token
            .as_ref()
            .filter(|t| !t.is_empty())?;
        Some((location, token))
    }
}
