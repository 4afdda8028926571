//! What each action's body allows, from its docs page and the v1.0 metadata
//! (<https://learn.microsoft.com/graph/api/resources/call>, "Methods"), as
//! one walk per action over the parsed JSON.
//!
//! Open questions are left open: the service's own validation of the 1–120 s
//! ranges and of the prompt counts is undocumented (clamped or refused, with
//! which code, is unknown), so these are reported as the docs state them;
//! `delayBetweenTonesMs` has no documented range and is checked for its type
//! only.

use super::{Expect, Walk, member, messages};
use crate::body::{ContextValue, check_client_context};
use crate::{CallAction, Diagnostic, DiagnosticCode};
use graph_comms_models::{
    AnswerRequest, CancelMediaProcessingRequest, CreateCallRequest, Modality, PlayPromptRequest,
    ReadError, RecordResponseRequest, RecordingStatus, RejectReason, RejectRequest,
    SendDtmfTonesRequest, StopTone, Tone, UpdateRecordingStatusRequest,
};
use serde_json::{Map, Value};

const PLAY_PROMPT: &[&str] = &["clientContext", "prompts", "loop"];
const RECORD_RESPONSE: &[&str] = &[
    "bargeInAllowed",
    "clientContext",
    "prompts",
    "maxRecordDurationInSeconds",
    "initialSilenceTimeoutInSeconds",
    "maxSilenceTimeoutInSeconds",
    "playBeep",
    "stopTones",
    "streamWhileRecording",
];
const CANCEL_MEDIA_PROCESSING: &[&str] = &["clientContext"];
const SEND_DTMF_TONES: &[&str] = &["tones", "delayBetweenTonesMs", "clientContext"];
const UPDATE_RECORDING_STATUS: &[&str] = &["clientContext", "status"];
const ANSWER: &[&str] = &[
    "callbackUri",
    "acceptedModalities",
    "mediaConfig",
    "participantCapacity",
    "callOptions",
];
const REJECT: &[&str] = &["reason", "callbackUri"];
/// The properties of a `call` (v1.0 and beta), which the create-call body is.
const CREATE_CALL: &[&str] = &[
    "@odata.type",
    "id",
    "activeModalities",
    "answeredBy",
    "audioRoutingGroups",
    "callChainId",
    "callOptions",
    "callRoutes",
    "callbackUri",
    "chatInfo",
    "contentSharingSessions",
    "direction",
    "incomingContext",
    "mediaConfig",
    "mediaState",
    "meetingCapability",
    "meetingInfo",
    "myParticipantId",
    "operations",
    "participants",
    "requestedModalities",
    "resultInfo",
    "ringingTimeoutInSeconds",
    "routingPolicies",
    "source",
    "state",
    "subject",
    "targets",
    "tenantId",
    "terminationReason",
    "toneInfo",
    "transcription",
];
const MEDIA_PROMPT: &[&str] = &["@odata.type", "mediaInfo", "loop"];
const MEDIA_INFO: &[&str] = &["@odata.type", "uri", "resourceId"];
const SERVICE_HOSTED: &[&str] = &[
    "@odata.type",
    "preFetchMedia",
    "removeFromDefaultAudioGroup",
    "liveCaptionOptions",
];
const APP_HOSTED: &[&str] = &["@odata.type", "blob", "removeFromDefaultAudioGroup"];

/// The documented bounds of the recordResponse timeouts, in seconds.
const TIMEOUT_RANGE: std::ops::RangeInclusive<i64> = 1..=120;
/// "The maximum supported MediaPrompt collection size is 20."
const PLAY_PROMPT_MAX: usize = 20;
/// recordResponse plays at most one prompt before recording.
const RECORD_RESPONSE_MAX: usize = 1;

/// The parameters `action`'s body defines.
fn known(action: CallAction) -> &'static [&'static str] {
    match action {
        CallAction::PlayPrompt => PLAY_PROMPT,
        CallAction::RecordResponse => RECORD_RESPONSE,
        CallAction::CancelMediaProcessing => CANCEL_MEDIA_PROCESSING,
        CallAction::SendDtmfTones => SEND_DTMF_TONES,
        CallAction::UpdateRecordingStatus => UPDATE_RECORDING_STATUS,
        CallAction::Answer => ANSWER,
        CallAction::Reject => REJECT,
        CallAction::CreateCall => CREATE_CALL,
        _ => &["clientContext"],
    }
}

