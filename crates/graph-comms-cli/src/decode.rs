//! `graph-comms decode`: the tones, operation outcomes and call events of a
//! callback body, as the models read them.

use crate::output::{self, DIM, EMPHASIS, ERROR, JsonError, Line, OK, WARNING};
use graph_comms_models::{
    CallEvent, CallEventKind, CommsNotifications, OperationEvent, OperationOutcome, ReadError,
    ReadErrorKind, ResultCode, ResultInfo, Tone,
};
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};

/// What a callback body contained.
///
/// Serialises as the CLI's JSON: `{"notifications": N, "tones": [{"callId",
/// "sequenceId", "tone"}], "operations": [...], "callEvents": [...],
/// "errors": [{"index", "message"}]}`, `tone` as its wire name. `Debug` does
/// not show the tones.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecodeReport {
    /// How many notifications the body has (tones or not).
    pub notifications: usize,
    /// The tone events, in input order.
    pub tones: Vec<DecodedTone>,
    /// The finished operations (one per operation), in input order.
    pub operations: Vec<DecodedOperation>,
    /// The call events (incoming, state changes, ends), in input order.
    pub call_events: Vec<DecodedCallEvent>,
    /// The notifications whose tone or operation event could not be taken,
    /// in input order (one per notification).
    pub errors: Vec<ItemError>,
}

/// One key press.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecodedTone {
    /// The call (from the notification's `resourceUrl`).
    pub call_id: String,
    /// The sequence id.
    pub sequence_id: i64,
    /// The key: redacted in `Debug`, its wire name in JSON.
    pub tone: Tone,
    /// The position of the notification in the batch.
    #[serde(skip)]
    pub index: usize,
}

/// How one operation ended ([`OperationEvent`]): the JSON object
/// `{"callId", "operationId", "type", "status", "completionReason",
/// "resultInfo", "clientContext"}`, each absent value `null`. What the
/// operation carries beside (a recording's location and its access token, a
/// credential) is not taken.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecodedOperation {
    /// The call the operation ran on.
    pub call_id: String,
    /// The operation id, as the notification spells it.
    pub operation_id: String,
    /// The `@odata.type` without `#microsoft.graph.` (`playPromptOperation`).
    #[serde(rename = "type")]
    pub operation_type: Option<String>,
    /// The status's wire name, as sent (`completed`, `failed`, or another).
    pub status: Option<String>,
    /// The completion reason's wire name.
    pub completion_reason: Option<String>,
    /// The result information: code, subcode (numbers or strings, as sent)
    /// and message.
    pub result_info: Option<DecodedResultInfo>,
    /// The client context given with the request.
    pub client_context: Option<String>,
    /// How it ended, as the models judge it (human output only: the JSON
    /// gives the facts it is judged on).
    #[serde(skip)]
    pub outcome: OperationOutcome,
    /// The position of the notification in the batch.
    #[serde(skip)]
    pub index: usize,
}

/// A change of a call ([`CallEvent`]): the JSON object `{"callId",
/// "changeType", "state", "resultInfo"}`, each absent value `null`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DecodedCallEvent {
    /// The call.
    pub call_id: String,
    /// The notification's change type, as sent (`created`, `updated`,
    /// `deleted`, or another).
    pub change_type: Option<String>,
    /// The call's state, as sent.
    pub state: Option<String>,
    /// Why the call ended (or other result information).
    pub result_info: Option<DecodedResultInfo>,
    /// What happened (human output only).
    #[serde(skip)]
    pub kind: CallEventKind,
    /// The position of the notification in the batch.
    #[serde(skip)]
    pub index: usize,
}

/// A `resultInfo`: `{"code", "subcode", "message"}`, `code` and `subcode`
/// as the service sent them (a number, or a string as in the `call: delete`
/// docs example), absent ones `null`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DecodedResultInfo {
    /// The code.
    pub code: Option<ResultCode>,
    /// The sub-code.
    pub subcode: Option<ResultCode>,
    /// The message.
    pub message: Option<String>,
}

