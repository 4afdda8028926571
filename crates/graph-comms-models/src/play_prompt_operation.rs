//! `microsoft.graph.playPromptOperation`.

use crate::PlayPromptCompletionReason;
use crate::comms_operation::operation;

operation! {
    /// The result of `call: playPrompt` (`microsoft.graph.playPromptOperation`).
    ///
    /// The `200 OK` response usually says `running`; the outcome then arrives
    /// as a `deleted` notification on `…/operations/{id}` (see
    /// [`crate::CommsNotifications::operation_events`]). With the beta
    /// `"loop": true` no completion notification is sent at all.
    ///
    /// `completionReason` is declared in beta only, but v1.0 traffic carries
    /// it too, so it is read in both. What a cancelled prompt's notification
    /// looks like is not documented (the beta enum suggests
    /// `mediaOperationCanceled`).
    ///
    /// ```
    /// use graph_comms_models::{OperationStatus, PlayPromptOperation};
    ///
    /// let op: PlayPromptOperation = graph_comms_models::from_slice(br##"{
    ///   "@odata.type": "#microsoft.graph.playPromptOperation",
    ///   "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
    ///   "status": "running",
    ///   "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"
    /// }"##)?;
    /// assert_eq!(op.status, Some(OperationStatus::Running));
    /// assert!(op.expects_followup());
    /// # Ok::<(), graph_comms_models::ReadError>(())
    /// ```
    PlayPromptOperation : "microsoft.graph.playPromptOperation" {
        /// Why the prompt finished (beta; seen in v1.0 traffic).
        "completionReason" => pub completion_reason: Option<PlayPromptCompletionReason>;
    }
}
