//! `microsoft.graph.participantInfo`.

use crate::IdentitySet;
use crate::macros::wire_struct;

wire_struct! {
    /// Who a participant is and where it is (`microsoft.graph.participantInfo`):
    /// the `source` of a call. `endpointType`, `countryCode` and the rest are
    /// kept in `extra` (<https://learn.microsoft.com/graph/api/resources/participantinfo>).
    pub struct ParticipantInfo : "microsoft.graph.participantInfo" {
        /// The participant's identity.
        "identity" => pub identity: Option<IdentitySet>;
        /// The participant id.
        "participantId" => pub participant_id: Option<String>;
        /// The region of the participant's media, such as `westus`.
        "region" => pub region: Option<String>;
        /// The participant's language, such as `en-US`.
        "languageId" => pub language_id: Option<String>;
    }
}
