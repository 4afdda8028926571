//! `microsoft.graph.updateRecordingStatusOperation`.

use crate::comms_operation::operation;

operation! {
    /// The result of `call: updateRecordingStatus`
    /// (`microsoft.graph.updateRecordingStatusOperation`): no properties of
    /// its own. The documented response is `completed`; whether the service
    /// ever answers `running` and notifies later is not documented.
    UpdateRecordingStatusOperation : "microsoft.graph.updateRecordingStatusOperation"
}
