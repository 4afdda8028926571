//! `microsoft.graph.sendDtmfCompletionReason`.

use crate::enums::plain_debug;
use crate::macros::{eq_ignore_case, open_enum};

open_enum! {
    /// Why a `sendDtmfTones` operation finished
    /// (`microsoft.graph.sendDtmfCompletionReason`, v1.0 and beta;
    /// <https://learn.microsoft.com/graph/api/resources/senddtmftonesoperation>).
    ///
    /// This, not `status`, says whether the tones were sent: the documented
    /// failures arrive with `"status": "completed"` and a reason other than
    /// `completedSuccessfully` (<https://learn.microsoft.com/graph/api/call-senddtmftones>).
    pub enum SendDtmfCompletionReason {
        expecting = "a sendDtmfTones completion reason (string)",
        schema_name = "microsoft.graph.sendDtmfCompletionReason",
        matches = eq_ignore_case,
        /// The wire value `unknown`: a failure the service does not name
        /// (the docs' "error case 2").
        Unspecified = "unknown",
        /// Every tone was sent.
        CompletedSuccessfully = "completedSuccessfully",
        /// The operation was cancelled (the docs' "error case 1").
        MediaOperationCanceled = "mediaOperationCanceled",
        /// The evolvable-enum sentinel (the docs prose spells it
        /// `unknownfutureValue`; the metadata and the wire `unknownFutureValue`).
        UnknownFutureValue = "unknownFutureValue",
    }
}

plain_debug!(SendDtmfCompletionReason);
