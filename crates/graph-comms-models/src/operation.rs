//! An operation of any type, chosen by `@odata.type`, and how it ended.

use crate::polymorphic::{Polymorphic, deserialize_polymorphic, read_boxed};
use crate::{
    CancelMediaProcessingOperation, CommsOperation, ODataType, OperationStatus,
    PlayPromptCompletionReason, PlayPromptOperation, RecordOperation, ResultInfo,
    SendDtmfCompletionReason, SendDtmfTonesOperation, SubscribeToToneOperation,
    UpdateRecordingStatusOperation,
};
use serde::de::MapAccess;

/// A comms operation typed by its `@odata.type` (case-insensitively, `#`
/// optional): the operations of the IVR actions have their own types, every
/// other `commsOperation` subtype (and `commsOperation` itself, or an object
/// without `@odata.type`) is read as a generic [`CommsOperation`], its own
/// properties kept in `extra`. Written back as it came.
///
/// ```
/// use graph_comms_models::{Operation, OperationOutcome};
///
/// let op: Operation = graph_comms_models::from_slice(br##"{
///   "@odata.type": "#microsoft.graph.sendDtmfTonesOperation",
///   "status": "completed", "completionReason": "mediaOperationCanceled"
/// }"##)?;
/// assert!(matches!(op, Operation::SendDtmfTones(_)));
/// assert_eq!(op.type_name(), Some("sendDtmfTonesOperation"));
/// // "completed", but the tones were not sent:
/// assert_eq!(op.outcome(), Some(OperationOutcome::Failed));
/// # Ok::<(), graph_comms_models::ReadError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Operation {
    /// `#microsoft.graph.subscribeToToneOperation`
    SubscribeToTone(Box<SubscribeToToneOperation>),
    /// `#microsoft.graph.playPromptOperation`
    PlayPrompt(Box<PlayPromptOperation>),
    /// `#microsoft.graph.recordOperation`
    Record(Box<RecordOperation>),
    /// `#microsoft.graph.cancelMediaProcessingOperation`
    CancelMediaProcessing(Box<CancelMediaProcessingOperation>),
    /// `#microsoft.graph.sendDtmfTonesOperation`
    SendDtmfTones(Box<SendDtmfTonesOperation>),
    /// `#microsoft.graph.updateRecordingStatusOperation`
    UpdateRecordingStatus(Box<UpdateRecordingStatusOperation>),
    /// `commsOperation` itself, any other subtype, or no `@odata.type`.
    Other(Box<CommsOperation>),
}

/// How a finished operation ended: the one question a bot asks of it.
///
/// ```
/// # use graph_comms_models::OperationOutcome;
/// # fn retry() {} fn next_step() {}
/// # let outcome = OperationOutcome::Succeeded;
/// match outcome {
///     OperationOutcome::Succeeded => next_step(),
///     OperationOutcome::Failed => retry(), // why: the event's completion reason and resultInfo
///     OperationOutcome::Indeterminate | _ => {}
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationOutcome {
    /// The operation did what was asked.
    Succeeded,
    /// The operation failed or was cancelled: `status` is `failed`, or
    /// `resultInfo.code` is not 2xx, or the completion reason says so (a
    /// `sendDtmfTones` or `playPrompt` reason other than
    /// `completedSuccessfully`, even with `"status": "completed"`; a record
    /// reason such as `operationCanceled` or `initialSilenceTimeout`).
    Failed,
    /// The operation is over (a `deleted` notification on its URL) but
    /// nothing in it says how: no terminal status and no failure signal. The
    /// docs do not describe such a notification; it is reported rather than
    /// guessed.
    Indeterminate,
}

/// Calls `$body` with the inner operation bound to `$op`, whatever its type.
macro_rules! each {
    ($self:expr, $op:ident => $body:expr) => {
        match $self {
            Operation::SubscribeToTone($op) => $body,
            Operation::PlayPrompt($op) => $body,
            Operation::Record($op) => $body,
            Operation::CancelMediaProcessing($op) => $body,
            Operation::SendDtmfTones($op) => $body,
            Operation::UpdateRecordingStatus($op) => $body,
            Operation::Other($op) => $body,
        }
    };
}

impl Operation {
    /// The `@odata.type`, when the payload has one.
    pub fn odata_type(&self) -> Option<&ODataType> {
        each!(self, op => op.odata_type.as_ref())
    }

