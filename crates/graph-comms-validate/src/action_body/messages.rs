//! Every message text of the action-body checks, in one place: what is
//! wrong, where (the diagnostic's JSON path says it too) and what to do.
//! No message quotes a value from the body: property names, JSON kinds and
//! the documented limits only.

use crate::CallAction;

/// A minimal body of `action`, shown where the whole body is wrong.
pub(super) fn example(action: CallAction) -> &'static str {
    match action {
        CallAction::PlayPrompt => {
            r##"{"clientContext": "<a UUID>", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://<host>/prompt.wav"}}]}"##
        }
        CallAction::RecordResponse => {
            r##"{"clientContext": "<a UUID>", "maxRecordDurationInSeconds": 10, "stopTones": ["#"]}"##
        }
        CallAction::SendDtmfTones => r#"{"clientContext": "<a UUID>", "tones": ["<a tone name>"]}"#,
        CallAction::UpdateRecordingStatus => {
            r#"{"clientContext": "<a UUID>", "status": "recording"}"#
        }
        CallAction::Answer => {
            r##"{"callbackUri": "https://<bot>/api/calls", "acceptedModalities": ["audio"], "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}"##
        }
        CallAction::Reject => r#"{"reason": "busy"}"#,
        CallAction::CreateCall => {
            r##"{"@odata.type": "#microsoft.graph.call", "callbackUri": "https://<bot>/api/calls", "targets": […], "requestedModalities": ["audio"], "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}"##
        }
        _ => r#"{"clientContext": "<a UUID>"}"#,
    }
}

/// `wrong-type`: the value at `path` is `found` (a JSON kind), not `expected`.
pub(super) fn wrong_type(path: &str, found: &str, expected: &str) -> String {
    format!("{path} is {found}, not {expected}: write it as {expected}, or leave it out")
}

/// `wrong-type`: the body itself is not an object.
pub(super) fn body_not_object(action: CallAction, found: &str) -> String {
    format!(
        "the body is {found}, not a JSON object: send the {action} parameters as an object, \
         such as {}",
        example(action)
    )
}

/// `wrong-type`: the typed reading failed where the member walk did not (a
/// property given twice); `position` is ` (line L, column C)` or empty.
pub(super) fn wrong_type_elsewhere(action: CallAction, position: &str) -> String {
    format!(
        "a value has the wrong type{position}, probably in a property given twice: give each \
         property once; the {action} body is a JSON object such as {}",
        example(action)
    )
}

/// `unknown-property`: a name that differs from a known one only in case.
pub(super) fn wrong_case(name: &str, known: &str) -> String {
    format!("{name} is not `{known}`: property names are case-sensitive, write it as {known}")
}

/// `unknown-property`: a name `whose` (the body, a prompt, …) does not define.
pub(super) fn unknown_property(name: &str, whose: &str) -> String {
    format!("{name} is not a property {whose} defines: remove it, or check its spelling")
}

/// `callback-body`: a commsNotifications batch sent as a request body.
pub(super) fn callback_body(action: CallAction) -> String {
    format!(
        "the body is a callback body (commsNotifications: it has a `value` array and none of \
         the {action} parameters), not a request: callbacks are read, not sent; decode it with \
         `graph-comms decode FILE`, or check a request body such as {}",
        example(action)
    )
}

/// `unexpected-body`: hang up is a `DELETE` without a body.
pub(super) const UNEXPECTED_BODY: &str = "hang up is DELETE /communications/calls/{id} with no \
     body, and this request has one: send the DELETE without a body";

/// `prompts-missing`.
pub(super) fn prompts_missing(action: CallAction) -> String {
    format!(
        "the {action} body has no prompts (or an empty list), and prompts is required: give at \
         least one mediaPrompt, such as {{\"@odata.type\": \"#microsoft.graph.mediaPrompt\", \
         \"mediaInfo\": {{\"uri\": \"https://<host>/prompt.wav\"}}}}"
    )
}

/// `too-many-prompts`: `count` prompts where the docs allow `max`.
pub(super) fn too_many_prompts(action: CallAction, count: usize, max: usize) -> String {
    let what = if max == 1 {
        "one prompt, played before the recording begins".to_owned()
    } else {
        format!("at most {max} prompts (\"maximum supported MediaPrompt collection size\")")
    };
    format!(
        "the {action} body has {count} prompts, and the docs allow {what}: send fewer, or split \
         them over several requests"
    )
}

/// `prompt-not-media`: a prompt whose `@odata.type` is another or missing.
pub(super) const PROMPT_NOT_MEDIA: &str = "this prompt's @odata.type is not \
     #microsoft.graph.mediaPrompt (or it has none), and mediaPrompt is the only prompt type \
     Graph defines: the service may not play it; write \"@odata.type\": \
     \"#microsoft.graph.mediaPrompt\", as the SDKs do";

