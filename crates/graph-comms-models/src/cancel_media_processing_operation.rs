//! `microsoft.graph.cancelMediaProcessingOperation`.

use crate::comms_operation::operation;

operation! {
    /// The result of `call: cancelMediaProcessing`
    /// (`microsoft.graph.cancelMediaProcessingOperation`): no properties of
    /// its own. The documented response is already `completed`, so no
    /// notification follows for it; the cancelled `playPrompt` or
    /// `recordResponse` operations each get their own `deleted` notification.
    CancelMediaProcessingOperation : "microsoft.graph.cancelMediaProcessingOperation"
}
