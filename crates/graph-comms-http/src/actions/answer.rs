//! `POST …/calls/{id}/answer`.

crate::action::call_action! {
    /// `POST {base}/communications/calls/{id}/answer`: answer an incoming
    /// call (<https://learn.microsoft.com/graph/api/call-answer>). The body
    /// is an [`AnswerRequest`](graph_comms_models::AnswerRequest); the
    /// answer is `202 Accepted` without a body, read as an
    /// [`Acknowledged`](crate::Acknowledged): the call's state changes come
    /// as callbacks.
    Answer, AnswerBuilder: Answer,
    body AnswerRequest, answer acknowledged
}