/// Why the models refuse the bytes as `action`'s request type, if they do.
pub(super) fn typed_read_error(action: CallAction, bytes: &[u8]) -> Option<ReadError> {
    use graph_comms_models::from_slice;
    match action {
        CallAction::PlayPrompt => from_slice::<PlayPromptRequest>(bytes).err(),
        CallAction::RecordResponse => from_slice::<RecordResponseRequest>(bytes).err(),
        CallAction::CancelMediaProcessing => {
            from_slice::<CancelMediaProcessingRequest>(bytes).err()
        }
        CallAction::SendDtmfTones => from_slice::<SendDtmfTonesRequest>(bytes).err(),
        CallAction::UpdateRecordingStatus => {
            from_slice::<UpdateRecordingStatusRequest>(bytes).err()
        }
        CallAction::Answer => from_slice::<AnswerRequest>(bytes).err(),
        CallAction::Reject => from_slice::<RejectRequest>(bytes).err(),
        CallAction::CreateCall => from_slice::<CreateCallRequest>(bytes).err(),
        _ => None,
    }
}

/// Walks the members of `action`'s body.
pub(super) fn check(action: CallAction, map: &Map<String, Value>, walk: &mut Walk) {
    let known = known(action);
    if map.get("value").is_some_and(Value::is_array) && !known.iter().any(|k| map.contains_key(*k))
    {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::CallbackBody,
                messages::callback_body(action),
            )
            .at("$.value"),
        );
        return;
    }
    let whose = format!("the {action} body");
    walk.unknown_members(map, "$", known, &whose);
    match action {
        CallAction::PlayPrompt => play_prompt(map, walk),
        CallAction::RecordResponse => record_response(map, walk),
        CallAction::SendDtmfTones => send_dtmf_tones(map, walk),
        CallAction::UpdateRecordingStatus => update_recording_status(map, walk),
        CallAction::Answer => answer(map, walk),
        CallAction::Reject => reject(map, walk),
        CallAction::CreateCall => create_call(map, walk),
        _ => {}
    }
    if known.contains(&"clientContext") {
        client_context(map, walk);
    }
}

fn client_context(map: &Map<String, Value>, walk: &mut Walk) {
    let value = match map.get("clientContext") {
        None | Some(Value::Null) => ContextValue::Missing,
        Some(Value::String(text)) => ContextValue::Present(text),
        Some(_) => {
            walk.get(map, "$", "clientContext", Expect::String);
            ContextValue::WrongType
        }
    };
    check_client_context(value, &mut walk.out);
}

/// Whether the member is absent or `null`.
fn unset(map: &Map<String, Value>, key: &str) -> bool {
    map.get(key).is_none_or(Value::is_null)
}

fn play_prompt(map: &Map<String, Value>, walk: &mut Walk) {
    prompts(CallAction::PlayPrompt, map, walk, true, PLAY_PROMPT_MAX);
    if walk.get(map, "$", "loop", Expect::Bool) == Some(&Value::Bool(true)) {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::PromptLoopsForever,
                messages::PROMPT_LOOPS_FOREVER,
            )
            .at("$.loop"),
        );
    }
}

fn record_response(map: &Map<String, Value>, walk: &mut Walk) {
    prompts(
        CallAction::RecordResponse,
        map,
        walk,
        false,
        RECORD_RESPONSE_MAX,
    );
    walk.get(map, "$", "bargeInAllowed", Expect::Bool);
    for name in [
        "initialSilenceTimeoutInSeconds",
        "maxSilenceTimeoutInSeconds",
        "maxRecordDurationInSeconds",
    ] {
        let seconds = walk
            .get(map, "$", name, Expect::Int32)
            .and_then(Value::as_i64);
        if seconds.is_some_and(|s| !TIMEOUT_RANGE.contains(&s)) {
            walk.push(
                Diagnostic::new(
                    DiagnosticCode::TimeoutOutOfRange,
                    messages::timeout_out_of_range(name),
                )
                .at(member("$", name)),
            );
        }
    }
    if walk.get(map, "$", "playBeep", Expect::Bool) == Some(&Value::Bool(false)) {
        walk.push(
            Diagnostic::new(DiagnosticCode::PlayBeepOff, messages::PLAY_BEEP_OFF).at("$.playBeep"),
        );
    }
    if let Some(Value::Array(tones)) = walk.get(map, "$", "stopTones", Expect::Array) {
        for (i, tone) in tones.iter().enumerate() {
            let path = format!("$.stopTones[{i}]");
            match tone {
                Value::String(text) if StopTone::from(text.as_str()).to_tone().is_some() => {}
                Value::String(_) => walk.push(
                    Diagnostic::new(DiagnosticCode::StopToneInvalid, messages::STOP_TONE_INVALID)
                        .at(path),
                ),
                other => wrong_item(walk, path, other, "a string (one DTMF character)"),
            }
        }
    }
    walk.get(map, "$", "streamWhileRecording", Expect::Bool);
}

