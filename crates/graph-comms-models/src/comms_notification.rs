//! `microsoft.graph.commsNotification` and `microsoft.graph.commsNotifications`:
//! what the service posts to the bot's callback URL.

use crate::error::{from_value_at, locate_error, parse};
use crate::macros::{read_vec_in_place, wire_struct};
use crate::{
    CallEvents, ChangeType, OperationEvents, ReadError, ReadErrorKind, ResourceData, ToneEvents,
};
use graph_comms_core::{call_id_in_path, push_json_member};
use serde_json::Value;

wire_struct! {
    /// One notification (`microsoft.graph.commsNotification`, an open type).
    ///
    /// `resourceData` is not declared by the Graph metadata but always sent: one
    /// entity or an array of them. The legacy key `resource` (old beta; real
    /// captures carry it beside `resourceUrl`) is read too.
    pub struct CommsNotification : "microsoft.graph.commsNotification" {
        /// What happened: `created`, `updated` or `deleted`.
        "changeType" => pub change_type: Option<ChangeType>;
        /// URI of the resource that was changed, such as
        /// `/communications/calls/{id}`.
        "resourceUrl" => pub resource_url: Option<String>;
        /// The legacy name of `resourceUrl`, often with an `/app/calls/…` path.
        "resource" => pub resource: Option<String>;
        /// The entity or entities the notification is about.
        "resourceData" => pub resource_data: Option<ResourceData>;
    }
}

impl CommsNotification {
    /// The id of the call this notification is about: the call id of
    /// `resourceUrl`, else of `resource`, by the rule of
    /// [`graph_comms_core::call_id_in_path`] (`/communications/calls/{id}`,
    /// `/app/calls/{id}`, …), else the `id` of a call in `resourceData`
    /// (which is sometimes `null`, so it comes last). The id is returned as
    /// it appears, not percent-decoded.
    ///
    /// ```
    /// use graph_comms_models::CommsNotification;
    ///
    /// let n: CommsNotification = serde_json::from_str(
    ///     r#"{"resource": "/app/calls/761f0600-1f00-4a1f-a36b-0e3a1e4b7b8a",
    ///         "resourceUrl": "/communications/calls/761f0600-1f00-4a1f-a36b-0e3a1e4b7b8a/participants"}"#,
    /// ).unwrap();
    /// assert_eq!(n.call_id(), Some("761f0600-1f00-4a1f-a36b-0e3a1e4b7b8a"));
    /// ```
    pub fn call_id(&self) -> Option<&str> {
        self.resource_url
            .as_deref()
            .and_then(call_id_in_path)
            .or_else(|| self.resource.as_deref().and_then(call_id_in_path))
            .or_else(|| {
                self.resource_data
                    .iter()
                    .flatten()
                    .find_map(|r| r.as_call().and_then(|call| call.id.as_deref()))
            })
    }
}

wire_struct! {
    /// A batch of notifications (`microsoft.graph.commsNotifications`): the body
    /// the service posts to the bot's callback URL.
    ///
    /// Read a callback body with [`CommsNotifications::from_slice`]: one
    /// malformed or unknown resource does not cost the rest of the batch. Then
    /// [`CommsNotifications::tone_events`] gives the key presses.
    ///
    /// ```
    /// use graph_comms_models::{CommsNotifications, Tone};
    ///
    /// let body = br##"{
    ///   "@odata.type": "#microsoft.graph.commsNotifications",
    ///   "value": [{
    ///     "@odata.type": "#microsoft.graph.commsNotification",
    ///     "changeType": "updated",
    ///     "resourceUrl": "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
    ///     "resourceData": {
    ///       "@odata.type": "#microsoft.graph.call",
    ///       "state": "established",
    ///       "toneInfo": {"@odata.type": "#microsoft.graph.toneInfo", "sequenceId": 1, "tone": "tone1"}
    ///     }
    ///   }]
    /// }"##;
    /// let batch = CommsNotifications::from_slice(body)?;
    /// let events: Vec<_> = batch.tone_events().collect::<Result<_, _>>()?;
    /// assert_eq!(events.len(), 1);
    /// assert_eq!(events[0].call_id, "57dab8b1-894c-409a-b240-bd8beae78896");
    /// assert_eq!((events[0].sequence_id, &events[0].tone), (1, &Tone::Tone1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct CommsNotifications : "microsoft.graph.commsNotifications" {
        /// The notifications of the batch, in the order they were sent.
        #[cfg_attr(feature = "schemars", schemars(with = "Option<Vec<CommsNotification>>"))]
        "value" => pub value: Vec<CommsNotification>, read_with = read_vec_in_place;
    }
}

