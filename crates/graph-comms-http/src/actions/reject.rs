//! `POST …/calls/{id}/reject`.

crate::action::call_action! {
    /// `POST {base}/communications/calls/{id}/reject`: decline an incoming
    /// call (<https://learn.microsoft.com/graph/api/call-reject>). The body
    /// is a [`RejectRequest`](graph_comms_models::RejectRequest); the answer
    /// is `202 Accepted` without a body, read as an
    /// [`Acknowledged`](crate::Acknowledged). It does not end a call that was
    /// already answered: hang that up with [`HangUp`](crate::HangUp).
    Reject, RejectBuilder: Reject,
    body RejectRequest, answer acknowledged
}
