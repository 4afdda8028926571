//! `microsoft.graph.call`.

use crate::macros::wire_struct;
use crate::{
    CallDirection, CallState, IncomingContext, InvitationParticipantInfo, MediaConfig, Modality,
    ParticipantInfo, ResultInfo, ToneInfo,
};

wire_struct! {
    /// A call (`microsoft.graph.call`): the properties a bot uses are typed,
    /// every other property (`meetingInfo`, `chatInfo`, `callOptions`, …) is
    /// kept in `extra` and written back unchanged.
    ///
    /// An incoming-call notification (`changeType: created`) carries `source`,
    /// `targets`, `direction`, `requestedModalities` and, in some calls,
    /// `incomingContext` (<https://learn.microsoft.com/graph/api/call-answer>).
    /// `source` and `incomingContext` are boxed: they are large and absent
    /// from the frequent notifications (tones, state changes), and every
    /// call is initialised and dropped whole.
    ///
    /// In a tone notification the call carries `toneInfo`; `id` is sometimes
    /// `null` there, so take the call id from the notification
    /// ([`crate::CommsNotification::call_id`]).
    pub struct Call : "microsoft.graph.call" {
        /// The call id (a call leg id; opaque, not always a GUID). Read-only.
        "id" => pub id: Option<String>;
        /// The call state.
        "state" => pub state: Option<CallState>;
        /// The last DTMF event of the call, in tone notifications.
        "toneInfo" => pub tone_info: Option<ToneInfo>;
        /// The media configuration: service-hosted or app-hosted.
        "mediaConfig" => pub media_config: Option<MediaConfig>;
        /// The callback URI on which notifications are delivered.
        "callbackUri" => pub callback_uri: Option<String>;
        /// The result information, e.g. why a call ended.
        "resultInfo" => pub result_info: Option<ResultInfo>;
        /// The call direction.
        "direction" => pub direction: Option<CallDirection>;
        /// The participant id of the bot in this call.
        "myParticipantId" => pub my_participant_id: Option<String>;
        /// The tenant id of the call.
        "tenantId" => pub tenant_id: Option<String>;
        /// The id of the call chain (shared by all legs of a call).
        "callChainId" => pub call_chain_id: Option<String>;
        /// The subject of the conversation.
        "subject" => pub subject: Option<String>;
        /// Who placed the call.
        "source" => pub source: Option<Box<ParticipantInfo>>;
        /// Who the call is for (for an incoming call: the bot's application).
        "targets" => pub targets: Option<Vec<InvitationParticipantInfo>>;
        /// The modalities the caller asked for.
        "requestedModalities" => pub requested_modalities: Option<Vec<Modality>>;
        /// The context of an incoming call (policy recording, transfers).
        "incomingContext" => pub incoming_context: Option<Box<IncomingContext>>;
    }
}

#[cfg(test)]
mod tests {
    /// The call is read in place into its box, initialised and dropped whole
    /// for every tone notification: its size is a cost of the hot path.
    #[test]
    fn a_call_stays_small() {
        let size = std::mem::size_of::<super::Call>();
        // 432 bytes before the incoming-call fields, 528 with them (two boxes,
        // two vectors), 472 since open enums hold their unknown value in a
        // thin box (`UnknownValue`).
        assert!(size <= 472, "Call is {size} bytes");
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_open_enum_is_two_words() {
        // `UnknownValue` is one pointer; the enum's tag fits beside it, and
        // `Option` uses a niche.
        assert_eq!(std::mem::size_of::<crate::Tone>(), 16);
        assert_eq!(std::mem::size_of::<Option<crate::Tone>>(), 16);
    }
}