fn send_dtmf_tones(map: &Map<String, Value>, walk: &mut Walk) {
    match walk.get(map, "$", "tones", Expect::Array) {
        Some(Value::Array(tones)) if !tones.is_empty() => {
            for (i, tone) in tones.iter().enumerate() {
                let path = format!("$.tones[{i}]");
                match tone {
                    Value::String(text) if Tone::known(text).is_some() => {}
                    Value::String(_) => walk.push(
                        Diagnostic::new(DiagnosticCode::ToneUnknown, messages::TONE_UNKNOWN)
                            .at(path),
                    ),
                    other => wrong_item(walk, path, other, "a string (a tone name)"),
                }
            }
        }
        None if !unset(map, "tones") => {}
        _ => walk
            .push(Diagnostic::new(DiagnosticCode::TonesEmpty, messages::TONES_EMPTY).at("$.tones")),
    }
    walk.get(map, "$", "delayBetweenTonesMs", Expect::Int32);
}

fn update_recording_status(map: &Map<String, Value>, walk: &mut Walk) {
    match walk.get(map, "$", "status", Expect::String).and_then(Value::as_str) {
        Some(status) => {
            let documented = matches!(
                RecordingStatus::known(status),
                Some(RecordingStatus::NotRecording | RecordingStatus::Recording | RecordingStatus::Failed)
            );
            if !documented {
                walk.push(
                    Diagnostic::new(
                        DiagnosticCode::UnknownEnumValue,
                        messages::unknown_enum_value("status", "notRecording, recording or failed"),
                    )
                    .at("$.status"),
                );
            }
        }
        None if unset(map, "status") => walk.push(
            Diagnostic::new(
                DiagnosticCode::RequiredPropertyMissing,
                messages::required_missing(
                    CallAction::UpdateRecordingStatus,
                    "status",
                    "say whether the app is recording, as \"status\": \"recording\" (or notRecording, failed)",
                ),
            )
            .at("$.status"),
        ),
        None => {}
    }
}

fn answer(map: &Map<String, Value>, walk: &mut Walk) {
    let action = CallAction::Answer;
    // Absent, the bot's registered callback is used (the docs), so only its form is checked.
    callback_uri(map, walk);
    if unset(map, "acceptedModalities") {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::RequiredPropertyMissing,
                messages::required_missing(
                    action,
                    "acceptedModalities",
                    "list the modalities the bot takes, such as \"acceptedModalities\": [\"audio\"]",
                ),
            )
            .at("$.acceptedModalities"),
        );
    } else {
        modalities(map, "acceptedModalities", walk);
    }
    media_config(action, map, walk);
    walk.get(map, "$", "participantCapacity", Expect::Int32);
    walk.get(map, "$", "callOptions", Expect::Object);
}

fn reject(map: &Map<String, Value>, walk: &mut Walk) {
    if let Some(reason) = walk
        .get(map, "$", "reason", Expect::String)
        .and_then(Value::as_str)
        && RejectReason::known(reason).is_none_or(|r| r == RejectReason::UnknownFutureValue)
    {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::UnknownEnumValue,
                messages::unknown_enum_value("reason", "none, busy or forbidden"),
            )
            .at("$.reason"),
        );
    }
    callback_uri(map, walk);
}