impl CommsNotifications {
    /// Reads a callback body.
    ///
    /// Invalid JSON, or a document that is not a commsNotifications object (or
    /// whose notifications are not objects of the right shape), is an error
    /// with its JSON path, line and column. A resource in `resourceData` that
    /// cannot be read is not: it becomes [`crate::Resource::Invalid`], carrying
    /// its own error, and the other notifications are read as usual.
    ///
    /// A leading UTF-8 byte-order mark is skipped. Bytes are read as UTF-8
    /// whatever charset a `Content-Type` header claims.
    pub fn from_slice(bytes: &[u8]) -> Result<CommsNotifications, ReadError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        // The fast path: one typed pass over the bytes.
        let first = match parse::<CommsNotifications>(bytes) {
            Ok(batch) => return Ok(batch),
            Err(err) => err,
        };
        if first.classify() != serde_json::error::Category::Data {
            return Err(locate_error::<CommsNotifications>(bytes));
        }
        // Some value has the wrong shape: read the document as JSON and then
        // each resource on its own, so that one bad resource stays one error.
        let root: Value = match parse(bytes) {
            Ok(root) => root,
            Err(_) => return Err(locate_error::<Value>(bytes)),
        };
        Self::from_value(root).map_err(|err| {
            // Prefer the located error when the problem is not inside a resource.
            if err.line().is_none() {
                let located = locate_error::<CommsNotifications>(bytes);
                if located.path() == err.path() {
                    return located;
                }
            }
            err
        })
    }

    /// Reads a batch from a parsed JSON value, with the same per-resource
    /// leniency as [`CommsNotifications::from_slice`].
    pub fn from_value(root: Value) -> Result<CommsNotifications, ReadError> {
        let Value::Object(mut members) = root else {
            return Err(ReadError::new(
                ReadErrorKind::Data,
                "$",
                "invalid type: expected a commsNotifications object",
            ));
        };
        let items = members.remove("value");
        let mut batch: CommsNotifications = from_value_at(&Value::Object(members), "$")?;
        match items {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                batch.value.reserve(items.len());
                for (index, item) in items.into_iter().enumerate() {
                    let path = format!("$.value[{index}]");
                    batch.value.push(read_notification(item, &path)?);
                }
            }
            Some(_) => {
                return Err(ReadError::new(
                    ReadErrorKind::Data,
                    "$.value",
                    "invalid type: expected an array of commsNotification objects",
                ));
            }
        }
        Ok(batch)
    }

    /// The key presses of this batch, in order: for each notification whose
    /// resource is a call with `toneInfo`, the call id, the sequence id and the
    /// tone. Other resources (participants, operations, unknown types) are
    /// skipped. A resource that could not be read, or a tone event that lacks
    /// its call id, sequence id or tone, is an `Err` item; the iteration goes on.
    ///
    /// Deduplication and ordering are the caller's job (see the
    /// `graph-comms-dtmf` crate): the service delivers at least once and not
    /// always in order.
    pub fn tone_events(&self) -> ToneEvents<'_> {
        ToneEvents::new(&self.value)
    }

    /// How the operations of this batch ended: one [`crate::OperationEvent`]
    /// per finished operation, in order, whether it came as a `deleted`
    /// notification on `…/operations/{id}` (the usual final result) or as a
    /// notification whose operation has a terminal status (`completed`,
    /// `failed`). Running operations and other resources are skipped.
    ///
    /// Within one batch an operation is reported once (the first
    /// notification about it wins; call and operation ids are compared ASCII
    /// case-insensitively, as they appear: ids are opaque, so the upper-case
    /// hex without dashes of some callback URLs is not matched with the
    /// dashed form of another notification). Across batches the service
    /// delivers at least once: de-duplication is the caller's job. A
    /// resource that should have been an operation but could not be read,
    /// or a finished operation that names no call or no id, is an `Err`
    /// item; the iteration goes on.
    ///
    /// Allocates nothing for batches with up to 8 finished operations (one
    /// hash set beyond that, for the de-duplication).
    pub fn operation_events(&self) -> OperationEvents<'_> {
        OperationEvents::new(&self.value)
    }

    /// What happened to the calls of this batch: incoming calls, state
    /// changes and ends (with their `resultInfo`), in order, from the
    /// notifications whose resource is a call itself (not its participants
    /// or operations). Tone notifications, and updates without a state, are
    /// not state changes and are skipped, as is a call change that names no
    /// call. Allocates nothing.
    pub fn call_events(&self) -> CallEvents<'_> {
        CallEvents::new(&self.value)
    }
}

fn read_notification(item: Value, path: &str) -> Result<CommsNotification, ReadError> {
    let Value::Object(mut members) = item else {
        return Err(ReadError::new(
            ReadErrorKind::Data,
            path,
            "invalid type: expected a commsNotification object",
        ));
    };
    let data = members.remove("resourceData");
    let mut notification: CommsNotification = from_value_at(&Value::Object(members), path)?;
    notification.resource_data = match data {
        None | Some(Value::Null) => None,
        Some(data) => {
            let mut data_path = path.to_owned();
            push_json_member(&mut data_path, "resourceData");
            Some(ResourceData::from_value_at(data, &data_path))
        }
    };
    Ok(notification)
}
