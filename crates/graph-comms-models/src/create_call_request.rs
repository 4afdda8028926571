//! The request body of `POST /communications/calls`.

use crate::macros::wire_struct;
use crate::{
    InvitationParticipantInfo, MediaConfig, Modality, ODataType, ParticipantInfo, UnknownObject,
};

wire_struct! {
    /// The request body of `POST /communications/calls`
    /// (<https://learn.microsoft.com/graph/api/application-post-calls>): a
    /// `call` with the properties a bot sets to place one. The service answers
    /// `201 Created` with the [`crate::Call`], then notifies `establishing`
    /// and `established` (possibly out of order). `chatInfo`, `meetingInfo`
    /// and the other join properties are kept in `extra`.
    ///
    /// ```
    /// use graph_comms_models::{CreateCallRequest, Modality};
    ///
    /// let body = CreateCallRequest::service_hosted("https://bot.contoso.com/callback", [Modality::Audio]);
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r##"{"@odata.type":"#microsoft.graph.call","callbackUri":"https://bot.contoso.com/callback","requestedModalities":["audio"],"mediaConfig":{"@odata.type":"#microsoft.graph.serviceHostedMediaConfig"}}"##
    /// );
    /// ```
    pub struct CreateCallRequest : "createCallRequest" {
        /// Where the call's notifications go (non-nullable; "must be an HTTPS URL").
        "callbackUri" => pub callback_uri: Option<String>;
        /// Who to call.
        "targets" => pub targets: Option<Vec<InvitationParticipantInfo>>;
        /// The modalities to call with.
        "requestedModalities" => pub requested_modalities: Option<Vec<Modality>>;
        /// `outgoingCallOptions`, kept as sent.
        "callOptions" => pub call_options: Option<UnknownObject>;
        /// Service-hosted (playPrompt, recordResponse, tones) or app-hosted media.
        "mediaConfig" => pub media_config: Option<MediaConfig>;
        /// Who the call is from (the bot's application, possibly with a
        /// display name).
        "source" => pub source: Option<ParticipantInfo>;
        /// The tenant of the call (needed for some call kinds).
        "tenantId" => pub tenant_id: Option<String>;
        /// The subject of the conversation.
        "subject" => pub subject: Option<String>;
    }
}

impl CreateCallRequest {
    /// A `call` body with service-hosted media and `@odata.type` set, as in
    /// the docs example; add `targets` (or join properties in `extra`).
    pub fn service_hosted(
        callback_uri: impl Into<String>,
        requested_modalities: impl IntoIterator<Item = Modality>,
    ) -> Self {
        CreateCallRequest {
            odata_type: Some(ODataType::Call),
            callback_uri: Some(callback_uri.into()),
            requested_modalities: Some(requested_modalities.into_iter().collect()),
            media_config: Some(MediaConfig::service_hosted()),
            ..Default::default()
        }
    }
}