    /// The type name without the `#microsoft.graph.` prefix, such as
    /// `playPromptOperation` (an unknown type's name as it came, less a
    /// `#microsoft.graph.` or `microsoft.graph.` prefix in any case).
    pub fn type_name(&self) -> Option<&str> {
        let name = self.odata_type()?.as_str();
        let name = name.strip_prefix('#').unwrap_or(name);
        let prefix = "microsoft.graph.";
        Some(match name.get(..prefix.len()) {
            Some(head) if head.eq_ignore_ascii_case(prefix) => &name[prefix.len()..],
            _ => name,
        })
    }

    /// The operation id (`id`).
    pub fn id(&self) -> Option<&str> {
        each!(self, op => op.id.as_deref())
    }

    /// The client context given when the operation was requested.
    pub fn client_context(&self) -> Option<&str> {
        each!(self, op => op.client_context.as_deref())
    }

    /// The status.
    pub fn status(&self) -> Option<&OperationStatus> {
        each!(self, op => op.status.as_ref())
    }

    /// The result information.
    pub fn result_info(&self) -> Option<&ResultInfo> {
        each!(self, op => op.result_info.as_ref())
    }

    /// Whether the status is `completed` or `failed`.
    pub fn is_terminal(&self) -> bool {
        each!(self, op => op.is_terminal())
    }

    /// The completion reason's wire name, when the operation has one: the
    /// typed field of `playPromptOperation`, `recordOperation` and
    /// `sendDtmfTonesOperation`, or a string `completionReason` in the
    /// `extra` of any other operation.
    pub fn completion_reason(&self) -> Option<&str> {
        match self {
            Operation::PlayPrompt(op) => op.completion_reason.as_ref().map(|r| r.as_str()),
            Operation::Record(op) => op.completion_reason.as_ref().map(|r| r.as_str()),
            Operation::SendDtmfTones(op) => op.completion_reason.as_ref().map(|r| r.as_str()),
            other => each!(other, op => op.extra.get("completionReason").and_then(|v| v.as_str())),
        }
    }

    /// How the operation ended, once its status is terminal (`None` while it
    /// is `notStarted`, `running`, or has no status): see
    /// [`OperationOutcome`].
    pub fn outcome(&self) -> Option<OperationOutcome> {
        self.is_terminal().then(|| self.outcome_when_finished())
    }

    /// How the operation ended, given that it has (a terminal status, or a
    /// `deleted` notification on its URL).
    pub(crate) fn outcome_when_finished(&self) -> OperationOutcome {
        if self.failure_signalled() {
            OperationOutcome::Failed
        } else if self.status() == Some(&OperationStatus::Completed) {
            OperationOutcome::Succeeded
        } else {
            OperationOutcome::Indeterminate
        }
    }

    fn failure_signalled(&self) -> bool {
        if self.status() == Some(&OperationStatus::Failed) {
            return true;
        }
        if self
            .result_info()
            .and_then(ResultInfo::code_number)
            .is_some_and(|code| !(200..=299).contains(&code))
        {
            return true;
        }
        match self {
            // The docs signal sendDtmfTones failures by the reason alone
            // ("status": "completed" with mediaOperationCanceled or unknown);
            // a reason this version does not know is not a success either.
            Operation::SendDtmfTones(op) => op
                .completion_reason
                .as_ref()
                .is_some_and(|r| *r != SendDtmfCompletionReason::CompletedSuccessfully),
            // Same enum shape; a cancelled prompt's notification is not
            // documented, so the sendDtmfTones reading is applied.
            Operation::PlayPrompt(op) => op
                .completion_reason
                .as_ref()
                .is_some_and(|r| *r != PlayPromptCompletionReason::CompletedSuccessfully),
            // Records signal failure by status and resultInfo (above); a
            // known failure reason counts too. An unknown reason (the docs'
            // `none`, say) defers to the status.
            Operation::Record(op) => op
                .completion_reason
                .as_ref()
                .is_some_and(|r| r.is_known() && !r.is_normal_end()),
            _ => false,
        }
    }

