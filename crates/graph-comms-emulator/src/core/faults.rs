//! Faults on the notification path, and the outbox that applies them.
//!
//! Each fault is deterministic, so a test that sees one failure sees it
//! again: reordering holds back every other notification by the window,
//! batching delivers what falls into one window in one POST, duplication
//! posts every delivery twice.

use graph_comms_models::CommsNotification;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// The faults the emulator applies to notifications (all off by default).
///
/// ```
/// use graph_comms_emulator::Faults;
/// use std::time::Duration;
///
/// let mut faults = Faults::default(); // non-exhaustive: set the fields
/// faults.duplicate_every = Some(2);
/// faults.batch_window = Some(Duration::from_millis(500));
/// assert!(!faults.pascal_case);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Faults {
    /// Post every n-th delivery twice (`Some(1)`: every one; the same body,
    /// each POST with its own message id, since whether a retry reuses it is
    /// not documented).
    pub duplicate_every: Option<u32>,
    /// Hold back every other notification by this long, so that it arrives
    /// after the ones sent within the window ("may arrive out of order", the
    /// create-call docs).
    pub reorder_window: Option<Duration>,
    /// Deliver the notifications of one call that fall into one window of
    /// this length in one POST (a batch; "a single POST may batch several").
    pub batch_window: Option<Duration>,
    /// The most notifications in one batch (0 or 1: no limit beyond the window).
    pub batch_max: usize,
    /// Delay every notification by this long.
    pub delay: Duration,
    /// Write enum values and `@odata.type`s in PascalCase (`"Updated"`,
    /// `"#Microsoft.Graph.Call"`), as SDK-re-serialised traffic shows
    /// (MicrosoftDocs/msteams-docs#9170).
    pub pascal_case: bool,
    /// Send the legacy shape: `resource` only, no `resourceUrl`.
    pub legacy_resource_only: bool,
}

#[derive(Debug)]
struct Held {
    release: Duration,
    seq: u64,
    call_id: String,
    value: Value,
    ends_call: bool,
}

/// Notifications waiting to be delivered.
#[derive(Debug)]
pub(crate) struct Outbox {
    faults: Faults,
    /// The faults of calls that have their own (a scenario's per-call faults).
    per_call: HashMap<String, Faults>,
    held: Vec<Held>,
    deliveries: u64,
    duplicates: Vec<(String, Vec<Value>, bool)>,
    seq: u64,
}

impl Outbox {
    pub(crate) fn new(faults: Faults) -> Outbox {
        Outbox {
            faults,
            per_call: HashMap::new(),
            held: Vec::new(),
            deliveries: 0,
            duplicates: Vec::new(),
            seq: 0,
        }
    }

    /// Gives one call faults of its own.
    pub(crate) fn set_call_faults(&mut self, call_id: &str, faults: Faults) {
        self.per_call.insert(call_id.to_owned(), faults);
    }

    fn faults_of(&self, call_id: &str) -> &Faults {
        self.per_call.get(call_id).unwrap_or(&self.faults)
    }

    /// Queues a notification created at `now`.
    pub(crate) fn push(
        &mut self,
        now: Duration,
        call_id: &str,
        item: CommsNotification,
        ends_call: bool,
    ) {
        self.seq += 1;
        let faults = self.faults_of(call_id).clone();
        let mut value = serde_json::to_value(&item).unwrap_or(Value::Null);
        if faults.legacy_resource_only
            && let Value::Object(map) = &mut value
        {
            map.remove("resourceUrl");
        }
        if faults.pascal_case {
            pascal_case(&mut value);
        }
        let mut release = now + faults.delay;
        if let Some(window) = faults.reorder_window
            && self.seq % 2 == 1
        {
            release += window;
        }
        if let Some(window) = faults.batch_window.filter(|w| !w.is_zero()) {
            let n = release.as_nanos().div_ceil(window.as_nanos());
            release = window * u32::try_from(n).unwrap_or(u32::MAX);
        }
        self.held.push(Held {
            release,
            seq: self.seq,
            call_id: call_id.to_owned(),
            value,
            ends_call,
        });
    }

    /// When the next held notification is due.
    pub(crate) fn next_release(&self) -> Option<Duration> {
        if !self.duplicates.is_empty() {
            return Some(Duration::ZERO);
        }
        self.held.iter().map(|h| h.release).min()
    }

