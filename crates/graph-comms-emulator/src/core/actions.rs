//! The call actions: create, answer, reject, subscribeToTone, playPrompt,
//! recordResponse, cancelMediaProcessing, sendDtmfTones,
//! updateRecordingStatus, keepAlive.
//!
//! Each body was checked with graph-comms-validate's `check_action_body`
//! before it gets here (see `graph.rs`); it is then read with the models'
//! type. A body that cannot be read, or that breaks a documented rule, is
//! answered `400` with an `ODataError` that names the property but never
//! quotes a value.

use super::call::{EmulatedCall, Media};
use super::graph::{Ctx, GraphResponse};
use super::media::{MediaKind, MediaOp, RecordSpec};
use super::notify::EndReason;
use super::{Core, Event, errors};
use graph_comms_models::{
    AnswerRequest, CallDirection, CallState, CancelMediaProcessingOperation,
    CancelMediaProcessingRequest, CreateCallRequest, MediaConfig, ODataType, Operation,
    OperationStatus, PlayPromptOperation, PlayPromptRequest, Prompt, RecordOperation,
    RecordResponseRequest, RejectRequest, SendDtmfTonesOperation, SendDtmfTonesRequest,
    SubscribeToToneOperation, UpdateRecordingStatusOperation, UpdateRecordingStatusRequest,
};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::time::Duration;

/// The most prompts a playPrompt takes ("maximum supported MediaPrompt
/// collection size is 20", <https://learn.microsoft.com/graph/api/call-playprompt>).
/// Whether the service refuses more with a 400 is not documented; the
/// emulator does, so that the bot author sees it.
const MAX_PROMPTS: usize = 20;

/// The documented range of recordResponse's three timeouts (1 to 120 s,
/// default 5). Whether the service refuses or clamps out-of-range values is
/// not documented; the emulator refuses them.
const RECORD_RANGE: std::ops::RangeInclusive<i32> = 1..=120;

/// The pause between tones of a sendDtmfTones without `delayBetweenTonesMs`:
/// no default is documented; the emulator's choice.
const DEFAULT_TONE_DELAY: Duration = Duration::from_millis(500);

fn read<T: DeserializeOwned>(ctx: &Ctx<'_>, action: &str) -> Result<T, GraphResponse> {
    let body = if ctx.body.iter().all(u8::is_ascii_whitespace) {
        &b"{}"[..]
    } else {
        ctx.body
    };
    graph_comms_models::from_slice::<T>(body).map_err(|err| {
        errors::bad_request(
            &format!(
                "the {action} body cannot be read at {}: {}",
                err.path(),
                err.message()
            ),
            ctx.client_request_id,
        )
    })
}

fn media_of(config: Option<&MediaConfig>) -> Option<Media> {
    match config? {
        MediaConfig::ServiceHosted(_) => Some(Media::ServiceHosted),
        MediaConfig::AppHosted(_) => Some(Media::AppHosted),
        _ => None,
    }
}

macro_rules! new_op {
    ($ty:ident, $odata:ident, $id:expr, $cc:expr, $status:expr) => {{
        let mut o = $ty::default();
        o.odata_type = Some(ODataType::$odata);
        o.id = Some($id);
        o.client_context = $cc;
        o.status = Some($status);
        o
    }};
}

impl Core {
    pub(crate) fn action(&mut self, ctx: &Ctx<'_>, call_id: &str, action: &str) -> GraphResponse {
        let name = action.strip_prefix("microsoft.graph.").unwrap_or(action);
        let answer = match name.to_ascii_lowercase().as_str() {
            "answer" => self.answer(ctx, call_id),
            "reject" => self.reject(ctx, call_id),
            "subscribetotone" => self.subscribe_to_tone(ctx, call_id),
            "playprompt" => self.play_prompt(ctx, call_id),
            "recordresponse" => self.record_response(ctx, call_id),
            "cancelmediaprocessing" => self.cancel_media_processing(ctx, call_id),
            "senddtmftones" => self.send_dtmf_tones(ctx, call_id),
            "updaterecordingstatus" => self.update_recording_status(ctx, call_id),
            "keepalive" => Ok(GraphResponse::empty(200)),
            _ => Err(errors::bad_request(
                "the emulator does not serve this action: answer, reject, subscribeToTone, playPrompt, \
                 recordResponse, cancelMediaProcessing, sendDtmfTones, updateRecordingStatus, keepAlive",
                ctx.client_request_id,
            )),
        };
        answer.unwrap_or_else(|refused| refused)
    }

