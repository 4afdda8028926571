//! The media queue of a call: prompts and recordings play one after the
//! other; cancelMediaProcessing cancels the running one and the queued ones
//! (<https://learn.microsoft.com/graph/api/call-cancelmediaprocessing>), and
//! a recordResponse with `bargeInAllowed` does the same before it starts
//! (<https://learn.microsoft.com/graph/api/call-recordresponse>).

use super::notify::{self, operation_result};
use super::{Core, Event};
use graph_comms_models::{
    ODataType, Operation, OperationStatus, PlayPromptCompletionReason, PlayPromptOperation,
    RecordCompletionReason, RecordOperation, RecordingAccessToken, SendDtmfCompletionReason,
    SendDtmfTonesOperation,
};
use serde_json::json;
use std::collections::VecDeque;
use std::time::Duration;

/// A recordResponse's parameters, with the documented defaults applied
/// (5 s each timeout, playBeep true).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RecordSpec {
    pub prompt: Duration,
    pub initial_silence: Duration,
    pub max_silence: Duration,
    pub max_duration: Duration,
    pub stop_tones: Vec<char>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MediaKind {
    Prompt(Duration),
    Record(RecordSpec),
}

#[derive(Clone, Debug)]
pub(crate) struct MediaOp {
    pub op_id: String,
    pub client_context: Option<String>,
    pub kind: MediaKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// A prompt (or a recording's prompt and beep) plays until then.
    Playing(Duration),
    /// Recording since then; the caller spoke until `speech_end` if at all.
    Recording {
        since: Duration,
        speech_end: Option<Duration>,
    },
}

#[derive(Debug, Default)]
pub(crate) struct MediaQueue {
    running: Option<(MediaOp, Phase)>,
    queued: VecDeque<MediaOp>,
    generation: u64,
}

impl MediaQueue {
    pub(crate) fn clear(&mut self) {
        self.running = None;
        self.queued.clear();
        self.generation += 1;
    }
}

/// How a recording ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecordEnd {
    StopTone,
    MaxDuration,
    MaxSilence,
    InitialSilence,
    Canceled,
}

fn cancelled(op: &MediaOp) -> Operation {
    match &op.kind {
        MediaKind::Prompt(_) => {
            // No documented example of a cancelled playPrompt exists; the
            // beta enum's `mediaOperationCanceled`, with `completed` as the
            // documented cancelled sendDtmfTones does.
            prompt_result(op, true)
        }
        MediaKind::Record(_) => record_result(op, RecordEnd::Canceled, None),
    }
}

/// A prompt's final result: completed, as the docs' example (200/0
/// "Action completed successfully."), or cancelled (see [`cancelled`]).
fn prompt_result(op: &MediaOp, cancelled: bool) -> Operation {
    let mut o = PlayPromptOperation::default();
    o.odata_type = Some(ODataType::PlayPromptOperation);
    o.id = Some(op.op_id.clone());
    o.client_context = op.client_context.clone();
    o.status = Some(OperationStatus::Completed);
    if cancelled {
        o.completion_reason = Some(PlayPromptCompletionReason::MediaOperationCanceled);
    } else {
        o.result_info = Some(operation_result(200, 0, "Action completed successfully."));
    }
    Operation::PlayPrompt(Box::new(o))
}

