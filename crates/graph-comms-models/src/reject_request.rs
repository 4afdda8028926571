//! The request body of `call: reject`.

use crate::RejectReason;
use crate::macros::wire_struct;

wire_struct! {
    /// The request body of `POST /communications/calls/{id}/reject`
    /// (<https://learn.microsoft.com/graph/api/call-reject>). The service
    /// answers `202 Accepted` with no body, then notifies `deleted`. It does
    /// not end a call that was already answered.
    ///
    /// ```
    /// use graph_comms_models::{RejectReason, RejectRequest};
    ///
    /// let body = RejectRequest::new(RejectReason::Busy);
    /// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"reason":"busy"}"#);
    /// ```
    pub struct RejectRequest : "rejectRequest" {
        /// Why the call is rejected.
        "reason" => pub reason: Option<RejectReason>;
        /// Where the notifications of this call go (`https`; optional).
        "callbackUri" => pub callback_uri: Option<String>;
    }
}

impl RejectRequest {
    /// A body rejecting for `reason`.
    pub fn new(reason: RejectReason) -> Self {
        RejectRequest {
            reason: Some(reason),
            ..Default::default()
        }
    }
}
