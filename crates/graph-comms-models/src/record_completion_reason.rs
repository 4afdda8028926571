//! `microsoft.graph.recordCompletionReason` (beta).

use crate::enums::plain_debug;
use crate::macros::{eq_ignore_case, open_enum};

open_enum! {
    /// Why a `recordResponse` (or beta `record`) operation finished
    /// (`microsoft.graph.recordCompletionReason`). Declared in beta only
    /// (<https://learn.microsoft.com/graph/api/resources/recordoperation?view=graph-rest-beta>);
    /// v1.0 traffic carries it too, so it is read in both.
    ///
    /// The metadata lists these nine members and no `unknownFutureValue`; the
    /// docs page adds a tenth, `none`, which the metadata lacks. It is read
    /// like any other value this version does not know: kept verbatim in
    /// [`RecordCompletionReason::Unknown`].
    pub enum RecordCompletionReason {
        expecting = "a record completion reason (string)",
        schema_name = "microsoft.graph.recordCompletionReason",
        matches = eq_ignore_case,
        /// The operation was cancelled (`cancelMediaProcessing`): a failure,
        /// with empty-string recording fields.
        OperationCanceled = "operationCanceled",
        /// The caller pressed one of the `stopTones`: the recording ended normally.
        StopToneDetected = "stopToneDetected",
        /// `maxRecordDurationInSeconds` was reached: the recording ended normally.
        MaxRecordDurationReached = "maxRecordDurationReached",
        /// The caller did not start speaking in time: the operation failed.
        InitialSilenceTimeout = "initialSilenceTimeout",
        /// The caller stopped speaking for `maxSilenceTimeoutInSeconds`: the
        /// recording ended normally.
        MaxSilenceTimeout = "maxSilenceTimeout",
        /// The prompt before the recording failed.
        PlayPromptFailed = "playPromptFailed",
        /// The beep before the recording failed.
        PlayBeepFailed = "playBeepFailed",
        /// No media arrived.
        MediaReceiveTimeout = "mediaReceiveTimeout",
        /// An error the service does not name.
        UnspecifiedError = "unspecifiedError",
    }
}

impl RecordCompletionReason {
    /// Whether this reason means the recording ended normally: a stop tone,
    /// the maximum duration, or the silence after speech. The docs name no
    /// reason as a success explicitly; this reading follows the parameter
    /// descriptions of `call: recordResponse` (only the initial silence
    /// timeout is said to fail the operation) and the v1.0 example, which
    /// reports `maxRecordDurationReached` as "Action completed". Unknown
    /// values are not successes.
    pub fn is_normal_end(&self) -> bool {
        matches!(
            self,
            RecordCompletionReason::StopToneDetected
                | RecordCompletionReason::MaxRecordDurationReached
                | RecordCompletionReason::MaxSilenceTimeout
        )
    }
}

plain_debug!(RecordCompletionReason);
