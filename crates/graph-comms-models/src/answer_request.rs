//! The request body of `call: answer`.

use crate::macros::wire_struct;
use crate::{MediaConfig, Modality, UnknownObject};

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/answer`
    /// (<https://learn.microsoft.com/graph/api/call-answer>). The service
    /// answers `202 Accepted` with no body, then notifies `establishing` and
    /// `established`. Answer within 15 s of the incoming-call notification
    /// (5 s in policy-based recording).
    ///
    /// ```
    /// use graph_comms_models::{AnswerRequest, Modality};
    ///
    /// let body = AnswerRequest::service_hosted("https://bot.contoso.com/api/calls", [Modality::Audio]);
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r##"{"callbackUri":"https://bot.contoso.com/api/calls","acceptedModalities":["audio"],"mediaConfig":{"@odata.type":"#microsoft.graph.serviceHostedMediaConfig"}}"##
    /// );
    /// ```
    pub struct AnswerRequest : "answerRequest" {
        /// Where the call's notifications go (`https`; non-nullable in the
        /// metadata, though the docs say the bot's registered callback is used
        /// when it is absent).
        "callbackUri" => pub callback_uri: Option<String>;
        /// The modalities the bot accepts (required by the docs).
        "acceptedModalities" => pub accepted_modalities: Option<Vec<Modality>>;
        /// Service-hosted (playPrompt, recordResponse, tones) or app-hosted media.
        "mediaConfig" => pub media_config: Option<MediaConfig>;
        /// How many participants the application can handle (for
        /// policy-based recording).
        "participantCapacity" => pub participant_capacity: Option<i32>;
        /// `incomingCallOptions` (optional), kept as sent.
        "callOptions" => pub call_options: Option<UnknownObject>;
    }
}

impl AnswerRequest {
    /// A body answering with service-hosted media.
    pub fn service_hosted(
        callback_uri: impl Into<String>,
        accepted_modalities: impl IntoIterator<Item = Modality>,
    ) -> Self {
        AnswerRequest {
            callback_uri: Some(callback_uri.into()),
            accepted_modalities: Some(accepted_modalities.into_iter().collect()),
            media_config: Some(MediaConfig::service_hosted()),
            ..Default::default()
        }
    }
}