    /// The next delivery due at `now`: a call id, its notifications, and
    /// whether a late answer ends the call.
    pub(crate) fn poll(&mut self, now: Duration) -> Option<(String, Vec<Value>, bool)> {
        if let Some(copy) = self.duplicates.pop() {
            return Some(copy);
        }
        let first = self
            .held
            .iter()
            .enumerate()
            .filter(|(_, h)| h.release <= now)
            .min_by_key(|(_, h)| (h.release, h.seq))
            .map(|(i, _)| i)?;
        let first = self.held.remove(first);
        let faults = self.faults_of(&first.call_id).clone();
        let mut items = vec![first.value];
        let mut ends_call = first.ends_call;
        if faults.batch_window.is_some() {
            let limit = if faults.batch_max <= 1 {
                usize::MAX
            } else {
                faults.batch_max
            };
            loop {
                if items.len() >= limit {
                    break;
                }
                let next = self
                    .held
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| h.release <= now && h.call_id == first.call_id)
                    .min_by_key(|(_, h)| (h.release, h.seq))
                    .map(|(i, _)| i);
                let Some(next) = next else { break };
                let next = self.held.remove(next);
                ends_call |= next.ends_call;
                items.push(next.value);
            }
        }
        self.deliveries += 1;
        if let Some(every) = faults.duplicate_every.filter(|&n| n > 0)
            && self.deliveries.is_multiple_of(u64::from(every))
        {
            self.duplicates
                .push((first.call_id.clone(), items.clone(), false));
        }
        Some((first.call_id, items, ends_call))
    }

    /// An `@odata.type` as the faults write it.
    pub(crate) fn odata_type(&self, call_id: &str, name: &str) -> String {
        if self.faults_of(call_id).pascal_case {
            pascal_type(name)
        } else {
            name.to_owned()
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn pascal_type(name: &str) -> String {
    let body = name.strip_prefix('#').unwrap_or(name);
    let parts: Vec<String> = body.split('.').map(capitalize).collect();
    format!("#{}", parts.join("."))
}

/// The members whose string values are enum values.
const ENUM_MEMBERS: &[&str] = &[
    "changeType",
    "state",
    "direction",
    "status",
    "completionReason",
    "tone",
];

fn pascal_case(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                match member {
                    Value::String(text) if key == "@odata.type" => *text = pascal_type(text),
                    Value::String(text) if ENUM_MEMBERS.contains(&key.as_str()) => {
                        *text = capitalize(text);
                    }
                    other => pascal_case(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(pascal_case),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use graph_comms_models::ChangeType;

    fn item() -> CommsNotification {
        let mut n = CommsNotification::default();
        n.change_type = Some(ChangeType::Updated);
        n.resource_url = Some("/communications/calls/a".into());
        n
    }

    #[test]
    fn reordering_holds_back_every_other_notification() {
        let faults = Faults {
            reorder_window: Some(Duration::from_millis(100)),
            ..Faults::default()
        };
        let mut outbox = Outbox::new(faults);
        let mut first = item();
        first.resource = Some("first".into());
        outbox.push(Duration::ZERO, "a", first, false);
        outbox.push(Duration::ZERO, "a", item(), false);
        let (_, items, _) = outbox.poll(Duration::ZERO).unwrap();
        assert!(items[0].get("resource").is_none(), "the second comes first");
        assert!(outbox.poll(Duration::ZERO).is_none());
        assert_eq!(outbox.next_release(), Some(Duration::from_millis(100)));
        let (_, items, _) = outbox.poll(Duration::from_millis(100)).unwrap();
        assert_eq!(items[0]["resource"], "first");
    }

    #[test]
    fn batching_puts_one_window_into_one_post_and_duplicates_repeat_it() {
        let faults = Faults {
            batch_window: Some(Duration::from_millis(500)),
            duplicate_every: Some(1),
            ..Faults::default()
        };
        let mut outbox = Outbox::new(faults);
        outbox.push(Duration::from_millis(10), "a", item(), false);
        outbox.push(Duration::from_millis(20), "a", item(), false);
        assert_eq!(outbox.next_release(), Some(Duration::from_millis(500)));
        let (_, items, _) = outbox.poll(Duration::from_millis(500)).unwrap();
        assert_eq!(items.len(), 2);
        let (_, again, _) = outbox.poll(Duration::from_millis(500)).unwrap();
        assert_eq!(again, items);
        assert!(outbox.poll(Duration::from_millis(500)).is_none());
    }

    #[test]
    fn pascal_case_and_legacy_shape_rewrite_the_body() {
        let faults = Faults {
            pascal_case: true,
            legacy_resource_only: true,
            ..Faults::default()
        };
        let mut outbox = Outbox::new(faults);
        let mut n = item();
        n.odata_type = Some(graph_comms_models::ODataType::CommsNotification);
        outbox.push(Duration::ZERO, "a", n, false);
        let (_, items, _) = outbox.poll(Duration::ZERO).unwrap();
        assert_eq!(items[0]["changeType"], "Updated");
        assert_eq!(
            items[0]["@odata.type"],
            "#Microsoft.Graph.CommsNotification"
        );
        assert!(items[0].get("resourceUrl").is_none());
    }
}
