//! `microsoft.graph.identity`.

use crate::macros::wire_struct;

wire_struct! {
    /// An identity (`microsoft.graph.identity`): a user, an application or a
    /// device of an [`crate::IdentitySet`]. Other properties (`tenantId`,
    /// `identityProvider`, …) are kept in `extra`.
    pub struct Identity : "microsoft.graph.identity" {
        /// The display name. May be absent or out of date.
        "displayName" => pub display_name: Option<String>;
        /// The unique identifier of the identity.
        "id" => pub id: Option<String>;
    }
}
