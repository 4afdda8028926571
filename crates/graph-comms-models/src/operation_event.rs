//! Operation events: how the operations of a batch of notifications ended.

use crate::{
    ChangeType, CommsNotification, ODataType, Operation, OperationOutcome, OperationStatus,
    ReadError, Resource, ResultInfo,
};
use graph_comms_core::operation_id_in_path;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};

/// How one operation ended, taken from a notification: a `deleted`
/// notification on `…/operations/{id}` (the usual final result), or any
/// notification whose operation has a terminal status.
///
/// "Did my prompt finish or fail, and why" is one `match`:
///
/// ```
/// use graph_comms_models::{CommsNotifications, Operation, OperationOutcome};
///
/// let body = br##"{"value": [{
///   "changeType": "deleted",
///   "resourceUrl": "/communications/calls/481f3600-983e-4276-9b59-c1b30ec8d125/operations/d36fe651-9f50-484d-bd4b-1e6415eae448",
///   "resourceData": {"@odata.type": "#microsoft.graph.sendDtmfTonesOperation",
///                    "status": "completed", "completionReason": "unknown",
///                    "clientContext": "e0be71f1-a14f-4cec-b65a-e7aba5db7c53"}
/// }]}"##;
/// let batch = CommsNotifications::from_slice(body)?;
/// for event in batch.operation_events() {
///     let event = event?;
///     match (event.operation, event.outcome) {
///         (Operation::SendDtmfTones(_), OperationOutcome::Succeeded) => unreachable!(),
///         (Operation::SendDtmfTones(_), OperationOutcome::Failed) => {
///             assert_eq!(event.completion_reason, Some("unknown"));
///             assert_eq!(event.operation_id, "d36fe651-9f50-484d-bd4b-1e6415eae448");
///         }
///         _ => {}
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct OperationEvent<'a> {
    /// The call the operation ran on (from `resourceUrl`, else `resource`).
    pub call_id: &'a str,
    /// The operation id: the segment after `operations` in `resourceUrl` (or
    /// `resource`), else the operation's `id`. Callback URLs often spell it in
    /// upper-case hex without dashes while responses use dashed lower case;
    /// compare ids accordingly.
    pub operation_id: &'a str,
    /// The operation's type name without `#microsoft.graph.`, such as
    /// `playPromptOperation` (`None` when it has no `@odata.type`).
    pub operation_type: Option<&'a str>,
    /// The status as sent.
    pub status: Option<&'a OperationStatus>,
    /// The completion reason's wire name, when there is one.
    pub completion_reason: Option<&'a str>,
    /// The result information, when there is one.
    pub result_info: Option<&'a ResultInfo>,
    /// The client context given when the operation was requested.
    pub client_context: Option<&'a str>,
    /// How it ended.
    pub outcome: OperationOutcome,
    /// The notification's change type (`deleted` for the usual final result).
    pub change_type: Option<&'a ChangeType>,
    /// The typed operation, for its own properties (a recording's location).
    pub operation: &'a Operation,
    /// The position of the notification in the batch.
    pub notification_index: usize,
}

/// An operation event that could not be taken from a notification.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum OperationEventError {
    /// A resource that names itself an operation (by `@odata.type`), or sits
    /// at an operation's URL, could not be read.
    UnreadableResource {
        /// The position of the notification in the batch.
        notification_index: usize,
        /// Why it could not be read.
        error: ReadError,
    },
    /// A finished operation, but neither `resourceUrl` nor `resource` names
    /// the call.
    MissingCallId {
        /// The position of the notification in the batch.
        notification_index: usize,
    },
    /// A finished operation, but neither the URL nor the operation's `id`
    /// names the operation.
    MissingOperationId {
        /// The position of the notification in the batch.
        notification_index: usize,
    },
}

impl OperationEventError {
    /// The position of the notification in the batch.
    pub fn notification_index(&self) -> usize {
        match self {
            OperationEventError::UnreadableResource {
                notification_index, ..
            }
            | OperationEventError::MissingCallId { notification_index }
            | OperationEventError::MissingOperationId { notification_index } => *notification_index,
        }
    }
}

impl fmt::Display for OperationEventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OperationEventError::UnreadableResource {
                notification_index,
                error,
            } => write!(
                f,
                "notification {notification_index}: an operation could not be read: {error}"
            ),
            OperationEventError::MissingCallId { notification_index } => write!(
                f,
                "notification {notification_index}: a finished operation names no call \
                 (no resourceUrl or resource with a calls/{{id}} segment)"
            ),
            OperationEventError::MissingOperationId { notification_index } => write!(
                f,
                "notification {notification_index}: a finished operation has no id \
                 (no …/operations/{{id}} URL and no id property)"
            ),
        }
    }
}

impl std::error::Error for OperationEventError {}

/// The iterator of [`crate::CommsNotifications::operation_events`].
#[derive(Debug, Clone)]
pub struct OperationEvents<'a> {
    notifications: std::iter::Enumerate<std::slice::Iter<'a, CommsNotification>>,
    current: Option<Current<'a>>,
    seen: Seen<'a>,
}

#[derive(Debug, Clone)]
struct Current<'a> {
    index: usize,
    notification: &'a CommsNotification,
    /// Whether the notification carries a single entity (not an array).
    single: bool,
    /// The operation id in the notification's URL, when it names one and
    /// the notification carries a single entity: worked out on first need
    /// (`None` until then), as most notifications (tones, call states) never
    /// need it.
    url_operation_id: Option<Option<&'a str>>,
    resources: std::slice::Iter<'a, Resource>,
}