fn record_result(op: &MediaOp, end: RecordEnd, location: Option<(String, String)>) -> Operation {
    let mut o = RecordOperation::default();
    o.odata_type = Some(ODataType::RecordOperation);
    o.id = Some(op.op_id.clone());
    o.client_context = op.client_context.clone();
    // Documented: the cancelled case (400/8508, empty strings) and the
    // maximum-duration case (200/8515). The others' subcodes and messages
    // are not documented: the emulator sends code 200 (400 for the initial
    // silence, which "fails" per the docs) with subcode 0.
    let (status, info, reason) = match end {
        RecordEnd::Canceled => (
            OperationStatus::Failed,
            operation_result(400, 8508, "Action failed, the operation was cancelled."),
            RecordCompletionReason::OperationCanceled,
        ),
        RecordEnd::MaxDuration => (
            OperationStatus::Completed,
            operation_result(200, 8515, "Action completed, max record duration reached."),
            RecordCompletionReason::MaxRecordDurationReached,
        ),
        RecordEnd::StopTone => (
            OperationStatus::Completed,
            operation_result(200, 0, "Action completed, stop tone detected."),
            RecordCompletionReason::StopToneDetected,
        ),
        RecordEnd::MaxSilence => (
            OperationStatus::Completed,
            operation_result(200, 0, "Action completed, max silence timeout reached."),
            RecordCompletionReason::MaxSilenceTimeout,
        ),
        RecordEnd::InitialSilence => (
            OperationStatus::Failed,
            operation_result(400, 0, "Action failed, initial silence timeout reached."),
            RecordCompletionReason::InitialSilenceTimeout,
        ),
    };
    o.status = Some(status);
    o.result_info = Some(info);
    o.completion_reason = Some(reason);
    let (location, token) = location.unwrap_or_default();
    o.recording_location = Some(location);
    o.recording_access_token = Some(RecordingAccessToken::from(token));
    Operation::Record(Box::new(o))
}

impl Core {
    /// Queues a prompt or a recording; starts it when nothing runs.
    pub(crate) fn enqueue_media(
        &mut self,
        now: Duration,
        call_id: &str,
        op: MediaOp,
        barge_in: bool,
    ) {
        if barge_in {
            self.cancel_media(now, call_id);
        }
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        call.queue.queued.push_back(op);
        if call.queue.running.is_none() {
            self.start_next(now, call_id);
        }
    }

