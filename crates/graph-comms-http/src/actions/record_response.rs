//! `POST …/calls/{id}/recordResponse`.

crate::action::call_action! {
    /// `POST {base}/communications/calls/{id}/recordResponse`: record a short
    /// answer from the caller
    /// (<https://learn.microsoft.com/graph/api/call-record>). The body is a
    /// [`RecordResponseRequest`](graph_comms_models::RecordResponseRequest);
    /// the answer is `200 OK` with a `Location` and a
    /// [`RecordOperation`](graph_comms_models::RecordOperation). The finished
    /// operation's `recordingLocation` is downloaded with
    /// [`FetchRecording`](crate::FetchRecording).
    RecordResponse, RecordResponseBuilder: RecordResponse,
    body RecordResponseRequest, answer operation RecordOperation
}
