//! `microsoft.graph.playPromptCompletionReason` (beta).

use crate::enums::plain_debug;
use crate::macros::{eq_ignore_case, open_enum};

open_enum! {
    /// Why a `playPrompt` operation finished
    /// (`microsoft.graph.playPromptCompletionReason`). Declared in beta only
    /// (<https://learn.microsoft.com/graph/api/resources/playpromptoperation?view=graph-rest-beta>);
    /// v1.0 traffic carries it too, so it is read in both.
    pub enum PlayPromptCompletionReason {
        expecting = "a playPrompt completion reason (string)",
        schema_name = "microsoft.graph.playPromptCompletionReason",
        matches = eq_ignore_case,
        /// The wire value `unknown`: the prompt did not complete successfully,
        /// for a reason the service does not name.
        Unspecified = "unknown",
        /// The prompt was played to the end.
        CompletedSuccessfully = "completedSuccessfully",
        /// The prompt was cancelled (by `cancelMediaProcessing` or a barge-in).
        MediaOperationCanceled = "mediaOperationCanceled",
        /// The evolvable-enum sentinel.
        UnknownFutureValue = "unknownFutureValue",
    }
}

plain_debug!(PlayPromptCompletionReason);