impl From<&ResultInfo> for DecodedResultInfo {
    fn from(info: &ResultInfo) -> Self {
        DecodedResultInfo {
            code: info.code.clone(),
            subcode: info.subcode.clone(),
            message: info.message.clone(),
        }
    }
}

impl From<&OperationEvent<'_>> for DecodedOperation {
    fn from(event: &OperationEvent<'_>) -> Self {
        DecodedOperation {
            call_id: event.call_id.to_owned(),
            operation_id: event.operation_id.to_owned(),
            operation_type: event.operation_type.map(str::to_owned),
            status: event.status.map(|s| s.as_str().to_owned()),
            completion_reason: event.completion_reason.map(str::to_owned),
            result_info: event.result_info.map(DecodedResultInfo::from),
            client_context: event.client_context.map(str::to_owned),
            outcome: event.outcome,
            index: event.notification_index,
        }
    }
}

impl From<&CallEvent<'_>> for DecodedCallEvent {
    fn from(event: &CallEvent<'_>) -> Self {
        DecodedCallEvent {
            call_id: event.call_id.to_owned(),
            change_type: event.change_type.map(|c| c.as_str().to_owned()),
            state: event.state.map(|s| s.as_str().to_owned()),
            result_info: event.result_info.map(DecodedResultInfo::from),
            kind: event.kind,
            index: event.notification_index,
        }
    }
}

/// A notification that is in the batch but could not give its tone or
/// operation event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ItemError {
    /// Its position in `value` (from 0).
    pub index: usize,
    /// What is wrong (never quotes a tone).
    pub message: String,
}

/// Reads a callback body with
/// [`CommsNotifications::from_slice`](graph_comms_models::CommsNotifications::from_slice)
/// and lists its [`tone_events`](graph_comms_models::CommsNotifications::tone_events),
/// [`operation_events`](graph_comms_models::CommsNotifications::operation_events)
/// and [`call_events`](graph_comms_models::CommsNotifications::call_events).
///
/// # Errors
///
/// The body is not JSON or not a commsNotifications document: the models'
/// [`ReadError`], with its JSON path, line and column. JSON of another shape
/// (a notification without its batch, a request body, PascalCase property
/// names) is refused too, saying what it looks like. A single notification
/// that cannot be read is not an error: it is in [`DecodeReport::errors`].
pub fn decode(body: &[u8]) -> Result<DecodeReport, ReadError> {
    let batch = read_batch(body)?;
    let mut report = DecodeReport {
        notifications: batch.value.len(),
        ..DecodeReport::default()
    };
    for event in batch.tone_events() {
        match event {
            Ok(event) => report.tones.push(DecodedTone {
                call_id: event.call_id.to_owned(),
                sequence_id: event.sequence_id,
                tone: event.tone,
                index: event.notification_index,
            }),
            Err(err) => report.errors.push(ItemError {
                index: err.notification_index(),
                message: err.to_string(),
            }),
        }
    }
    let tone_errors = report.errors.len();
    for event in batch.operation_events() {
        match event {
            Ok(event) => report.operations.push(DecodedOperation::from(&event)),
            // A notification that could give neither a tone nor an operation
            // is reported once, by the tone error.
            Err(err) => {
                let index = err.notification_index();
                if !report.errors[..tone_errors]
                    .iter()
                    .any(|item| item.index == index)
                {
                    report.errors.push(ItemError {
                        index,
                        message: err.to_string(),
                    });
                }
            }
        }
    }
    report.errors.sort_by_key(|item| item.index); // stable: input order
    report.call_events = batch
        .call_events()
        .map(|e| DecodedCallEvent::from(&e))
        .collect();
    Ok(report)
}

