//! `POST …/calls/{id}/updateRecordingStatus`.

crate::action::call_action! {
    /// `POST {base}/communications/calls/{id}/updateRecordingStatus`: tell
    /// the participants that the bot records (or stopped)
    /// (<https://learn.microsoft.com/graph/api/call-updaterecordingstatus>).
    /// The body is an
    /// [`UpdateRecordingStatusRequest`](graph_comms_models::UpdateRecordingStatusRequest);
    /// the answer is `200 OK` with a `Location` and an
    /// [`UpdateRecordingStatusOperation`](graph_comms_models::UpdateRecordingStatusOperation).
    UpdateRecordingStatus, UpdateRecordingStatusBuilder: UpdateRecordingStatus,
    body UpdateRecordingStatusRequest,
    answer operation UpdateRecordingStatusOperation
}