    fn operation_answer(&mut self, ctx: &Ctx<'_>, call_id: &str, op: Operation) -> GraphResponse {
        let op_id = op.id().unwrap_or_default().to_owned();
        let location = format!(
            "{}/communications/calls/{call_id}/operations/{op_id}",
            ctx.base(&self.config.base_url)
        );
        let body = serde_json::to_value(&op).unwrap_or_default();
        if let Some(call) = self.calls.get_mut(call_id) {
            call.operations.insert(op_id, op);
        }
        GraphResponse::json(200, body).located(location)
    }

    fn call(&self, call_id: &str) -> &EmulatedCall {
        &self.calls[call_id]
    }

    fn require_state(
        &self,
        ctx: &Ctx<'_>,
        call_id: &str,
        state: CallState,
        what: &str,
    ) -> Result<(), GraphResponse> {
        if self.call(call_id).state == state {
            Ok(())
        } else {
            Err(errors::bad_request(what, ctx.client_request_id))
        }
    }

    fn require_service_media(
        &self,
        ctx: &Ctx<'_>,
        call_id: &str,
        action: &str,
    ) -> Result<(), GraphResponse> {
        // playPrompt and recordResponse are "only supported for calls
        // initiated with serviceHostedMediaConfig"; the service's answer to
        // one on an app-hosted call is not documented.
        if self.call(call_id).media == Media::AppHosted {
            return Err(errors::bad_request(
                &format!(
                    "{action} needs a call with service-hosted media (serviceHostedMediaConfig)"
                ),
                ctx.client_request_id,
            ));
        }
        Ok(())
    }

    pub(crate) fn create_call(&mut self, ctx: &Ctx<'_>) -> GraphResponse {
        let body: CreateCallRequest = match read(ctx, "create call") {
            Ok(body) => body,
            Err(refused) => return refused,
        };
        let Some(callback_uri) = body.callback_uri.clone() else {
            return errors::bad_request(
                "callbackUri is required (the URL that receives this call's notifications)",
                ctx.client_request_id,
            );
        };
        let Some(media) = media_of(body.media_config.as_ref()) else {
            return errors::bad_request(
                "mediaConfig is required: serviceHostedMediaConfig or appHostedMediaConfig",
                ctx.client_request_id,
            );
        };
        let mut call = EmulatedCall::new(ctx.now, CallState::Establishing, CallDirection::Outgoing);
        call.callback_uri = Some(callback_uri);
        call.media = media;
        let id = call.id.clone();
        self.calls.insert(id.clone(), call);
        self.start_establishing(ctx.now, &id);
        let body = self.call_resource(self.call(&id));
        let location = format!(
            "{}/communications/calls/{id}",
            ctx.base(&self.config.base_url)
        );
        let mut answer = GraphResponse::json(201, body).located(location);
        answer.status = 201;
        answer
    }

    fn answer(&mut self, ctx: &Ctx<'_>, call_id: &str) -> Result<GraphResponse, GraphResponse> {
        self.require_state(
            ctx,
            call_id,
            CallState::Incoming,
            "only an incoming call can be answered, once",
        )?;
        let body: AnswerRequest = read(ctx, "answer")?;
        let media = media_of(body.media_config.as_ref()).ok_or_else(|| {
            errors::bad_request(
                "mediaConfig is required: serviceHostedMediaConfig or appHostedMediaConfig",
                ctx.client_request_id,
            )
        })?;
        let call = self.calls.get_mut(call_id).expect("checked by route");
        call.media = media;
        call.answered_at = Some(ctx.now);
        // Without callbackUri the bot's registered (global) callback is used.
        call.callback_uri = body.callback_uri.clone().or_else(|| call.bot_url.clone());
        self.start_establishing(ctx.now, call_id);
        Ok(GraphResponse::empty(202))
    }