/// Reads a callback body as the models do, and refuses one that is JSON of
/// another shape, which the models (liberal in what they read) would take
/// as a batch of no notifications: a single notification without its
/// `{"value": [...]}`, a request body, a call, PascalCase property names.
/// The error says what the body looks like and what to do.
pub(crate) fn read_batch(body: &[u8]) -> Result<CommsNotifications, ReadError> {
    if body
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(body)
        .trim_ascii()
        .is_empty()
    {
        // serde_json's "EOF while parsing a value" does not say that nothing came.
        return Err(ReadError::new(
            ReadErrorKind::Eof,
            "$",
            "the body is empty: a callback body is {\"value\": [notification, ...]}; \
             check that the file was saved, or that something was piped into stdin",
        ));
    }
    let batch = CommsNotifications::from_slice(body)?;
    let suspicious = batch.value.is_empty()
        || batch.value.iter().any(|notification| {
            notification.resource_url.is_none()
                && notification.resource.is_none()
                && notification.resource_data.is_none()
        });
    if suspicious {
        // The rare case only: a second read, as a tree.
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        if let Some(err) = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|tree| wrong_shape(&tree))
        {
            return Err(err);
        }
    }
    Ok(batch)
}

/// The keys of a notification, to recognise one and its miscased spellings.
const NOTIFICATION_KEYS: &[&str] = &["resourceUrl", "resourceData", "resource", "changeType"];

/// Why `tree` (the root of a body the models read as a batch) is not a
/// commsNotifications batch, if it is not. Names only keys the models know,
/// never a value of the input.
fn wrong_shape(tree: &Value) -> Option<ReadError> {
    let refuse =
        |path: String, message: String| Some(ReadError::new(ReadErrorKind::Data, path, message));
    let Value::Object(root) = tree else {
        return None;
    };
    if !root.contains_key("value") {
        let has = |key: &str| root.contains_key(key);
        let miscased = |known: &str| {
            root.keys()
                .find(|key| key.as_str() != known && key.eq_ignore_ascii_case(known))
                .cloned()
        };
        let message = if let Some(key) = miscased("value") {
            format!(
                "the body has `{key}` where a commsNotifications body has `value`: property \
                 names are case-sensitive, so rename it to `value`"
            )
        } else if NOTIFICATION_KEYS.iter().any(|key| has(key)) {
            "the body is a single notification (it has resourceUrl, resourceData or \
             changeType), not a batch: wrap it as {\"value\": [ ...the notification... ]}"
                .to_owned()
        } else if has("clientContext") {
            "the body is a subscribeToTone request (it has clientContext), not a callback: \
             check it with `graph-comms check --body FILE`"
                .to_owned()
        } else if has("toneInfo") || has("state") || has("mediaConfig") || has("callbackUri") {
            "the body is a call (the resourceData of a notification), not a callback body: \
             a callback body is {\"value\": [{\"resourceUrl\": ..., \"resourceData\": the call}]}"
                .to_owned()
        } else if has("error") {
            "the body is a Graph error response ({\"error\": ...}), not a callback body".to_owned()
        } else if has("status") {
            "the body is an operation (the response to a request), not a callback body".to_owned()
        } else {
            "the body has no `value` array: a callback body is {\"value\": [notification, \
             ...]} (property names are case-sensitive)"
                .to_owned()
        };
        return refuse("$".to_owned(), message);
    }
    let items = root.get("value")?.as_array()?;
    for (index, item) in items.iter().enumerate() {
        let Value::Object(item) = item else { continue };
        if NOTIFICATION_KEYS.iter().any(|key| item.contains_key(*key)) {
            continue;
        }
        let miscased = item.keys().find_map(|key| {
            NOTIFICATION_KEYS
                .iter()
                .find(|known| key.eq_ignore_ascii_case(known))
                .map(|known| (key, known))
        });
        let message = match miscased {
            Some((key, known)) => format!(
                "notification {index} has `{key}` where a notification has `{known}`: \
                 property names are case-sensitive, so rename it to `{known}`"
            ),
            None => format!(
                "notification {index} has none of resourceUrl, resourceData, resource or \
                 changeType, so it is not a notification (property names are case-sensitive)"
            ),
        };
        return refuse(format!("$.value[{index}]"), message);
    }
    None
}

