//! `microsoft.graph.invitationParticipantInfo`.

use crate::macros::wire_struct;
use crate::{IdentitySet, ODataType};

wire_struct! {
    /// A participant to invite (`microsoft.graph.invitationParticipantInfo`):
    /// the `targets` of a call. `hidden`, `removeFromDefaultAudioRoutingGroup`
    /// and the rest are kept in `extra`
    /// (<https://learn.microsoft.com/graph/api/resources/invitationparticipantinfo>).
    pub struct InvitationParticipantInfo : "microsoft.graph.invitationParticipantInfo" {
        /// The participant's identity.
        "identity" => pub identity: Option<IdentitySet>;
        /// The participant id.
        "participantId" => pub participant_id: Option<String>;
        /// The call this invitation replaces (for a transfer).
        "replacesCallId" => pub replaces_call_id: Option<String>;
    }
}

impl InvitationParticipantInfo {
    /// A target with the given identity, `@odata.type` set as in the docs
    /// examples.
    pub fn new(identity: IdentitySet) -> Self {
        InvitationParticipantInfo {
            odata_type: Some(ODataType::InvitationParticipantInfo),
            identity: Some(identity),
            ..Default::default()
        }
    }
}
