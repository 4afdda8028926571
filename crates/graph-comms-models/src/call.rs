//! `microsoft.graph.call`.

use crate::macros::wire_struct;
use crate::{CallDirection, CallState, MediaConfig, ResultInfo, ToneInfo};

wire_struct! {
    /// A call (`microsoft.graph.call`): the properties a tone bot uses are
    /// typed, every other property (`source`, `targets`, `meetingInfo`, …) is
    /// kept in `extra` and written back unchanged.
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
    }
}
