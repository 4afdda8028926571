//! `microsoft.graph.commsOperation` and `microsoft.graph.subscribeToToneOperation`.

// The macro below names these by path so that the operation types in other
// files need only `use crate::comms_operation::operation;`.

/// Declares an operation type: the properties of `commsOperation`, which
/// every operation type inherits, then the type's own properties, if any
/// (`{ "completionReason" => pub completion_reason: …; }`).
macro_rules! operation {
    ($(#[$meta:meta])* $name:ident : $schema_name:literal $({ $($own:tt)* })?) => {
        $crate::macros::wire_struct! {
            $(#[$meta])*
            pub struct $name : $schema_name {
                /// The operation id. Read-only.
                "id" => pub id: Option<String>;
                /// The client context given when the operation was requested
                /// (at most 256 characters).
                "clientContext" => pub client_context: Option<String>;
                /// The status; `None` when the payload has none (null is
                /// allowed and means updates follow).
                "status" => pub status: Option<$crate::OperationStatus>;
                /// The result information. Read-only.
                "resultInfo" => pub result_info: Option<$crate::ResultInfo>;
                /// When the operation was created (seen in real payloads, not in the metadata).
                #[cfg_attr(feature = "schemars", schemars(with = "Option<crate::schema::GraphDateTime>"))]
                "createdDateTime" => pub created_date_time: Option<::chrono::DateTime<::chrono::Utc>>, read_with = $crate::datetime::read_datetime;
                /// When the operation last changed (seen in real payloads, not in the metadata).
                #[cfg_attr(feature = "schemars", schemars(with = "Option<crate::schema::GraphDateTime>"))]
                "lastActionDateTime" => pub last_action_date_time: Option<::chrono::DateTime<::chrono::Utc>>, read_with = $crate::datetime::read_datetime;
                $($($own)*)?
            }
        }

        impl $name {
            /// Whether the operation has finished (`completed` or `failed`): no
            /// further notification about it follows. A missing or unknown
            /// status is not terminal.
            pub fn is_terminal(&self) -> bool {
                self.status.as_ref().is_some_and($crate::OperationStatus::is_terminal)
            }

            /// Whether updates are still to come on the notification channel:
            /// the status is `notStarted`, `running` or missing (the
            /// commsOperation docs), or a value this version does not know.
            pub fn expects_followup(&self) -> bool {
                !self.is_terminal()
            }

            /// Whether the status is `failed`.
            pub fn is_failed(&self) -> bool {
                self.status == Some($crate::OperationStatus::Failed)
            }
        }
    };
}

pub(crate) use operation;

operation! {
    /// An operation on a call (`microsoft.graph.commsOperation`), the base of
    /// every operation type; [`CommsOperation::odata_type`] says which one. The
    /// properties of derived types (a `playPromptOperation`'s
    /// `completionReason`, say) are kept in `extra`.
    CommsOperation : "microsoft.graph.commsOperation"
}

operation! {
    /// The result of `call: subscribeToTone` (`microsoft.graph.subscribeToToneOperation`):
    /// a commsOperation with no properties of its own. The action is synchronous:
    /// the `200 OK` response carries `"status": "completed"`.
    ///
    /// ```
    /// use graph_comms_models::{OperationStatus, SubscribeToToneOperation};
    ///
    /// let op: SubscribeToToneOperation = serde_json::from_str(r##"{
    ///   "@odata.type": "#microsoft.graph.subscribeToToneOperation",
    ///   "clientContext": "clientContext-value",
    ///   "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
    ///   "resultInfo": null,
    ///   "status": "completed"
    /// }"##).unwrap();
    /// assert_eq!(op.status, Some(OperationStatus::Completed));
    /// assert!(op.is_terminal());
    /// ```
    SubscribeToToneOperation : "microsoft.graph.subscribeToToneOperation"
}

impl From<SubscribeToToneOperation> for CommsOperation {
    fn from(op: SubscribeToToneOperation) -> Self {
        CommsOperation {
            odata_type: op.odata_type,
            id: op.id,
            client_context: op.client_context,
            status: op.status,
            result_info: op.result_info,
            created_date_time: op.created_date_time,
            last_action_date_time: op.last_action_date_time,
            extra: op.extra,
        }
    }
}
