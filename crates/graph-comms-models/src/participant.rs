//! `microsoft.graph.participant`.

use crate::macros::wire_struct;

wire_struct! {
    /// A participant of a call (`microsoft.graph.participant`), as roster
    /// notifications carry it (often an array of them in `resourceData`). Only
    /// the properties a tone bot looks at are typed; `info`, `mediaStreams` and
    /// the rest are kept in `extra`.
    pub struct Participant : "microsoft.graph.participant" {
        /// The participant id.
        "id" => pub id: Option<String>;
        /// Whether the participant is muted (client or server muted).
        "isMuted" => pub is_muted: Option<bool>;
        /// Whether the participant is in the lobby.
        "isInLobby" => pub is_in_lobby: Option<bool>;
    }
}
