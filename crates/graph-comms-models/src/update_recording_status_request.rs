//! The request body of `call: updateRecordingStatus`.

use crate::RecordingStatus;
use crate::macros::wire_struct;

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/updateRecordingStatus`
    /// (<https://learn.microsoft.com/graph/api/call-updaterecordingstatus>),
    /// for Teams policy-based recording. It returns a
    /// [`crate::UpdateRecordingStatusOperation`].
    ///
    /// ```
    /// use graph_comms_models::{RecordingStatus, UpdateRecordingStatusRequest};
    ///
    /// let body = UpdateRecordingStatusRequest::new(RecordingStatus::Recording)
    ///     .with_client_context("clientContext-value");
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r#"{"clientContext":"clientContext-value","status":"recording"}"#
    /// );
    /// ```
    pub struct UpdateRecordingStatusRequest : "updateRecordingStatusRequest" {
        /// Unique client context string. Can have a maximum of 256 characters.
        #[cfg_attr(feature = "schemars", schemars(length(min = 1, max = 256)))]
        "clientContext" => pub client_context: Option<String>;
        /// The recording status (required).
        "status" => pub status: Option<RecordingStatus>;
    }
}

impl UpdateRecordingStatusRequest {
    /// A body reporting `status`.
    pub fn new(status: RecordingStatus) -> Self {
        UpdateRecordingStatusRequest {
            status: Some(status),
            ..Default::default()
        }
    }

    /// The same with a client context.
    pub fn with_client_context(mut self, client_context: impl Into<String>) -> Self {
        self.client_context = Some(client_context.into());
        self
    }
}
