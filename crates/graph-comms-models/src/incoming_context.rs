//! `microsoft.graph.incomingContext`.

use crate::IdentitySet;
use crate::macros::wire_struct;

wire_struct! {
    /// The context of an incoming call (`microsoft.graph.incomingContext`),
    /// carried by policy-recording calls among others
    /// (<https://learn.microsoft.com/graph/api/resources/incomingcontext>).
    pub struct IncomingContext : "microsoft.graph.incomingContext" {
        /// The participant the call is about (in policy-recording calls).
        "observedParticipantId" => pub observed_participant_id: Option<String>;
        /// The participant that placed the call.
        "sourceParticipantId" => pub source_participant_id: Option<String>;
        /// On whose behalf the call was placed.
        "onBehalfOf" => pub on_behalf_of: Option<IdentitySet>;
        /// Who transferred the call.
        "transferor" => pub transferor: Option<IdentitySet>;
    }
}