/// `media-info-missing`: a mediaPrompt without `mediaInfo`, or a mediaInfo
/// without `uri` (both are non-nullable in the metadata).
pub(super) fn media_info_missing(what: &str) -> String {
    format!(
        "{what} is missing, and the metadata does not allow it to be null: give the WAV file to \
         play, as \"mediaInfo\": {{\"uri\": \"https://<host>/prompt.wav\"}}"
    )
}

/// `media-uri-not-wav`.
pub(super) const MEDIA_URI_NOT_WAV: &str = "this media uri does not end in .wav, and the docs \
     accept only WAV files (single channel, 16-bit samples, 16,000 Hz): convert the file and \
     point the uri at the .wav (ignore this if your server serves WAV under another name)";

/// `timeout-out-of-range`: `name` outside 1–120 seconds.
pub(super) fn timeout_out_of_range(name: &str) -> String {
    format!(
        "{name} is outside the documented range of 1 to 120 seconds (the default is 5): give a \
         whole number of seconds from 1 to 120, or leave it out for the default"
    )
}

/// `stop-tone-invalid`.
pub(super) const STOP_TONE_INVALID: &str = "this stop tone is not one DTMF character: stopTones \
     are the characters of the keys (0-9, *, #, A-D), such as \"#\", not tone names (those are \
     for sendDtmfTones): write the key's character";

/// `tones-empty`.
pub(super) const TONES_EMPTY: &str = "the sendDtmfTones body has no tones (absent, null or an \
     empty list), and tones is required: give the tones to send, as a list of tone names";

/// `tone-unknown`.
pub(super) const TONE_UNKNOWN: &str = "this tone is not a tone name: tones are names of the \
     tone enumeration (the digits as `tone` and the digit, the other keys and the hook signal by \
     name; see https://learn.microsoft.com/graph/api/resources/toneinfo), not the key characters \
     0-9, * and #, which are for stopTones: write the name";

/// `play-beep-off`.
pub(super) const PLAY_BEEP_OFF: &str = "playBeep is false, which switches off the beep the \
     service plays by default (true) to tell the caller to begin speaking; the Graph SDKs send \
     false unless told otherwise: leave playBeep out (or set it to true) unless you mean no beep";

/// `prompt-loops-forever`.
pub(super) const PROMPT_LOOPS_FOREVER: &str = "loop is true, so the prompts play until \
     cancelled and no completion notification is ever sent for this operation: cancel it with \
     cancelMediaProcessing, or leave loop out (beta only; the default is false)";

/// `unknown-enum-value`: a value of `name` outside `allowed`.
pub(super) fn unknown_enum_value(name: &str, allowed: &str) -> String {
    format!("{name} is not one of the documented values: use {allowed}")
}

/// `required-property-missing`.
pub(super) fn required_missing(action: CallAction, name: &str, what_to_do: &str) -> String {
    format!("the {action} body has no {name}, which is required: {what_to_do}")
}

/// `callback-uri-not-https`.
pub(super) const CALLBACK_URI_NOT_HTTPS: &str = "callbackUri is not an https URL, and the docs \
     require https (the service posts the call's notifications, with a bearer token, there): \
     give the https URL of your bot's callback endpoint";

/// `app-hosted-media-call`.
pub(super) fn app_hosted_media_call(action: CallAction) -> String {
    format!(
        "this {action} uses appHostedMediaConfig, so the call's media goes through your own \
         media stack: playPrompt, recordResponse and subscribeToTone are supported only for \
         serviceHostedMediaConfig and will fail on it, and the app needs Calls.AccessMedia.All; \
         use \"@odata.type\": \"#microsoft.graph.serviceHostedMediaConfig\" for an IVR"
    )
}

/// `media-config-unknown`, in a body.
pub(super) const MEDIA_CONFIG_UNKNOWN: &str = "mediaConfig's @odata.type is neither \
     #microsoft.graph.serviceHostedMediaConfig nor #microsoft.graph.appHostedMediaConfig (or it \
     has none), so the service cannot tell how to host the media: write one of the two";

/// `media-config-missing`, in a create-call body.
pub(super) const MEDIA_CONFIG_MISSING: &str = "the call has no mediaConfig, so it is unknown \
     how its media will be hosted, and playPrompt, recordResponse and subscribeToTone need \
     serviceHostedMediaConfig: give \"mediaConfig\": {\"@odata.type\": \
     \"#microsoft.graph.serviceHostedMediaConfig\"}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_have_single_spaces() {
        for text in [
            UNEXPECTED_BODY,
            PROMPT_NOT_MEDIA,
            MEDIA_URI_NOT_WAV,
            STOP_TONE_INVALID,
            TONES_EMPTY,
            TONE_UNKNOWN,
            PLAY_BEEP_OFF,
            PROMPT_LOOPS_FOREVER,
            CALLBACK_URI_NOT_HTTPS,
            MEDIA_CONFIG_UNKNOWN,
            MEDIA_CONFIG_MISSING,
        ] {
            assert!(!text.contains("  "), "{text}");
        }
    }
}
