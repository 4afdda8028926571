//! `microsoft.graph.sendDtmfTonesOperation`.

use crate::SendDtmfCompletionReason;
use crate::comms_operation::operation;

operation! {
    /// The result of `call: sendDtmfTones` (`microsoft.graph.sendDtmfTonesOperation`,
    /// v1.0 and beta).
    ///
    /// **A failure arrives with `"status": "completed"`**: the documented
    /// error notifications carry `completionReason` `mediaOperationCanceled`
    /// or `unknown` (<https://learn.microsoft.com/graph/api/call-senddtmftones>).
    /// [`crate::CommsNotifications::operation_events`] reports those as failures.
    SendDtmfTonesOperation : "microsoft.graph.sendDtmfTonesOperation" {
        /// Why the operation finished: only `completedSuccessfully` means the
        /// tones were sent.
        "completionReason" => pub completion_reason: Option<SendDtmfCompletionReason>;
    }
}