/// Human output for one body: a summary line, then one line per tone,
/// finished operation and call event on stdout, in input order (every value
/// from the input made safe for a terminal, an unknown tone quoted and
/// marked); the notifications that could not be read as warnings on stderr.
pub(crate) fn render(
    out: &mut dyn Write,
    err: &mut dyn Write,
    source: &str,
    report: &DecodeReport,
) -> io::Result<()> {
    let mut summary = format!(
        ": {}, {}",
        output::count(report.notifications, "notification", "notifications"),
        output::count(report.tones.len(), "tone", "tones"),
    );
    // Only when there are some: a tone callback reads as it always has.
    if !report.operations.is_empty() {
        summary += &format!(
            ", {}",
            output::count(report.operations.len(), "operation", "operations")
        );
    }
    if !report.call_events.is_empty() {
        summary += &format!(
            ", {}",
            output::count(report.call_events.len(), "call event", "call events")
        );
    }
    Line::new()
        .styled(EMPHASIS, source)
        .text(summary)
        .write(out)?;
    // In input order: by notification, and within one notification the
    // tone, then the call's change, then its operations.
    let mut items: Vec<(usize, Item<'_>)> = Vec::new();
    items.extend(report.tones.iter().map(|t| (t.index, Item::Tone(t))));
    items.extend(report.call_events.iter().map(|c| (c.index, Item::Call(c))));
    items.extend(
        report
            .operations
            .iter()
            .map(|o| (o.index, Item::Operation(o))),
    );
    items.sort_by_key(|(index, _)| *index); // stable
    for (_, item) in items {
        match item {
            Item::Tone(tone) => tone_line(tone),
            Item::Operation(operation) => operation_line(operation),
            Item::Call(event) => call_line(event),
        }
        .write(out)?;
    }
    for item in &report.errors {
        output::warning(err, format_args!("{source}: {}", item.message))?;
    }
    Ok(())
}

enum Item<'a> {
    Tone(&'a DecodedTone),
    Operation(&'a DecodedOperation),
    Call(&'a DecodedCallEvent),
}

/// `  CALL  seq N  tone1  key 1`.
fn tone_line(tone: &DecodedTone) -> Line {
    let line = Line::new()
        .text("  ")
        .text(&tone.call_id)
        .text("  ")
        .styled(DIM, "seq")
        .text(format_args!(" {}  ", tone.sequence_id));
    let line = if tone.tone.is_known() {
        line.styled(EMPHASIS, tone.tone.as_str())
    } else {
        line.unknown("tone", tone.tone.as_str())
    };
    match tone.tone.to_char() {
        Some(key) => line
            .text("  ")
            .styled(DIM, "key")
            .text(format_args!(" {key}")),
        None => line,
    }
}

/// `  CALL  operation ID  playPromptOperation  failed  status completed
/// reason R  result 400/8508 "message"  context C`: the outcome as the models
/// judge it, then what it is judged on.
fn operation_line(operation: &DecodedOperation) -> Line {
    let line = Line::new()
        .text("  ")
        .text(&operation.call_id)
        .text("  ")
        .styled(DIM, "operation")
        .text(" ")
        .text(&operation.operation_id)
        .text("  ")
        .styled(
            EMPHASIS,
            operation.operation_type.as_deref().unwrap_or("(no type)"),
        )
        .text("  ");
    let line = match operation.outcome {
        OperationOutcome::Succeeded => line.styled(OK, "succeeded"),
        OperationOutcome::Failed => line.styled(ERROR, "failed"),
        // Deleted, but nothing in it says how it went.
        _ => line.styled(WARNING, "ended, outcome unknown"),
    };
    let line = match &operation.status {
        Some(status) => line.text("  ").styled(DIM, "status").text(" ").text(status),
        None => line,
    };
    let line = match &operation.completion_reason {
        Some(reason) => line.text("  ").styled(DIM, "reason").text(" ").text(reason),
        None => line,
    };
    let line = result_info(line, operation.result_info.as_ref());
    match &operation.client_context {
        Some(context) => line
            .text("  ")
            .styled(DIM, "context")
            .text(" ")
            .text(context),
        None => line,
    }
}

/// `  CALL  call terminated  state terminated  result 200/5001 "message"`.
fn call_line(event: &DecodedCallEvent) -> Line {
    let what = match event.kind {
        CallEventKind::Incoming => "incoming",
        CallEventKind::Terminated => "terminated",
        _ => "state changed",
    };
    let line = Line::new()
        .text("  ")
        .text(&event.call_id)
        .text("  ")
        .styled(DIM, "call")
        .text(" ")
        .styled(EMPHASIS, what);
    let line = match &event.state {
        Some(state) => line.text("  ").styled(DIM, "state").text(" ").text(state),
        None => line,
    };
    result_info(line, event.result_info.as_ref())
}

/// `  result CODE/SUBCODE "message"` (`-` for an absent code).
fn result_info(line: Line, info: Option<&DecodedResultInfo>) -> Line {
    let Some(info) = info else { return line };
    let code = |code: &Option<ResultCode>| match code {
        Some(ResultCode::Number(n)) => n.to_string(),
        Some(ResultCode::Text(text)) => text.to_string(),
        Some(_) => "?".to_owned(),
        None => "-".to_owned(),
    };
    let line = line.text("  ").styled(DIM, "result").text(format_args!(
        " {}/{}",
        code(&info.code),
        code(&info.subcode)
    ));
    match &info.message {
        Some(message) => line.text(" \"").text(message).text("\""),
        None => line,
    }
}

/// `decode --format json`: one document for every body given, in order:
/// `{"notifications": N, "tones": [...], "operations": [...], "callEvents":
/// [...], "errors": [...]}`, each error with the body it is about
/// (`source`), and the notification (`index`) unless the whole body could
/// not be read.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct JsonOutput<'a> {
    notifications: usize,
    tones: Vec<&'a DecodedTone>,
    operations: Vec<&'a DecodedOperation>,
    call_events: Vec<&'a DecodedCallEvent>,
    errors: Vec<JsonError>,
}

impl<'a> JsonOutput<'a> {
    pub(crate) fn new(decoded: &'a [(String, Result<DecodeReport, ReadError>)]) -> Self {
        let mut out = JsonOutput {
            notifications: 0,
            tones: Vec::new(),
            operations: Vec::new(),
            call_events: Vec::new(),
            errors: Vec::new(),
        };
        for (name, report) in decoded {
            match report {
                Ok(report) => {
                    out.notifications += report.notifications;
                    out.tones.extend(&report.tones);
                    out.operations.extend(&report.operations);
                    out.call_events.extend(&report.call_events);
                    out.errors
                        .extend(report.errors.iter().map(|item| JsonError {
                            source: Some(name.clone()),
                            index: Some(item.index),
                            message: item.message.clone(),
                        }));
                }
                Err(err) => out.errors.push(JsonError {
                    source: Some(name.clone()),
                    index: None,
                    message: format!("not a commsNotifications body: {err}"),
                }),
            }
        }
        out
    }
}

#[cfg(test)]
mod examples {
    //! What the functions above do, by example (doctests while the crate
    //! exposed them; the command itself is tested through `run` and the
    //! binary, in tests/).

    #[test]
    fn decode_example() -> Result<(), Box<dyn std::error::Error>> {
        use crate::decode;

        let body = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/notifications/documented-tone.json"
        ))?;
        let report = decode(&body)?;
        assert_eq!(report.notifications, 1);
        assert_eq!(
            report.tones[0].call_id,
            "57dab8b1-894c-409a-b240-bd8beae78896"
        );
        assert_eq!(
            (report.tones[0].sequence_id, report.tones[0].tone.as_str()),
            (1, "tone1")
        );

        let err = decode(b"{\"value\": [").unwrap_err();
        assert_eq!((err.line(), err.column()), (Some(1), Some(11)));

        // A notification without its batch is not read as "no notifications".
        let err = decode(br#"{"resourceUrl": "/communications/calls/abc"}"#).unwrap_err();
        assert!(
            err.to_string().contains("wrap it as {\"value\": ["),
            "{err}"
        );
        Ok(())
    }
}