    fn reject(&mut self, ctx: &Ctx<'_>, call_id: &str) -> Result<GraphResponse, GraphResponse> {
        self.require_state(
            ctx,
            call_id,
            CallState::Incoming,
            "only an incoming call can be rejected",
        )?;
        let _body: RejectRequest = read(ctx, "reject")?;
        self.terminate(ctx.now, call_id, EndReason::Rejected);
        Ok(GraphResponse::empty(202))
    }

    fn subscribe_to_tone(
        &mut self,
        ctx: &Ctx<'_>,
        call_id: &str,
    ) -> Result<GraphResponse, GraphResponse> {
        // The body was checked by graph-comms-validate before routing.
        let check = graph_comms_validate::check_request_body(ctx.body);
        if self.call(call_id).media == Media::AppHosted {
            return Err(errors::tone_subscription_failed(ctx.client_request_id));
        }
        let cc = check.request.and_then(|r| r.client_context);
        self.calls
            .get_mut(call_id)
            .expect("checked by route")
            .subscribed = true;
        let op = new_op!(
            SubscribeToToneOperation,
            SubscribeToToneOperation,
            new_id(),
            cc,
            OperationStatus::Completed
        );
        Ok(self.operation_answer(ctx, call_id, Operation::SubscribeToTone(Box::new(op))))
    }

    fn prompt_duration(&self, call_id: &str, prompts: &[Prompt]) -> Duration {
        if let Some(each) = self.call(call_id).prompt_duration {
            return each * u32::try_from(prompts.len()).unwrap_or(u32::MAX);
        }
        prompts
            .iter()
            .map(|p| {
                let uri = match p {
                    Prompt::Media(m) => m.media_info.as_ref().and_then(|i| i.uri.as_deref()),
                    _ => None,
                };
                uri.and_then(|u| self.config.prompt_durations.get(u).copied())
                    .unwrap_or(self.config.default_prompt_duration)
            })
            .sum()
    }

    fn play_prompt(
        &mut self,
        ctx: &Ctx<'_>,
        call_id: &str,
    ) -> Result<GraphResponse, GraphResponse> {
        self.require_service_media(ctx, call_id, "playPrompt")?;
        let body: PlayPromptRequest = read(ctx, "playPrompt")?;
        let prompts = body.prompts.unwrap_or_default();
        if prompts.is_empty() || prompts.len() > MAX_PROMPTS {
            return Err(errors::bad_request(
                "prompts must hold 1 to 20 mediaPrompts",
                ctx.client_request_id,
            ));
        }
        let op_id = new_id();
        let cc = body.client_context;
        let media = MediaOp {
            op_id: op_id.clone(),
            client_context: cc.clone(),
            kind: MediaKind::Prompt(self.prompt_duration(call_id, &prompts)),
        };
        let call = self.calls.get_mut(call_id).expect("checked by route");
        call.played_prompt = true;
        call.prompts_played += 1;
        self.enqueue_media(ctx.now, call_id, media, false);
        let op = new_op!(
            PlayPromptOperation,
            PlayPromptOperation,
            op_id,
            cc,
            OperationStatus::Running
        );
        Ok(self.operation_answer(ctx, call_id, Operation::PlayPrompt(Box::new(op))))
    }

