//! The request body of `call: playPrompt`.

use crate::Prompt;
use crate::macros::wire_struct;

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/playPrompt`
    /// (<https://learn.microsoft.com/graph/api/call-playprompt>): only for
    /// calls with service-hosted media. It returns a
    /// [`crate::PlayPromptOperation`].
    ///
    /// Nothing is written that the caller did not set: the beta SDK always
    /// sends `"loop": false`, this type sends `loop` only when it is set.
    ///
    /// ```
    /// use graph_comms_models::{PlayPromptRequest, Prompt};
    ///
    /// let body = PlayPromptRequest::new([Prompt::media("https://cdn.contoso.com/beep.wav")])
    ///     .with_client_context("d45324c1-fcb5-430a-902c-f20af696537c");
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r##"{"clientContext":"d45324c1-fcb5-430a-902c-f20af696537c","prompts":[{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn.contoso.com/beep.wav"}}]}"##
    /// );
    /// ```
    pub struct PlayPromptRequest : "playPromptRequest" {
        /// Unique client context string. Can have a maximum of 256 characters.
        #[cfg_attr(feature = "schemars", schemars(length(min = 1, max = 256)))]
        "clientContext" => pub client_context: Option<String>;
        /// The prompts to play, in order (required; the docs allow at most 20).
        "prompts" => pub prompts: Option<Vec<Prompt>>;
        /// Beta only: `true` loops the prompts until cancelled, and then no
        /// completion notification is sent (service default `false`).
        "loop" => pub loop_prompts: Option<bool>;
    }
}

impl PlayPromptRequest {
    /// A body playing `prompts`.
    pub fn new(prompts: impl IntoIterator<Item = Prompt>) -> Self {
        PlayPromptRequest {
            prompts: Some(prompts.into_iter().collect()),
            ..Default::default()
        }
    }

    /// The same with a client context.
    pub fn with_client_context(mut self, client_context: impl Into<String>) -> Self {
        self.client_context = Some(client_context.into());
        self
    }
}
