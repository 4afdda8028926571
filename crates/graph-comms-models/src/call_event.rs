//! Call events: incoming calls, state changes and ends, from a batch of
//! notifications.

use crate::{Call, CallState, ChangeType, CommsNotification, Resource, ResultInfo};
use graph_comms_core::names_call_itself;

/// What happened to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallEventKind {
    /// A new incoming call (`changeType: created`, state `incoming`): answer
    /// or reject it within 15 s (<https://learn.microsoft.com/graph/api/call-answer>).
    Incoming,
    /// The call's state changed (`establishing`, `established`,
    /// `terminating`, …; see [`CallEvent::state`]). These may arrive out of
    /// order.
    StateChanged,
    /// The call is over: a `deleted` notification, or the state `terminated`.
    /// [`CallEvent::result_info`] says why, when the service says.
    Terminated,
}

/// One change of a call, taken from a notification whose resource is the
/// call itself (`resourceUrl` `/communications/calls/{id}`).
///
/// ```
/// use graph_comms_models::{CallEventKind, CommsNotifications};
///
/// let body = br##"{"value": [{
///   "changeType": "deleted",
///   "resourceUrl": "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
///   "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "terminated",
///                    "resultInfo": {"code": "200", "subcode": "5001",
///                                   "message": "The conversation has ended."}}
/// }]}"##;
/// let batch = CommsNotifications::from_slice(body)?;
/// let event = batch.call_events().next().unwrap();
/// assert_eq!(event.kind, CallEventKind::Terminated);
/// assert_eq!(event.result_info.and_then(|r| r.subcode_number()), Some(5001));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CallEvent<'a> {
    /// The call (from `resourceUrl`, else `resource`, else the call's `id`).
    pub call_id: &'a str,
    /// What happened.
    pub kind: CallEventKind,
    /// The notification's change type as sent.
    pub change_type: Option<&'a ChangeType>,
    /// The call's state, when the notification carries one.
    pub state: Option<&'a CallState>,
    /// Why the call ended (or other result information), when present.
    pub result_info: Option<&'a ResultInfo>,
    /// The call as notified: `source`, `targets`, `direction`,
    /// `incomingContext` of an incoming call, and the rest.
    pub call: &'a Call,
    /// The position of the notification in the batch.
    pub notification_index: usize,
}

/// The iterator of [`crate::CommsNotifications::call_events`].
#[derive(Debug, Clone)]
pub struct CallEvents<'a> {
    notifications: std::iter::Enumerate<std::slice::Iter<'a, CommsNotification>>,
    current: Option<(usize, &'a CommsNotification, std::slice::Iter<'a, Resource>)>,
}

impl<'a> CallEvents<'a> {
    pub(crate) fn new(notifications: &'a [CommsNotification]) -> Self {
        CallEvents {
            notifications: notifications.iter().enumerate(),
            current: None,
        }
    }
}

impl<'a> Iterator for CallEvents<'a> {
    type Item = CallEvent<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((index, notification, resources)) = &mut self.current {
                for resource in resources.by_ref() {
                    if let Resource::Call(call) = resource
                        && let Some(event) = event(*index, notification, call)
                    {
                        return Some(event);
                    }
                }
                self.current = None;
            }
            let (index, notification) = self.notifications.next()?;
            // Only notifications about the call itself: not its participants
            // or operations (or a URL that names no call; then the call's `id`
            // has to do).
            let url = notification
                .resource_url
                .as_deref()
                .or(notification.resource.as_deref());
            if url.is_some_and(|url| !names_call_itself(url)) {
                continue;
            }
            if let Some(data) = &notification.resource_data {
                self.current = Some((index, notification, data.iter()));
            }
        }
    }
}

fn event<'a>(
    notification_index: usize,
    notification: &'a CommsNotification,
    call: &'a Call,
) -> Option<CallEvent<'a>> {
    let state = call.state.as_ref();
    let kind = match &notification.change_type {
        Some(ChangeType::Deleted) => CallEventKind::Terminated,
        _ if state == Some(&CallState::Terminated) => CallEventKind::Terminated,
        Some(ChangeType::Created) if matches!(state, None | Some(CallState::Incoming)) => {
            CallEventKind::Incoming
        }
        // A tone notification repeats the state: it is not a change.
        _ if call.tone_info.is_some() => return None,
        _ if state.is_some() => CallEventKind::StateChanged,
        // An update without a state (media, roster details): not a state change.
        _ => return None,
    };
    Some(CallEvent {
        call_id: notification.call_id()?,
        kind,
        change_type: notification.change_type.as_ref(),
        state,
        result_info: call.result_info.as_ref(),
        call,
        notification_index,
    })
}
