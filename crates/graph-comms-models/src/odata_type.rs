//! The `@odata.type` annotation.

use crate::macros::open_enum;

/// Compares a canonical `#microsoft.graph.x` name with a received one: ASCII
/// case-insensitively, the leading `#` optional (Graph has sent
/// `#Microsoft.Graph.Call` and `microsoft.graph.resultInfo`).
fn odata_matches(wire: &str, text: &str) -> bool {
    // `wire` always starts with `#`.
    let text = text.strip_prefix('#').unwrap_or(text);
    wire[1..].eq_ignore_ascii_case(text)
}

open_enum! {
    /// The `@odata.type` of a Graph object: which type it is.
    ///
    /// Read case-insensitively, with or without the leading `#`; written in the
    /// canonical `#microsoft.graph.x` form. Types this library does not know are
    /// kept verbatim in [`ODataType::Unknown`].
    ///
    /// ```
    /// use graph_comms_models::ODataType;
    ///
    /// assert_eq!(ODataType::from("#Microsoft.Graph.Call"), ODataType::Call);
    /// assert_eq!(ODataType::from("microsoft.graph.call").as_str(), "#microsoft.graph.call");
    /// assert_eq!(ODataType::from("#microsoft.graph.callV2").as_str(), "#microsoft.graph.callV2");
    /// ```
    pub enum ODataType {
        expecting = "an @odata.type string",
        schema_name = "odataType",
        matches = odata_matches,
        /// `#microsoft.graph.call`
        Call = "#microsoft.graph.call",
        /// `#microsoft.graph.participant`
        Participant = "#microsoft.graph.participant",
        /// `#microsoft.graph.toneInfo`
        ToneInfo = "#microsoft.graph.toneInfo",
        /// `#microsoft.graph.resultInfo`
        ResultInfo = "#microsoft.graph.resultInfo",
        /// `#microsoft.graph.commsNotification`
        CommsNotification = "#microsoft.graph.commsNotification",
        /// `#microsoft.graph.commsNotifications`
        CommsNotifications = "#microsoft.graph.commsNotifications",
        /// `#microsoft.graph.mediaConfig` (abstract)
        MediaConfig = "#microsoft.graph.mediaConfig",
        /// `#microsoft.graph.serviceHostedMediaConfig`
        ServiceHostedMediaConfig = "#microsoft.graph.serviceHostedMediaConfig",
        /// `#microsoft.graph.appHostedMediaConfig`
        AppHostedMediaConfig = "#microsoft.graph.appHostedMediaConfig",
        /// `#microsoft.graph.mediaPrompt`
        MediaPrompt = "#microsoft.graph.mediaPrompt",
        /// `#microsoft.graph.mediaInfo`
        MediaInfo = "#microsoft.graph.mediaInfo",
        /// `#microsoft.graph.identity`
        Identity = "#microsoft.graph.identity",
        /// `#microsoft.graph.identitySet`
        IdentitySet = "#microsoft.graph.identitySet",
        /// `#microsoft.graph.participantInfo`
        ParticipantInfo = "#microsoft.graph.participantInfo",
        /// `#microsoft.graph.invitationParticipantInfo`
        InvitationParticipantInfo = "#microsoft.graph.invitationParticipantInfo",
        /// `#microsoft.graph.incomingContext`
        IncomingContext = "#microsoft.graph.incomingContext",
        /// `#microsoft.graph.commsOperation`, the base of every operation.
        CommsOperation = "#microsoft.graph.commsOperation",
        /// `#microsoft.graph.subscribeToToneOperation`
        SubscribeToToneOperation = "#microsoft.graph.subscribeToToneOperation",
        /// `#microsoft.graph.addLargeGalleryViewOperation`
        AddLargeGalleryViewOperation = "#microsoft.graph.addLargeGalleryViewOperation",
        /// `#microsoft.graph.cancelMediaProcessingOperation`
        CancelMediaProcessingOperation = "#microsoft.graph.cancelMediaProcessingOperation",
        /// `#microsoft.graph.inviteParticipantsOperation`
        InviteParticipantsOperation = "#microsoft.graph.inviteParticipantsOperation",
        /// `#microsoft.graph.muteParticipantOperation`
        MuteParticipantOperation = "#microsoft.graph.muteParticipantOperation",
        /// `#microsoft.graph.muteParticipantsOperation` (beta)
        MuteParticipantsOperation = "#microsoft.graph.muteParticipantsOperation",
        /// `#microsoft.graph.playPromptOperation`
        PlayPromptOperation = "#microsoft.graph.playPromptOperation",
        /// `#microsoft.graph.recordOperation`
        RecordOperation = "#microsoft.graph.recordOperation",
        /// `#microsoft.graph.sendDtmfTonesOperation`
        SendDtmfTonesOperation = "#microsoft.graph.sendDtmfTonesOperation",
        /// `#microsoft.graph.startHoldMusicOperation`
        StartHoldMusicOperation = "#microsoft.graph.startHoldMusicOperation",
        /// `#microsoft.graph.startRecordingOperation` (beta)
        StartRecordingOperation = "#microsoft.graph.startRecordingOperation",
        /// `#microsoft.graph.startTranscriptionOperation` (beta)
        StartTranscriptionOperation = "#microsoft.graph.startTranscriptionOperation",
        /// `#microsoft.graph.stopHoldMusicOperation`
        StopHoldMusicOperation = "#microsoft.graph.stopHoldMusicOperation",
        /// `#microsoft.graph.stopRecordingOperation` (beta)
        StopRecordingOperation = "#microsoft.graph.stopRecordingOperation",
        /// `#microsoft.graph.stopTranscriptionOperation` (beta)
        StopTranscriptionOperation = "#microsoft.graph.stopTranscriptionOperation",
        /// `#microsoft.graph.unmuteParticipantOperation`
        UnmuteParticipantOperation = "#microsoft.graph.unmuteParticipantOperation",
        /// `#microsoft.graph.updateRecordingStatusOperation`
        UpdateRecordingStatusOperation = "#microsoft.graph.updateRecordingStatusOperation",
    }
}

impl ODataType {
    /// Whether this is `commsOperation` or one of its derived operation types.
    pub fn is_comms_operation(&self) -> bool {
        use ODataType::*;
        matches!(
            self,
            CommsOperation
                | SubscribeToToneOperation
                | AddLargeGalleryViewOperation
                | CancelMediaProcessingOperation
                | InviteParticipantsOperation
                | MuteParticipantOperation
                | MuteParticipantsOperation
                | PlayPromptOperation
                | RecordOperation
                | SendDtmfTonesOperation
                | StartHoldMusicOperation
                | StartRecordingOperation
                | StartTranscriptionOperation
                | StopHoldMusicOperation
                | StopRecordingOperation
                | StopTranscriptionOperation
                | UnmuteParticipantOperation
                | UpdateRecordingStatusOperation
        )
    }
}

impl std::fmt::Debug for ODataType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for ODataType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
