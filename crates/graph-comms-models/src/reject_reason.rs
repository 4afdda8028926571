//! `microsoft.graph.rejectReason`.

use crate::enums::plain_debug;
use crate::macros::{eq_ignore_case, open_enum};

open_enum! {
    /// Why a bot rejects an incoming call (`microsoft.graph.rejectReason`),
    /// the `reason` of `call: reject`
    /// (<https://learn.microsoft.com/graph/api/call-reject>). The docs prose
    /// capitalises the values; the wire is camelCase.
    pub enum RejectReason {
        expecting = "a reject reason (string)",
        schema_name = "microsoft.graph.rejectReason",
        matches = eq_ignore_case,
        /// No reason given.
        None = "none",
        /// The bot is busy.
        Busy = "busy",
        /// The call is forbidden.
        Forbidden = "forbidden",
        /// The evolvable-enum sentinel.
        UnknownFutureValue = "unknownFutureValue",
    }
}

plain_debug!(RejectReason);