    fn start_next(&mut self, now: Duration, call_id: &str) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        let Some(op) = call.queue.queued.pop_front() else {
            return;
        };
        let phase = match &op.kind {
            MediaKind::Prompt(duration) => Phase::Playing(now + *duration),
            MediaKind::Record(spec) if spec.prompt.is_zero() => Phase::Recording {
                since: now,
                speech_end: None,
            },
            MediaKind::Record(spec) => Phase::Playing(now + spec.prompt),
        };
        let recording = matches!(phase, Phase::Recording { .. });
        call.queue.running = Some((op, phase));
        self.arm(call_id);
        if recording {
            self.caller_responds(now, call_id);
        }
    }

    /// A scripted caller speaks when a recording starts.
    fn caller_responds(&mut self, now: Duration, call_id: &str) {
        if let Some(duration) = self.calls.get(call_id).and_then(|c| c.response_duration) {
            self.speak(now, call_id, duration);
        }
    }

    /// Schedules the running operation's next timer under a new generation.
    fn arm(&mut self, call_id: &str) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        call.queue.generation += 1;
        let generation = call.queue.generation;
        let Some((op, phase)) = &call.queue.running else {
            return;
        };
        let at = match (phase, &op.kind) {
            (Phase::Playing(until), _) => *until,
            (Phase::Recording { since, speech_end }, MediaKind::Record(spec)) => {
                let max = *since + spec.max_duration;
                match speech_end {
                    None => max.min(*since + spec.initial_silence),
                    Some(end) => max.min(*end + spec.max_silence),
                }
            }
            (Phase::Recording { .. }, MediaKind::Prompt(_)) => return,
        };
        self.schedule(at, Event::Media(call_id.to_owned(), generation));
    }

    pub(crate) fn media_timer(&mut self, now: Duration, call_id: &str, generation: u64) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        if call.queue.generation != generation || call.is_over() {
            return;
        }
        let Some((op, phase)) = call.queue.running.clone() else {
            return;
        };
        match (phase, &op.kind) {
            (Phase::Playing(_), MediaKind::Prompt(_)) => {
                self.finish(now, call_id, &op, prompt_result(&op, false));
            }
            (Phase::Playing(_), MediaKind::Record(_)) => {
                call.queue.running = Some((
                    op,
                    Phase::Recording {
                        since: now,
                        speech_end: None,
                    },
                ));
                self.arm(call_id);
                self.caller_responds(now, call_id);
            }
            (Phase::Recording { since, speech_end }, MediaKind::Record(spec)) => {
                let end = if now >= since + spec.max_duration {
                    RecordEnd::MaxDuration
                } else if speech_end.is_none() {
                    RecordEnd::InitialSilence
                } else {
                    RecordEnd::MaxSilence
                };
                self.end_recording(now, call_id, &op, end);
            }
            (Phase::Recording { .. }, MediaKind::Prompt(_)) => {}
        }
    }

    fn end_recording(&mut self, now: Duration, call_id: &str, op: &MediaOp, end: RecordEnd) {
        let location = if end == RecordEnd::InitialSilence {
            None
        } else {
            let token = format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            );
            let location = format!("{}/recordings/{}", self.config.base_url, op.op_id);
            if let Some(call) = self.calls.get_mut(call_id) {
                call.recordings.insert(op.op_id.clone(), token.clone());
            }
            Some((location, token))
        };
        let result = record_result(op, end, location);
        self.finish(now, call_id, op, result);
    }

    /// Posts the operation's result and starts the next queued one.
    fn finish(&mut self, now: Duration, call_id: &str, op: &MediaOp, result: Operation) {
        if let Some(call) = self.calls.get_mut(call_id) {
            call.queue.running = None;
            call.operations.insert(op.op_id.clone(), result.clone());
        }
        self.note(
            now,
            json!({"event": "operation finished", "callId": call_id, "operationId": op.op_id}),
        );
        let item = notify::operation_deleted(call_id, &op.op_id, result);
        self.post(now, call_id, item, false);
        self.start_next(now, call_id);
    }

    /// Cancels the running and the queued prompts and recordings; each gets
    /// its cancelled result.
    pub(crate) fn cancel_media(&mut self, now: Duration, call_id: &str) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        let mut ops: Vec<MediaOp> = call
            .queue
            .running
            .take()
            .map(|(op, _)| op)
            .into_iter()
            .collect();
        ops.extend(call.queue.queued.drain(..));
        call.queue.generation += 1;
        for op in ops {
            let result = cancelled(&op);
            if let Some(call) = self.calls.get_mut(call_id) {
                call.operations.insert(op.op_id.clone(), result.clone());
            }
            self.note(
                now,
                json!({"event": "operation cancelled", "callId": call_id, "operationId": op.op_id}),
            );
            let item = notify::operation_deleted(call_id, &op.op_id, result);
            self.post(now, call_id, item, false);
        }
    }

    /// A key the caller pressed: it ends a recording when it is one of the
    /// recording's stop tones.
    pub(crate) fn stop_tone(&mut self, now: Duration, call_id: &str, key: char) {
        let Some(call) = self.calls.get(call_id) else {
            return;
        };
        let Some((op, Phase::Recording { .. })) = &call.queue.running else {
            return;
        };
        let MediaKind::Record(spec) = &op.kind else {
            return;
        };
        if spec.stop_tones.contains(&key) {
            let op = op.clone();
            self.end_recording(now, call_id, &op, RecordEnd::StopTone);
        }
    }

    /// The caller speaks for `duration` from `now` (a running recording hears
    /// it; otherwise it has no effect).
    pub fn speak(&mut self, now: Duration, call_id: &str, duration: Duration) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        if let Some((_, Phase::Recording { speech_end, .. })) = &mut call.queue.running {
            *speech_end = Some(now + duration);
            self.arm(call_id);
        }
    }

    /// A sendDtmfTones operation has sent its tones.
    pub(crate) fn dtmf_sent(&mut self, now: Duration, call_id: &str, op_id: &str) {
        let Some(call) = self.calls.get_mut(call_id) else {
            return;
        };
        if call.is_over() {
            return;
        }
        let client_context = call
            .operations
            .get(op_id)
            .and_then(|o| o.client_context().map(str::to_owned));
        let mut o = SendDtmfTonesOperation::default();
        o.odata_type = Some(ODataType::SendDtmfTonesOperation);
        o.id = Some(op_id.to_owned());
        o.client_context = client_context;
        o.status = Some(OperationStatus::Completed);
        o.completion_reason = Some(SendDtmfCompletionReason::CompletedSuccessfully);
        let result = Operation::SendDtmfTones(Box::new(o));
        call.operations.insert(op_id.to_owned(), result.clone());
        let item = notify::operation_deleted(call_id, op_id, result);
        self.post(now, call_id, item, false);
    }
}
