//! `POST …/calls/{id}/cancelMediaProcessing`.

crate::action::call_action! {
    /// `POST {base}/communications/calls/{id}/cancelMediaProcessing`: cancel
    /// the running playPrompt and recordResponse operations (barge-in)
    /// (<https://learn.microsoft.com/graph/api/call-cancelmediaprocessing>).
    /// The body is a
    /// [`CancelMediaProcessingRequest`](graph_comms_models::CancelMediaProcessingRequest);
    /// the answer is `200 OK` with a `Location` and a
    /// [`CancelMediaProcessingOperation`](graph_comms_models::CancelMediaProcessingOperation).
    CancelMediaProcessing, CancelMediaProcessingBuilder: CancelMediaProcessing,
    body CancelMediaProcessingRequest,
    answer operation CancelMediaProcessingOperation
}
