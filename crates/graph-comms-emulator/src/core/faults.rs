//! The outbox: notifications waiting to be posted, bent by the
//! [`Faults`](crate::scenario::Faults) of their call.
//!
//! The faults have one home, the scenario module (their file format and
//! documented semantics); this outbox applies them. Each fault is
//! deterministic, so a test that sees one failure sees it again. Counts and
//! windows are per call, as the scenario format says.

use crate::scenario::{Faults, NotificationKind};
use graph_comms_models::CommsNotification;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug)]
struct Held {
    release: Duration,
    /// The order among notifications released at the same time: the
    /// creation order, or its reverse for a reordered window.
    rank: u64,
    call_id: String,
    value: Value,
    ends_call: bool,
}

/// The fault state of one call.
#[derive(Debug, Default)]
struct CallState {
    /// Notifications posted so far (for `duplicate.every`).
    posted: u64,
    /// When the open reorder window ends.
    reorder_until: Option<Duration>,
    /// When the open batch ends, and how many notifications it holds.
    batch: Option<(Duration, u32)>,
    /// Notifications of the `drop` fault's kind seen so far.
    drop_seen: u32,
}

/// Notifications waiting to be delivered.
#[derive(Debug)]
pub(crate) struct Outbox {
    faults: Faults,
    /// The faults of calls that have their own (a scenario's per-call faults).
    per_call: HashMap<String, Faults>,
    state: HashMap<String, CallState>,
    held: Vec<Held>,
    duplicates: Vec<(String, Vec<Value>, bool)>,
    seq: u64,
}