impl<'a> Current<'a> {
    fn url_operation_id(&mut self) -> Option<&'a str> {
        let (notification, single) = (self.notification, self.single);
        *self.url_operation_id.get_or_insert_with(|| {
            if !single {
                return None;
            }
            notification
                .resource_url
                .as_deref()
                .and_then(operation_id_in_path)
                .or_else(|| {
                    notification
                        .resource
                        .as_deref()
                        .and_then(operation_id_in_path)
                })
        })
    }
}

impl<'a> OperationEvents<'a> {
    pub(crate) fn new(notifications: &'a [CommsNotification]) -> Self {
        OperationEvents {
            notifications: notifications.iter().enumerate(),
            current: None,
            seen: Seen::default(),
        }
    }
}

impl<'a> Iterator for OperationEvents<'a> {
    type Item = Result<OperationEvent<'a>, OperationEventError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = &mut self.current {
                let (index, notification) = (current.index, current.notification);
                while let Some(resource) = current.resources.next() {
                    match resource {
                        Resource::Operation(operation) => {
                            let finished = notification.change_type == Some(ChangeType::Deleted)
                                || operation.is_terminal();
                            if !finished {
                                continue;
                            }
                            let Some(call_id) = notification.call_id() else {
                                return Some(Err(OperationEventError::MissingCallId {
                                    notification_index: index,
                                }));
                            };
                            let Some(operation_id) = current.url_operation_id().or(operation.id())
                            else {
                                return Some(Err(OperationEventError::MissingOperationId {
                                    notification_index: index,
                                }));
                            };
                            let more = self.notifications.len();
                            if !self.seen.insert(call_id, operation_id, more) {
                                continue; // reported earlier in this batch
                            }
                            return Some(Ok(event(
                                index,
                                notification,
                                operation,
                                call_id,
                                operation_id,
                            )));
                        }
                        Resource::Invalid(invalid) => {
                            let names_operation = invalid
                                .raw
                                .get("@odata.type")
                                .and_then(serde_json::Value::as_str)
                                .is_some_and(|t| ODataType::from(t).is_comms_operation());
                            if names_operation || current.url_operation_id().is_some() {
                                return Some(Err(OperationEventError::UnreadableResource {
                                    notification_index: index,
                                    error: invalid.error.clone(),
                                }));
                            }
                        }
                        _ => {}
                    }
                }
                self.current = None;
            }
            let (index, notification) = self.notifications.next()?;
            if let Some(data) = &notification.resource_data {
                self.current = Some(Current {
                    index,
                    notification,
                    single: matches!(data, crate::ResourceData::One(_)),
                    url_operation_id: None,
                    resources: data.iter(),
                });
            }
        }
    }
}

fn event<'a>(
    notification_index: usize,
    notification: &'a CommsNotification,
    operation: &'a Operation,
    call_id: &'a str,
    operation_id: &'a str,
) -> OperationEvent<'a> {
    OperationEvent {
        call_id,
        operation_id,
        operation_type: operation.type_name(),
        status: operation.status(),
        completion_reason: operation.completion_reason(),
        result_info: operation.result_info(),
        client_context: operation.client_context(),
        outcome: operation.outcome_when_finished(),
        change_type: notification.change_type.as_ref(),
        operation,
        notification_index,
    }
}

/// How many operations of a batch are remembered without allocating; a
/// batch with more finished operations builds a hash set.
const INLINE: usize = 8;

/// The most room a set reserves up front for pairs still to come.
const PRESIZE_MAX: usize = 1024;

/// The (call id, operation id) pairs reported so far in this batch,
/// compared ASCII case-insensitively.
#[derive(Debug, Clone)]
// Inline on purpose: small batches (the usual ones) allocate nothing.
#[allow(clippy::large_enum_variant)]
enum Seen<'a> {
    Few([Key<'a>; INLINE], usize),
    // std's keyed hasher: the ids come from whoever posts the callback, so
    // an unkeyed hash would let a body make every insert collide.
    Many(HashSet<Key<'a>>),
}

impl Default for Seen<'_> {
    fn default() -> Self {
        Seen::Few([Key("", ""); INLINE], 0)
    }
}

impl<'a> Seen<'a> {
    /// Remembers the pair; `false` when it was there already. `more` is
    /// about how many pairs may still come (the notifications left), so that
    /// the set, once built, is sized once instead of rehashing as it grows
    /// (up to [`PRESIZE_MAX`]: a long batch of tones with a few operations
    /// does not reserve room for thousands).
    fn insert(&mut self, call_id: &'a str, operation_id: &'a str, more: usize) -> bool {
        let key = Key(call_id, operation_id);
        match self {
            Seen::Few(keys, len) => {
                if keys[..*len].contains(&key) {
                    return false;
                }
                if *len < INLINE {
                    keys[*len] = key;
                    *len += 1;
                } else {
                    let mut set = HashSet::with_capacity(INLINE + 1 + more.min(PRESIZE_MAX));
                    set.extend(keys.iter().copied());
                    set.insert(key);
                    *self = Seen::Many(set);
                }
                true
            }
            Seen::Many(set) => set.insert(key),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Key<'a>(&'a str, &'a str);

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.1.eq_ignore_ascii_case(other.1) && self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Key<'_> {}

impl Hash for Key<'_> {
    /// The operation id only, folded to lower case, in one `write` per 64
    /// bytes. Operation ids are unique per call, and a batch is usually about
    /// one call: hashing the call id too would only double the work, and
    /// equal pairs still hash equally. (Hashing byte by byte, both ids, was
    /// most of the cost of `operation_events` on a large batch.)
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut block = [0u8; 64];
        for chunk in self.1.as_bytes().chunks(block.len()) {
            let block = &mut block[..chunk.len()];
            for (to, from) in block.iter_mut().zip(chunk) {
                *to = from.to_ascii_lowercase();
            }
            state.write(block);
        }
        state.write_usize(self.1.len());
    }
}
