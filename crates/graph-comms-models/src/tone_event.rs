//! Tone events: the key presses of a batch of notifications.

use crate::{CommsNotification, ReadError, Resource, Tone};
use std::fmt;

/// One key press, taken from a tone notification.
///
/// `Debug` shows the call id and the sequence id, never the tone: it is
/// derived, and [`Tone`]'s own `Debug` is redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ToneEvent<'a> {
    /// The call the key was pressed in (from the notification's `resourceUrl`).
    pub call_id: &'a str,
    /// The sequence id of the event: increasing, for ordering and deduplication.
    pub sequence_id: i64,
    /// The key.
    pub tone: Tone,
    /// The position of the notification in the batch.
    pub notification_index: usize,
}

/// A tone event that could not be taken from a notification.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ToneEventError {
    /// A resource of the notification could not be read (it may or may not
    /// have been a tone).
    UnreadableResource {
        /// The position of the notification in the batch.
        notification_index: usize,
        /// Why it could not be read.
        error: ReadError,
    },
    /// A call with `toneInfo` but no `sequenceId`.
    MissingSequenceId {
        /// The position of the notification in the batch.
        notification_index: usize,
    },
    /// A call with `toneInfo` but no `tone`.
    MissingTone {
        /// The position of the notification in the batch.
        notification_index: usize,
    },
    /// A call with `toneInfo`, but neither `resourceUrl`, `resource` nor the
    /// call's `id` names the call.
    MissingCallId {
        /// The position of the notification in the batch.
        notification_index: usize,
    },
}

impl ToneEventError {
    /// The position of the notification in the batch.
    pub fn notification_index(&self) -> usize {
        match self {
            ToneEventError::UnreadableResource {
                notification_index, ..
            }
            | ToneEventError::MissingSequenceId { notification_index }
            | ToneEventError::MissingTone { notification_index }
            | ToneEventError::MissingCallId { notification_index } => *notification_index,
        }
    }
}

impl fmt::Display for ToneEventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToneEventError::UnreadableResource {
                notification_index,
                error,
            } => write!(
                f,
                "notification {notification_index}: a resource could not be read: {error}"
            ),
            ToneEventError::MissingSequenceId { notification_index } => write!(
                f,
                "notification {notification_index}: toneInfo has no sequenceId"
            ),
            ToneEventError::MissingTone { notification_index } => {
                write!(f, "notification {notification_index}: toneInfo has no tone")
            }
            ToneEventError::MissingCallId { notification_index } => write!(
                f,
                "notification {notification_index}: a tone event names no call \
                 (no resourceUrl, resource or call id)"
            ),
        }
    }
}

impl std::error::Error for ToneEventError {}

/// The iterator of [`crate::CommsNotifications::tone_events`].
#[derive(Debug, Clone)]
pub struct ToneEvents<'a> {
    notifications: std::iter::Enumerate<std::slice::Iter<'a, CommsNotification>>,
    current: Option<(usize, &'a CommsNotification, std::slice::Iter<'a, Resource>)>,
}

impl<'a> ToneEvents<'a> {
    pub(crate) fn new(notifications: &'a [CommsNotification]) -> Self {
        ToneEvents {
            notifications: notifications.iter().enumerate(),
            current: None,
        }
    }
}

impl<'a> Iterator for ToneEvents<'a> {
    type Item = Result<ToneEvent<'a>, ToneEventError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((index, notification, resources)) = &mut self.current {
                let index = *index;
                for resource in resources.by_ref() {
                    match resource {
                        Resource::Call(call) => {
                            if let Some(info) = &call.tone_info {
                                return Some(event(index, notification, info));
                            }
                        }
                        Resource::Invalid(invalid) => {
                            return Some(Err(ToneEventError::UnreadableResource {
                                notification_index: index,
                                error: invalid.error.clone(),
                            }));
                        }
                        _ => {}
                    }
                }
                self.current = None;
            }
            let (index, notification) = self.notifications.next()?;
            if let Some(data) = &notification.resource_data {
                self.current = Some((index, notification, data.iter()));
            }
        }
    }
}

fn event<'a>(
    notification_index: usize,
    notification: &'a CommsNotification,
    info: &'a crate::ToneInfo,
) -> Result<ToneEvent<'a>, ToneEventError> {
    let sequence_id = info
        .sequence_id
        .ok_or(ToneEventError::MissingSequenceId { notification_index })?;
    let tone = info
        .tone
        .clone()
        .ok_or(ToneEventError::MissingTone { notification_index })?;
    let call_id = notification
        .call_id()
        .ok_or(ToneEventError::MissingCallId { notification_index })?;
    Ok(ToneEvent {
        call_id,
        sequence_id,
        tone,
        notification_index,
    })
}
