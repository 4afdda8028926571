//! `microsoft.graph.identitySet`.

use crate::Identity;
use crate::macros::wire_struct;

wire_struct! {
    /// Who a participant is (`microsoft.graph.identitySet`): an application,
    /// a device and/or a user. The members of the calling-specific sets
    /// (`phone`, `guest`, `encrypted`, `applicationInstance`, …) are kept in
    /// `extra` (<https://learn.microsoft.com/graph/api/resources/identityset>).
    ///
    /// An incoming call's `source` stays `encrypted` unless the app holds one
    /// of the calling permissions listed in the `call: answer` docs.
    pub struct IdentitySet : "microsoft.graph.identitySet" {
        /// The application, for a bot.
        "application" => pub application: Option<Identity>;
        /// The device.
        "device" => pub device: Option<Identity>;
        /// The user.
        "user" => pub user: Option<Identity>;
    }
}