impl Outbox {
    pub(crate) fn new(faults: Faults) -> Outbox {
        Outbox {
            faults,
            per_call: HashMap::new(),
            state: HashMap::new(),
            held: Vec::new(),
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

    /// Queues a notification created at `now`, unless the `drop` fault
    /// drops it: then it returns the dropped notification's kind.
    pub(crate) fn push(
        &mut self,
        now: Duration,
        call_id: &str,
        item: CommsNotification,
        ends_call: bool,
    ) -> Option<NotificationKind> {
        self.seq += 1;
        let faults = self.faults_of(call_id).clone();
        let mut value = serde_json::to_value(&item).unwrap_or(Value::Null);
        if let Some(drop) = faults.drop
            && NotificationKind::of(&value) == Some(drop.kind)
        {
            let state = self.state.entry(call_id.to_owned()).or_default();
            state.drop_seen = state.drop_seen.saturating_add(1);
            if state.drop_seen == drop.nth {
                return Some(drop.kind);
            }
        }
        if faults.legacy_resource_only
            && let Value::Object(map) = &mut value
        {
            map.remove("resourceUrl");
        }
        if faults.pascal_case {
            pascal_case(&mut value);
        }
        let state = self.state.entry(call_id.to_owned()).or_default();
        let mut release = now;
        let mut rank = self.seq;
        if let Some(reorder) = faults.reorder {
            // Every notification due within the window of the first is held
            // to the window's end, then posted newest first.
            let until = match state.reorder_until {
                Some(until) if release <= until => until,
                _ => release + reorder.within,
            };
            state.reorder_until = Some(until);
            release = until;
            rank = u64::MAX - self.seq;
        }
        if let Some(batch) = faults.batch {
            // The first notification of a batch waits `within` for others;
            // those due by then join it, up to `upTo`.
            let (until, count) = match state.batch {
                Some((until, count)) if release <= until && count < batch.up_to => {
                    (until, count + 1)
                }
                _ => (release + batch.within, 1),
            };
            state.batch = Some((until, count));
            release = until;
        }
        release += faults.delay.unwrap_or_default();
        self.held.push(Held {
            release,
            rank,
            call_id: call_id.to_owned(),
            value,
            ends_call,
        });
        None
    }

    /// When the next held notification is due.
    pub(crate) fn next_release(&self) -> Option<Duration> {
        if !self.duplicates.is_empty() {
            return Some(Duration::ZERO);
        }
        self.held.iter().map(|h| h.release).min()
    }

    /// The index of the next held notification due at `now` (of `call_id`
    /// only, if given).
    fn next_due(&self, now: Duration, call_id: Option<&str>) -> Option<usize> {
        self.held
            .iter()
            .enumerate()
            .filter(|(_, h)| h.release <= now && call_id.is_none_or(|id| h.call_id == id))
            .min_by_key(|(_, h)| (h.release, h.rank))
            .map(|(i, _)| i)
    }

    /// The next delivery due at `now`: a call id, its notifications, and
    /// whether a late answer ends the call.
    pub(crate) fn poll(&mut self, now: Duration) -> Option<(String, Vec<Value>, bool)> {
        if let Some(copy) = self.duplicates.pop() {
            return Some(copy);
        }
        let first = self.next_due(now, None)?;
        let first = self.held.remove(first);
        let faults = self.faults_of(&first.call_id).clone();
        let mut items = vec![first.value];
        let mut ends_call = first.ends_call;
        if let Some(batch) = faults.batch {
            let limit = usize::try_from(batch.up_to).unwrap_or(usize::MAX);
            while items.len() < limit {
                let Some(next) = self.next_due(now, Some(&first.call_id)) else {
                    break;
                };
                let next = self.held.remove(next);
                ends_call |= next.ends_call;
                items.push(next.value);
            }
        }
        let state = self.state.entry(first.call_id.clone()).or_default();
        let before = state.posted;
        state.posted += items.len() as u64;
        if let Some(every) = faults
            .duplicate
            .map(|d| u64::from(d.every))
            .filter(|&n| n > 0)
            && state.posted / every > before / every
        {
            // The every-th notification is in this POST: the whole POST is
            // posted again (the same body, its own message id: whether a real
            // retry reuses the id is not documented). A repeat never ends the
            // call, whatever its answer.
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
    use crate::scenario::{Batch, Duplicate, Reorder};
    use graph_comms_models::ChangeType;

    fn item(name: &str) -> CommsNotification {
        let mut n = CommsNotification::default();
        n.change_type = Some(ChangeType::Updated);
        n.resource = Some(name.into());
        n.resource_url = Some("/communications/calls/a".into());
        n
    }

    fn names(items: &[Value]) -> Vec<&str> {
        items
            .iter()
            .map(|i| i["resource"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn reordering_holds_a_window_and_posts_it_newest_first() {
        let mut faults = Faults::none();
        faults.reorder = Some(Reorder::within(Duration::from_millis(100)));
        let mut outbox = Outbox::new(faults);
        outbox.push(Duration::ZERO, "a", item("first"), false);
        outbox.push(Duration::from_millis(50), "a", item("second"), false);
        outbox.push(Duration::from_millis(150), "a", item("third"), false);
        assert!(outbox.poll(Duration::from_millis(99)).is_none());
        assert_eq!(outbox.next_release(), Some(Duration::from_millis(100)));
        let (_, items, _) = outbox.poll(Duration::from_millis(100)).unwrap();
        assert_eq!(names(&items), ["second"]);
        let (_, items, _) = outbox.poll(Duration::from_millis(100)).unwrap();
        assert_eq!(names(&items), ["first"]);
        // The third fell after the window: a window of its own.
        assert_eq!(outbox.next_release(), Some(Duration::from_millis(250)));
    }

    #[test]
    fn batching_joins_up_to_n_within_the_window_and_duplicates_repeat_the_post() {
        let mut faults = Faults::none();
        let mut batch = Batch::up_to(2);
        batch.within = Duration::from_millis(500);
        faults.batch = Some(batch);
        faults.duplicate = Some(Duplicate::every(2));
        let mut outbox = Outbox::new(faults);
        for (ms, name) in [(10, "a"), (20, "b"), (30, "c")] {
            outbox.push(Duration::from_millis(ms), "a", item(name), false);
        }
        // Other calls batch on their own.
        outbox.push(Duration::from_millis(10), "other", item("x"), false);
        assert_eq!(outbox.next_release(), Some(Duration::from_millis(510)));
        let mut posts = Vec::new();
        while let Some((call, items, _)) = outbox.poll(Duration::from_secs(2)) {
            posts.push((call, names(&items).join(",")));
        }
        let posts: Vec<(&str, &str)> = posts
            .iter()
            .map(|(c, n)| (c.as_str(), n.as_str()))
            .collect();
        // "a,b" holds the 2nd notification of call a: posted twice; "c" (3rd)
        // is not; call "other" has posted one.
        assert_eq!(
            posts,
            [("a", "a,b"), ("a", "a,b"), ("other", "x"), ("a", "c")]
        );
    }

    #[test]
    fn the_drop_fault_drops_the_nth_of_its_kind_on_each_call() {
        use crate::scenario::{DropNotification, NotificationKind};
        let mut faults = Faults::none();
        faults.drop = Some(DropNotification::nth(NotificationKind::Call, 2));
        let mut outbox = Outbox::new(faults);
        let call = |name: &str| {
            let mut n = item(name);
            let mut data = graph_comms_models::Call::default();
            data.odata_type = Some(graph_comms_models::ODataType::Call);
            let data = graph_comms_models::Resource::Call(Box::new(data));
            n.resource_data = Some(graph_comms_models::ResourceData::One(data));
            n
        };
        let dropped: Vec<Option<NotificationKind>> =
            [("a", "1"), ("b", "1"), ("a", "2"), ("a", "3"), ("b", "2")]
                .into_iter()
                .map(|(id, name)| outbox.push(Duration::ZERO, id, call(name), false))
                .collect();
        let d = Some(NotificationKind::Call);
        assert_eq!(dropped, [None, None, d, None, d], "the second of each call");
        // Notifications of another kind are not counted.
        assert_eq!(outbox.push(Duration::ZERO, "c", item("x"), false), None);
        let mut posted = Vec::new();
        while let Some((id, items, _)) = outbox.poll(Duration::ZERO) {
            posted.push(format!("{id}{}", names(&items).join("")));
        }
        posted.sort();
        assert_eq!(posted, ["a1", "a3", "b1", "cx"]);
    }

    #[test]
    fn delay_pascal_case_and_legacy_shape() {
        let mut faults = Faults::none();
        faults.delay = Some(Duration::from_millis(200));
        faults.pascal_case = true;
        faults.legacy_resource_only = true;
        let mut outbox = Outbox::new(faults);
        let mut n = item("r");
        n.odata_type = Some(graph_comms_models::ODataType::CommsNotification);
        outbox.push(Duration::ZERO, "a", n, false);
        assert!(outbox.poll(Duration::from_millis(199)).is_none());
        let (_, items, _) = outbox.poll(Duration::from_millis(200)).unwrap();
        assert_eq!(items[0]["changeType"], "Updated");
        assert_eq!(
            items[0]["@odata.type"],
            "#Microsoft.Graph.CommsNotification"
        );
        assert!(items[0].get("resourceUrl").is_none());
    }
}