    /// Reads an operation whose `@odata.type` (a comms operation type, or
    /// none) has been read.
    pub(crate) fn read_typed<'de, A: MapAccess<'de>>(
        odata_type: Option<ODataType>,
        map: A,
    ) -> Result<Self, A::Error> {
        Ok(match &odata_type {
            Some(ODataType::SubscribeToToneOperation) => {
                Operation::SubscribeToTone(read_boxed(map, odata_type)?)
            }
            Some(ODataType::PlayPromptOperation) => {
                Operation::PlayPrompt(read_boxed(map, odata_type)?)
            }
            Some(ODataType::RecordOperation) => Operation::Record(read_boxed(map, odata_type)?),
            Some(ODataType::CancelMediaProcessingOperation) => {
                Operation::CancelMediaProcessing(read_boxed(map, odata_type)?)
            }
            Some(ODataType::SendDtmfTonesOperation) => {
                Operation::SendDtmfTones(read_boxed(map, odata_type)?)
            }
            Some(ODataType::UpdateRecordingStatusOperation) => {
                Operation::UpdateRecordingStatus(read_boxed(map, odata_type)?)
            }
            _ => Operation::Other(read_boxed(map, odata_type)?),
        })
    }
}

impl Polymorphic for Operation {
    const EXPECTING: &'static str = "a commsOperation object";

    fn read_typed<'de, A: MapAccess<'de>>(
        odata_type: Option<ODataType>,
        map: A,
    ) -> Result<Self, A::Error> {
        Operation::read_typed(odata_type, map)
    }
}

impl<'de> serde::Deserialize<'de> for Operation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_polymorphic(deserializer)
    }
}

impl serde::Serialize for Operation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        each!(self, op => op.serialize(serializer))
    }
}

macro_rules! from_typed {
    ($($variant:ident($ty:ty)),+) => {$(
        impl From<$ty> for Operation {
            fn from(op: $ty) -> Self {
                Operation::$variant(Box::new(op))
            }
        }
    )+};
}

from_typed!(
    SubscribeToTone(SubscribeToToneOperation),
    PlayPrompt(PlayPromptOperation),
    Record(RecordOperation),
    CancelMediaProcessing(CancelMediaProcessingOperation),
    SendDtmfTones(SendDtmfTonesOperation),
    UpdateRecordingStatus(UpdateRecordingStatusOperation),
    Other(CommsOperation)
);

/// The `@odata.type` cases of an operation's schema: each typed operation,
/// then every other operation type as a generic commsOperation.
#[cfg(feature = "schemars")]
pub(crate) fn schema_cases(
    generator: &mut schemars::SchemaGenerator,
) -> Vec<(Vec<ODataType>, schemars::Schema)> {
    let typed = [
        ODataType::SubscribeToToneOperation,
        ODataType::PlayPromptOperation,
        ODataType::RecordOperation,
        ODataType::CancelMediaProcessingOperation,
        ODataType::SendDtmfTonesOperation,
        ODataType::UpdateRecordingStatusOperation,
    ];
    let others: Vec<ODataType> = ODataType::KNOWN
        .iter()
        .filter(|t| t.is_comms_operation() && !typed.contains(t))
        .cloned()
        .collect();
    vec![
        (
            vec![ODataType::SubscribeToToneOperation],
            generator.subschema_for::<SubscribeToToneOperation>(),
        ),
        (
            vec![ODataType::PlayPromptOperation],
            generator.subschema_for::<PlayPromptOperation>(),
        ),
        (
            vec![ODataType::RecordOperation],
            generator.subschema_for::<RecordOperation>(),
        ),
        (
            vec![ODataType::CancelMediaProcessingOperation],
            generator.subschema_for::<CancelMediaProcessingOperation>(),
        ),
        (
            vec![ODataType::SendDtmfTonesOperation],
            generator.subschema_for::<SendDtmfTonesOperation>(),
        ),
        (
            vec![ODataType::UpdateRecordingStatusOperation],
            generator.subschema_for::<UpdateRecordingStatusOperation>(),
        ),
        (others, generator.subschema_for::<CommsOperation>()),
    ]
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Operation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "operation".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let cases = schema_cases(generator);
        crate::schema::dispatch_on_odata_type(
            generator,
            "A comms operation, chosen by its @odata.type (ASCII case-insensitively, the \
             leading # optional): the typed operations of the IVR actions, or commsOperation \
             or any other type derived from it. An object with another @odata.type, or with \
             none, is accepted as it is (kept verbatim).",
            cases
                .iter()
                .map(|(types, schema)| (&types[..], schema.clone()))
                .collect(),
        )
    }
}
