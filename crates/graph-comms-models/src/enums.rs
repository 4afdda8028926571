//! The small string enums of the call and operation resources.

use crate::macros::{eq_ignore_case, open_enum};

/// `Debug` as `Name("wire")` and `Display` as the wire name: for enums whose
/// values are not personal data (not tones).
macro_rules! plain_debug {
    ($($name:ident),+) => {$(
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.as_str())
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

open_enum! {
    /// The status of a comms operation (`microsoft.graph.operationStatus`).
    ///
    /// The Graph metadata and SDKs spell the members in PascalCase
    /// (`Completed`), the service and the docs in camelCase (`completed`). Both
    /// are read (case-insensitively); **camelCase is written**, as the service
    /// itself sends it.
    ///
    /// ```
    /// use graph_comms_models::OperationStatus;
    ///
    /// let status: OperationStatus = serde_json::from_str(r#""Completed""#).unwrap();
    /// assert_eq!(status, OperationStatus::Completed);
    /// assert_eq!(serde_json::to_string(&status).unwrap(), r#""completed""#);
    /// assert!(status.is_terminal());
    /// ```
    pub enum OperationStatus {
        expecting = "an operation status (string)",
        schema_name = "microsoft.graph.operationStatus",
        matches = eq_ignore_case,
        /// Accepted, not started yet: updates follow on the notification channel.
        NotStarted = "notStarted",
        /// Under way: updates follow on the notification channel.
        Running = "running",
        /// Finished successfully: no further notification follows.
        Completed = "completed",
        /// Finished unsuccessfully (see `resultInfo`): no further notification follows.
        Failed = "failed",
    }
}

impl OperationStatus {
    /// Whether the operation has finished: `completed` or `failed`. Per the
    /// commsOperation docs no further notification follows a terminal status;
    /// `notStarted`, `running`, a missing status and unknown values are not
    /// terminal.
    pub fn is_terminal(&self) -> bool {
        matches!(self, OperationStatus::Completed | OperationStatus::Failed)
    }
}

open_enum! {
    /// What happened to the resource of a notification (`microsoft.graph.changeType`).
    pub enum ChangeType {
        expecting = "a change type (string)",
        schema_name = "microsoft.graph.changeType",
        matches = eq_ignore_case,
        /// The resource was created.
        Created = "created",
        /// The resource was updated (tone notifications are updates of the call).
        Updated = "updated",
        /// The resource was deleted (also: an operation finished).
        Deleted = "deleted",
    }
}

open_enum! {
    /// The state of a call (`microsoft.graph.callState`), the beta list, which
    /// has `ringing` (v1.0 lacks it).
    pub enum CallState {
        expecting = "a call state (string)",
        schema_name = "microsoft.graph.callState",
        matches = eq_ignore_case,
        /// An incoming call, not answered yet.
        Incoming = "incoming",
        /// The call is being set up.
        Establishing = "establishing",
        /// The far end is ringing (beta only).
        Ringing = "ringing",
        /// The call is up: media flows and tones can be subscribed to.
        Established = "established",
        /// The call is on hold.
        Hold = "hold",
        /// The call is being transferred.
        Transferring = "transferring",
        /// The transfer was accepted.
        TransferAccepted = "transferAccepted",
        /// The call is being redirected.
        Redirecting = "redirecting",
        /// The call is ending.
        Terminating = "terminating",
        /// The call has ended.
        Terminated = "terminated",
        /// The evolvable-enum sentinel: the service knows a newer state that it
        /// does not send unless asked to.
        UnknownFutureValue = "unknownFutureValue",
    }
}

impl CallState {
    /// Whether the call is over (`terminating` or `terminated`).
    pub fn is_ending(&self) -> bool {
        matches!(self, CallState::Terminating | CallState::Terminated)
    }
}

open_enum! {
    /// The direction of a call (`microsoft.graph.callDirection`).
    pub enum CallDirection {
        expecting = "a call direction (string)",
        schema_name = "microsoft.graph.callDirection",
        matches = eq_ignore_case,
        /// The call came in to the bot.
        Incoming = "incoming",
        /// The bot placed the call.
        Outgoing = "outgoing",
    }
}

plain_debug!(OperationStatus, ChangeType, CallState, CallDirection);

pub(crate) use plain_debug;