    fn record_response(
        &mut self,
        ctx: &Ctx<'_>,
        call_id: &str,
    ) -> Result<GraphResponse, GraphResponse> {
        self.require_service_media(ctx, call_id, "recordResponse")?;
        let body: RecordResponseRequest = read(ctx, "recordResponse")?;
        let prompts = body.prompts.clone().unwrap_or_default();
        if prompts.len() > 1 {
            return Err(errors::bad_request(
                "recordResponse takes at most 1 prompt",
                ctx.client_request_id,
            ));
        }
        let seconds = |value: Option<i32>, name: &str| -> Result<Duration, GraphResponse> {
            let value = value.unwrap_or(5);
            if RECORD_RANGE.contains(&value) {
                Ok(Duration::from_secs(value.unsigned_abs().into()))
            } else {
                Err(errors::bad_request(
                    &format!("{name} must be 1 to 120 (seconds)"),
                    ctx.client_request_id,
                ))
            }
        };
        let spec = RecordSpec {
            prompt: self.prompt_duration(call_id, &prompts),
            initial_silence: seconds(
                body.initial_silence_timeout_in_seconds,
                "initialSilenceTimeoutInSeconds",
            )?,
            max_silence: seconds(
                body.max_silence_timeout_in_seconds,
                "maxSilenceTimeoutInSeconds",
            )?,
            max_duration: seconds(
                body.max_record_duration_in_seconds,
                "maxRecordDurationInSeconds",
            )?,
            stop_tones: body
                .stop_tones
                .iter()
                .flatten()
                .filter_map(|t| t.to_tone().and_then(|t| t.to_char()))
                .collect(),
        };
        let op_id = new_id();
        let cc = body.client_context.clone();
        let media = MediaOp {
            op_id: op_id.clone(),
            client_context: cc.clone(),
            kind: MediaKind::Record(spec),
        };
        self.enqueue_media(ctx.now, call_id, media, body.barge_in_allowed == Some(true));
        let mut op = new_op!(
            RecordOperation,
            RecordOperation,
            op_id,
            cc,
            OperationStatus::Running
        );
        op.extra.insert("resultInfo".into(), json!(null));
        op.extra.insert("recordingLocation".into(), json!(null));
        Ok(self.operation_answer(ctx, call_id, Operation::Record(Box::new(op))))
    }

    fn cancel_media_processing(
        &mut self,
        ctx: &Ctx<'_>,
        call_id: &str,
    ) -> Result<GraphResponse, GraphResponse> {
        let body: CancelMediaProcessingRequest = read(ctx, "cancelMediaProcessing")?;
        self.cancel_media(ctx.now, call_id);
        let op = new_op!(
            CancelMediaProcessingOperation,
            CancelMediaProcessingOperation,
            new_id(),
            body.client_context,
            OperationStatus::Completed
        );
        Ok(self.operation_answer(ctx, call_id, Operation::CancelMediaProcessing(Box::new(op))))
    }

    fn send_dtmf_tones(
        &mut self,
        ctx: &Ctx<'_>,
        call_id: &str,
    ) -> Result<GraphResponse, GraphResponse> {
        let body: SendDtmfTonesRequest = read(ctx, "sendDtmfTones")?;
        let tones = body.tones.clone().unwrap_or_default();
        if tones.is_empty() {
            return Err(errors::bad_request(
                "tones is required: a non-empty array of tone names",
                ctx.client_request_id,
            ));
        }
        let delay = match body.delay_between_tones_ms {
            Some(ms) if ms < 0 => {
                return Err(errors::bad_request(
                    "delayBetweenTonesMs must not be negative",
                    ctx.client_request_id,
                ));
            }
            Some(ms) => Duration::from_millis(ms.unsigned_abs().into()),
            None => DEFAULT_TONE_DELAY,
        };
        let op_id = new_id();
        let count = u32::try_from(tones.len()).unwrap_or(u32::MAX);
        self.schedule(
            ctx.now + delay * count,
            Event::DtmfSent(call_id.to_owned(), op_id.clone()),
        );
        let op = new_op!(
            SendDtmfTonesOperation,
            SendDtmfTonesOperation,
            op_id,
            body.client_context,
            OperationStatus::Running
        );
        Ok(self.operation_answer(ctx, call_id, Operation::SendDtmfTones(Box::new(op))))
    }

    fn update_recording_status(
        &mut self,
        ctx: &Ctx<'_>,
        call_id: &str,
    ) -> Result<GraphResponse, GraphResponse> {
        let body: UpdateRecordingStatusRequest = read(ctx, "updateRecordingStatus")?;
        if body.status.is_none() {
            return Err(errors::bad_request(
                "status is required: notRecording, recording or failed",
                ctx.client_request_id,
            ));
        }
        let op = new_op!(
            UpdateRecordingStatusOperation,
            UpdateRecordingStatusOperation,
            new_id(),
            body.client_context,
            OperationStatus::Completed
        );
        Ok(self.operation_answer(ctx, call_id, Operation::UpdateRecordingStatus(Box::new(op))))
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
