//! `POST …/calls/{id}/sendDtmfTones`.

crate::action::call_action! {
    /// `POST {base}/communications/calls/{id}/sendDtmfTones`: send DTMF
    /// tones on the call
    /// (<https://learn.microsoft.com/graph/api/call-senddtmftones>). The body
    /// is a [`SendDtmfTonesRequest`](graph_comms_models::SendDtmfTonesRequest);
    /// the answer is `200 OK` with a `Location` and a
    /// [`SendDtmfTonesOperation`](graph_comms_models::SendDtmfTonesOperation).
    /// Its final outcome comes as a callback, and a failure can arrive with
    /// `status: "completed"`: read its completion reason.
    SendDtmfTones, SendDtmfTonesBuilder: SendDtmfTones,
    body SendDtmfTonesRequest, answer operation SendDtmfTonesOperation
}
