//! `microsoft.graph.resultInfo`: the outcome of an operation or a call.

use crate::macros::wire_struct;

wire_struct! {
    /// The outcome of an operation or a call (`microsoft.graph.resultInfo`).
    ///
    /// Per the Graph docs, a 2xx `code` is a success, 4xx a client error and
    /// 5xx a server error; the subcode gives more detail.
    pub struct ResultInfo : "microsoft.graph.resultInfo" {
        /// The result code (Int32).
        "code" => pub code: Option<i32>;
        /// The result sub-code (Int32).
        "subcode" => pub subcode: Option<i32>;
        /// The message.
        "message" => pub message: Option<String>;
    }
}

impl ResultInfo {
    /// Whether `code` is a 2xx success code (`false` when there is no code).
    pub fn is_success(&self) -> bool {
        matches!(self.code, Some(200..=299))
    }
}
