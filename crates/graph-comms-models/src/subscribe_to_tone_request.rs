//! The request body of `call: subscribeToTone`.

use crate::macros::wire_struct;

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/subscribeToTone`.
    ///
    /// The models do not enforce the 256-character limit of `clientContext`
    /// (they read what the service and other clients send); the
    /// `graph-comms-validate` crate and the JSON Schema of this body do.
    ///
    /// ```
    /// use graph_comms_models::SubscribeToToneRequest;
    ///
    /// let body = SubscribeToToneRequest::new("fd1c7836-4d84-4e24-b6aa-23188688cc54");
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r#"{"clientContext":"fd1c7836-4d84-4e24-b6aa-23188688cc54"}"#
    /// );
    /// assert_eq!(serde_json::to_string(&SubscribeToToneRequest::default()).unwrap(), "{}");
    /// ```
    pub struct SubscribeToToneRequest : "subscribeToToneRequest" {
        /// Unique client context string. Can have a maximum of 256 characters.
        // The schema states the rules of `graph-comms-validate` (an empty
        // clientContext is refused there too).
        #[cfg_attr(feature = "schemars", schemars(length(min = 1, max = 256)))]
        "clientContext" => pub client_context: Option<String>;
    }
}

impl SubscribeToToneRequest {
    /// A request body with the given client context.
    pub fn new(client_context: impl Into<String>) -> Self {
        SubscribeToToneRequest {
            client_context: Some(client_context.into()),
            ..Default::default()
        }
    }
}