fn create_call(map: &Map<String, Value>, walk: &mut Walk) {
    let action = CallAction::CreateCall;
    if unset(map, "callbackUri") {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::RequiredPropertyMissing,
                messages::required_missing(
                    action,
                    "callbackUri",
                    "give the https URL the service posts the call's notifications to",
                ),
            )
            .at("$.callbackUri"),
        );
    } else {
        callback_uri(map, walk);
    }
    walk.get(map, "$", "targets", Expect::Array);
    modalities(map, "requestedModalities", walk);
    media_config(action, map, walk);
    walk.get(map, "$", "source", Expect::Object);
    walk.get(map, "$", "tenantId", Expect::String);
    walk.get(map, "$", "subject", Expect::String);
}

/// A `callbackUri` must be https, when it is given.
fn callback_uri(map: &Map<String, Value>, walk: &mut Walk) {
    let Some(uri) = walk
        .get(map, "$", "callbackUri", Expect::String)
        .and_then(Value::as_str)
    else {
        return;
    };
    if !uri
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::CallbackUriNotHttps,
                messages::CALLBACK_URI_NOT_HTTPS,
            )
            .at("$.callbackUri"),
        );
    }
}

fn modalities(map: &Map<String, Value>, key: &str, walk: &mut Walk) {
    let Some(Value::Array(list)) = walk.get(map, "$", key, Expect::Array) else {
        return;
    };
    for (i, item) in list.iter().enumerate() {
        let path = format!("{}[{i}]", member("$", key));
        match item {
            Value::String(text)
                if Modality::known(text).is_some_and(|m| m != Modality::UnknownFutureValue) => {}
            Value::String(_) => walk.push(
                Diagnostic::new(
                    DiagnosticCode::UnknownEnumValue,
                    messages::unknown_enum_value(
                        &path,
                        "audio, video, videoBasedScreenSharing or data",
                    ),
                )
                .at(path),
            ),
            other => wrong_item(walk, path, other, "a string (a modality)"),
        }
    }
}

/// The `mediaConfig` of an answer or create-call body.
fn media_config(action: CallAction, map: &Map<String, Value>, walk: &mut Walk) {
    let Some(Value::Object(config)) = walk.get(map, "$", "mediaConfig", Expect::Object) else {
        if !unset(map, "mediaConfig") {
            return; // reported as a wrong type
        }
        let diagnostic = if action == CallAction::Answer {
            Diagnostic::new(
                DiagnosticCode::RequiredPropertyMissing,
                messages::required_missing(
                    action,
                    "mediaConfig",
                    "give \"mediaConfig\": {\"@odata.type\": \"#microsoft.graph.serviceHostedMediaConfig\"} for an IVR",
                ),
            )
        } else {
            Diagnostic::new(
                DiagnosticCode::MediaConfigMissing,
                messages::MEDIA_CONFIG_MISSING,
            )
        };
        walk.push(diagnostic.at("$.mediaConfig"));
        return;
    };
    let base = "$.mediaConfig";
    let odata_type = walk
        .get(config, base, "@odata.type", Expect::String)
        .and_then(Value::as_str);
    let is = |name: &str| odata_type.is_some_and(|t| t.eq_ignore_ascii_case(name));
    if is("#microsoft.graph.serviceHostedMediaConfig") {
        walk.unknown_members(config, base, SERVICE_HOSTED, "serviceHostedMediaConfig");
        if let Some(Value::Array(media)) = walk.get(config, base, "preFetchMedia", Expect::Array) {
            for (i, item) in media.iter().enumerate() {
                media_info(item, &format!("{base}.preFetchMedia[{i}]"), walk);
            }
        }
    } else if is("#microsoft.graph.appHostedMediaConfig") {
        walk.unknown_members(config, base, APP_HOSTED, "appHostedMediaConfig");
        walk.push(
            Diagnostic::new(
                DiagnosticCode::AppHostedMediaCall,
                messages::app_hosted_media_call(action),
            )
            .at(base),
        );
    } else {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::MediaConfigUnknown,
                messages::MEDIA_CONFIG_UNKNOWN,
            )
            .at(base),
        );
    }
}

