//! The request body of `call: cancelMediaProcessing`.

use crate::macros::wire_struct;

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/cancelMediaProcessing`
    /// (<https://learn.microsoft.com/graph/api/call-cancelmediaprocessing>):
    /// cancels the running `playPrompt` or `recordResponse` and every queued
    /// one (not a `subscribeToTone`). It returns a
    /// [`crate::CancelMediaProcessingOperation`], already `completed`.
    ///
    /// ```
    /// use graph_comms_models::CancelMediaProcessingRequest;
    ///
    /// let body = CancelMediaProcessingRequest::new("c2a1f7b3");
    /// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"clientContext":"c2a1f7b3"}"#);
    /// ```
    pub struct CancelMediaProcessingRequest : "cancelMediaProcessingRequest" {
        /// Unique client context string. Can have a maximum of 256 characters.
        #[cfg_attr(feature = "schemars", schemars(length(min = 1, max = 256)))]
        "clientContext" => pub client_context: Option<String>;
    }
}

impl CancelMediaProcessingRequest {
    /// A body with the given client context.
    pub fn new(client_context: impl Into<String>) -> Self {
        CancelMediaProcessingRequest {
            client_context: Some(client_context.into()),
            ..Default::default()
        }
    }
}
