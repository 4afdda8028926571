//! `microsoft.graph.resultInfo`: the outcome of an operation or a call.

use crate::ResultCode;
use crate::macros::wire_struct;

wire_struct! {
    /// The outcome of an operation or a call (`microsoft.graph.resultInfo`).
    ///
    /// Per the Graph docs, a 2xx `code` is a success, 4xx a client error and
    /// 5xx a server error; the subcode gives more detail. `code` and
    /// `subcode` are kept as sent: numbers, or strings (see [`ResultCode`]).
    pub struct ResultInfo : "microsoft.graph.resultInfo" {
        /// The result code (Int32; a string in some payloads).
        "code" => pub code: Option<ResultCode>;
        /// The result sub-code (Int32; a string in some payloads).
        "subcode" => pub subcode: Option<ResultCode>;
        /// The message.
        "message" => pub message: Option<String>;
    }
}

impl ResultInfo {
    /// Whether `code` is a 2xx success code (`false` when there is no code,
    /// or it is a string that holds no number).
    pub fn is_success(&self) -> bool {
        matches!(self.code_number(), Some(200..=299))
    }

    /// `code` as a number (see [`ResultCode::as_i32`]).
    pub fn code_number(&self) -> Option<i32> {
        self.code.as_ref().and_then(ResultCode::as_i32)
    }

    /// `subcode` as a number (see [`ResultCode::as_i32`]).
    pub fn subcode_number(&self) -> Option<i32> {
        self.subcode.as_ref().and_then(ResultCode::as_i32)
    }
}