/// The prompts of playPrompt (`required`) or recordResponse.
fn prompts(
    action: CallAction,
    map: &Map<String, Value>,
    walk: &mut Walk,
    required: bool,
    max: usize,
) {
    let list = match walk.get(map, "$", "prompts", Expect::Array) {
        Some(Value::Array(list)) => list,
        None if !unset(map, "prompts") => return,
        _ => {
            if required {
                walk.push(
                    Diagnostic::new(
                        DiagnosticCode::PromptsMissing,
                        messages::prompts_missing(action),
                    )
                    .at("$.prompts"),
                );
            }
            return;
        }
    };
    if required && list.is_empty() {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::PromptsMissing,
                messages::prompts_missing(action),
            )
            .at("$.prompts"),
        );
    }
    if list.len() > max {
        walk.push(
            Diagnostic::new(
                DiagnosticCode::TooManyPrompts,
                messages::too_many_prompts(action, list.len(), max),
            )
            .at("$.prompts"),
        );
    }
    for (i, prompt) in list.iter().enumerate() {
        media_prompt(prompt, &format!("$.prompts[{i}]"), walk);
    }
}

fn media_prompt(value: &Value, path: &str, walk: &mut Walk) {
    let Value::Object(map) = value else {
        wrong_item(walk, path.to_owned(), value, "an object (a mediaPrompt)");
        return;
    };
    let odata_type = walk
        .get(map, path, "@odata.type", Expect::String)
        .and_then(Value::as_str);
    let media = odata_type.is_some_and(|t| t.eq_ignore_ascii_case("#microsoft.graph.mediaPrompt"));
    if !media {
        if unset(map, "@odata.type") || odata_type.is_some() {
            walk.push(
                Diagnostic::new(DiagnosticCode::PromptNotMedia, messages::PROMPT_NOT_MEDIA)
                    .at(path),
            );
        }
        // Another prompt type's members are its own: only a mediaInfo is looked at.
        if let Some(info) = map.get("mediaInfo").filter(|v| !v.is_null()) {
            media_info(info, &member(path, "mediaInfo"), walk);
        }
        return;
    }
    walk.unknown_members(map, path, MEDIA_PROMPT, "a mediaPrompt");
    walk.get(map, path, "loop", Expect::Int32);
    match map.get("mediaInfo").filter(|v| !v.is_null()) {
        Some(info) => media_info(info, &member(path, "mediaInfo"), walk),
        None => walk.push(
            Diagnostic::new(
                DiagnosticCode::MediaInfoMissing,
                messages::media_info_missing("this mediaPrompt's mediaInfo"),
            )
            .at(member(path, "mediaInfo")),
        ),
    }
}

fn media_info(value: &Value, path: &str, walk: &mut Walk) {
    let Value::Object(map) = value else {
        wrong_item(walk, path.to_owned(), value, "an object (a mediaInfo)");
        return;
    };
    walk.unknown_members(map, path, MEDIA_INFO, "mediaInfo");
    match walk
        .get(map, path, "uri", Expect::String)
        .and_then(Value::as_str)
    {
        Some(uri) if !is_wav(uri) => walk.push(
            Diagnostic::new(DiagnosticCode::MediaUriNotWav, messages::MEDIA_URI_NOT_WAV)
                .at(member(path, "uri")),
        ),
        Some(_) => {}
        None if unset(map, "uri") => walk.push(
            Diagnostic::new(
                DiagnosticCode::MediaInfoMissing,
                messages::media_info_missing("this mediaInfo's uri"),
            )
            .at(member(path, "uri")),
        ),
        None => {}
    }
    walk.get(map, path, "resourceId", Expect::String);
}

/// Whether the path of `uri` (before any query or fragment) ends in `.wav`,
/// in any case.
fn is_wav(uri: &str) -> bool {
    let path = uri.split(['?', '#']).next().unwrap_or_default();
    path.len() >= 4 && path.as_bytes()[path.len() - 4..].eq_ignore_ascii_case(b".wav")
}

/// A `wrong-type` error for an array item or nested value.
fn wrong_item(walk: &mut Walk, path: String, value: &Value, expected: &str) {
    let message = messages::wrong_type(&path, super::kind(value), expected);
    walk.push(Diagnostic::new(DiagnosticCode::WrongType, message).at(path));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_is_the_path_ending() {
        assert!(is_wav("https://cdn.contoso.com/beep.wav"));
        assert!(is_wav("https://cdn.contoso.com/BEEP.WAV?sig=x"));
        assert!(!is_wav("https://cdn.contoso.com/beep.mp3"));
        assert!(!is_wav("https://cdn.contoso.com/beep?x=.wav"));
        assert!(!is_wav("wav"));
    }
}
