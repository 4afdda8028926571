//! Every message text of the path analysis, in one place: what is wrong and
//! what to do. The analyzer picks the code, location and replacement; the
//! words are here, so they read alike and are reviewed together. Snapshots
//! under `tests/snapshots` pin each of them.

use super::PathTarget;
use crate::{ApiVersion, CallAction, NationalCloud};
use graph_comms_core::is_dot_segment;
use std::borrow::Cow;

/// `empty-segment`.
pub(super) const EMPTY_SEGMENT: &str = "the path has an empty segment (`//`), which Graph does \
     not route: remove the extra slash";

/// `dot-segment`.
pub(super) const DOT_SEGMENT: &str = "the path has a dot segment (`.` or `..`, possibly \
     percent-encoded), which URL resolution removes, so the request would reach another \
     resource: write the path without it";

/// `insecure-scheme`: `http` on a Graph host.
pub(super) fn insecure_scheme(cloud: NationalCloud) -> String {
    format!(
        "{} is served over https only, and the bearer token must not \
         travel in clear text: use https",
        cloud.graph_host()
    )
}

/// `invalid-url`: a scheme other than `http` or `https`.
pub(super) fn invalid_scheme(scheme: &str) -> String {
    format!(
        "`{scheme}` URLs cannot reach Microsoft Graph: use an https URL \
         (https://graph.microsoft.com/v1.0/communications/calls/{{id}}/subscribeToTone) \
         or only the path"
    )
}

/// `invalid-url`: `scheme://` with nothing before the path.
pub(super) const NO_HOST: &str = "the URL has no host: write the Graph host of your cloud \
     (https://graph.microsoft.com/v1.0/communications/calls/{id}/subscribeToTone), \
     or only the path";

/// `unknown-host`.
pub(super) fn unknown_host(host: &str) -> String {
    format!(
        "`{host}` is not a Microsoft Graph host (graph.microsoft.com, \
         graph.microsoft.us, dod-graph.microsoft.us, \
         microsoftgraph.chinacloudapi.cn): fine for a proxy or a test server, \
         otherwise use the Graph host of your national cloud"
    )
}

/// `unknown-version`: the segment in the version's place.
pub(super) fn unknown_version(segment: &str) -> String {
    format!(
        "`{segment}` is not an API version Microsoft Graph serves: use v1.0 \
         (or beta)"
    )
}

/// `missing-version`.
pub(super) const MISSING_VERSION: &str = "the URL has no API version: Microsoft Graph needs \
     /v1.0 (or /beta) between the host and the resource path";

/// `unrecognized-path`.
pub(super) const UNRECOGNIZED_PATH: &str = "this is not a Microsoft Graph calls path (such as \
     /communications/calls/{id}/subscribeToTone), so only its host and version \
     were checked";

/// What the deprecated-path messages add when the path asks for v1.0.
fn v1_note(v1: bool) -> &'static str {
    if v1 {
        ", and v1.0 never offered it"
    } else {
        ""
    }
}

/// `deprecated-app-path`; `v1` when the path asks for v1.0.
pub(super) fn deprecated_app_path(v1: bool) -> String {
    let v1_note = v1_note(v1);
    format!(
        "the /app/calls path is deprecated (\"Going forward, use the \
         /communications path\"){v1_note}: use the replacement, the same URL on \
         /communications/calls"
    )
}

/// `deprecated-applications-path`; `v1` when the path asks for v1.0.
pub(super) fn deprecated_applications_path(v1: bool) -> String {
    let v1_note = v1_note(v1);
    format!(
        "the /applications/{{appId}}/calls path is an early beta form, no longer \
         supported{v1_note}: use the replacement, the same URL on \
         /communications/calls (the token already names the app)"
    )
}

/// `call-id-placeholder`.
pub(super) const CALL_ID_PLACEHOLDER: &str = "the call id is a placeholder in braces, as in \
     the documentation's /communications/calls/{id}/subscribeToTone: put the id of the call \
     there (the `id` of the call, or the segment after /calls/ in a notification's resourceUrl)";

/// `call-id-encoded-slash`; `escape` is `%2F` or `%5C`.
pub(super) fn call_id_encoded_slash(escape: &str) -> String {
    format!(
        "the call id contains {escape}, an encoded slash or backslash, which \
         servers and proxies may decode and route as a path separator; a call id \
         never contains one: use the id exactly as Graph gave it, percent-encoded \
         once (it was probably encoded twice, or cut from a longer path)"
    )
}

/// `call-id-invalid-encoding`.
pub(super) const CALL_ID_INVALID_ENCODING: &str = "the call id has a `%` that is not followed \
     by two hex digits, or does not decode to UTF-8: percent-encode the id exactly once, as \
     UTF-8 (a `%` in the id itself is written %25)";

/// `operation-id-invalid`, for what `problem` says.
fn operation_id(problem: &str) -> String {
    format!(
        "the operation id {problem}: use the operation id exactly as Graph gave it (the \
         last segment of the Location header, or the operation's `id`)"
    )
}

/// `operation-id-invalid`: an encoded slash; `escape` is `%2F` or `%5C`.
pub(super) fn operation_id_encoded_slash(escape: &str) -> String {
    operation_id(&format!("contains {escape}, an encoded slash or backslash"))
}

/// `operation-id-invalid`: a broken `%` escape or not UTF-8.
pub(super) fn operation_id_invalid_encoding() -> String {
    operation_id("has a broken percent-encoding")
}

/// An id rule's message, for an id that was percent-decoded first.
pub(super) fn after_percent_decoding(message: &str) -> String {
    format!("after percent-decoding, {message}")
}

/// `not-offered-in-cloud`: `action` where the docs do not list it for
/// `cloud` and `version`. subscribeToTone keeps its own words.
pub(super) fn not_offered_in_cloud(
    action: CallAction,
    cloud: NationalCloud,
    version: ApiVersion,
) -> String {
    let host = cloud.graph_host();
    match action {
        CallAction::SubscribeToTone if cloud == NationalCloud::China21Vianet => format!(
            "the docs do not list subscribeToTone for {cloud} ({host}) in any version (its \
             metadata lacks even toneInfo), so expect the request to fail: tone \
             subscriptions are offered on the global service and, in v1.0, on US \
             Government L4 and L5"
        ),
        CallAction::SubscribeToTone => format!(
            "the docs list subscribeToTone in {version} only on the global service, not on \
             {cloud} ({host}): use v1.0, which {cloud} offers"
        ),
        CallAction::SendDtmfTones => format!(
            "the docs list sendDtmfTones on the global service only, in v1.0 and beta alike, \
             not on {cloud} ({host}), so expect the request to fail: send the tones from a \
             bot in the global cloud, or play them as a recorded prompt with playPrompt"
        ),
        _ if cloud == NationalCloud::China21Vianet => format!(
            "the docs do not list {action} for {cloud} ({host}), so expect the request to \
             fail: the calling actions are offered on the global service and, in v1.0, on US \
             Government L4 and L5"
        ),
        _ => format!(
            "the docs list {action} in {version} only on the global service, not on {cloud} \
             ({host}): use v1.0, which {cloud} offers"
        ),
    }
}

/// `not-subscribe-to-tone`: what the path addresses instead, and where the
/// action is.
pub(super) fn not_subscribe_to_tone(target: PathTarget<'_>) -> String {
    let what: Cow<'_, str> = match target {
        PathTarget::NotCalls => "this path is outside /communications/calls".into(),
        PathTarget::Calls => "this path addresses the calls collection".into(),
        PathTarget::Call => "this path addresses a call, with no action after its id".into(),
        PathTarget::Action(name) => {
            format!("this path addresses `{name}`, another action or property of the call").into()
        }
        PathTarget::Operations | PathTarget::Operation(_) => {
            "this path addresses the operations of a call (read them with GET)".into()
        }
        PathTarget::Nested(name) if name.is_empty() || is_dot_segment(name) => {
            "this path has a broken segment after the call id".into()
        }
        PathTarget::Nested(name) => {
            format!("this path addresses a resource under the call's `{name}`").into()
        }
    };
    format!(
        "{what}, not the subscribeToTone action: POST to \
         /communications/calls/{{id}}/subscribeToTone (after https://<Graph host>/v1.0 \
         in a full URL)"
    )
}

/// `unknown-action`: a calls path whose `target` is no call action.
pub(super) fn unknown_action(target: PathTarget<'_>) -> String {
    let what: Cow<'_, str> = match target {
        PathTarget::Operations | PathTarget::Operation(_) => {
            "this path addresses the operations of a call (read them with GET)".into()
        }
        PathTarget::Action(name) if !name.is_empty() && !is_dot_segment(name) => {
            format!("`{name}` is not a call action graph-comms knows").into()
        }
        _ => "this path names no call action".into(),
    };
    format!(
        "{what}, so a body sent to it cannot be checked against an action's rules: the actions \
         are answer, reject, subscribeToTone, playPrompt, recordResponse, \
         cancelMediaProcessing, sendDtmfTones and updateRecordingStatus after \
         /communications/calls/{{id}}/ (any case, optionally as microsoft.graph.<name>), DELETE \
         on /communications/calls/{{id}} (hang up) and POST /communications/calls (create call); \
         check the spelling"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constants were rewrapped when they moved here; their text is the
    /// one the snapshots pin, with single spaces.
    #[test]
    fn the_constants_have_single_spaces() {
        for text in [
            EMPTY_SEGMENT,
            DOT_SEGMENT,
            NO_HOST,
            MISSING_VERSION,
            UNRECOGNIZED_PATH,
            CALL_ID_PLACEHOLDER,
            CALL_ID_INVALID_ENCODING,
        ] {
            assert!(!text.contains("  "), "{text}");
            assert!(!text.contains('\n'), "{text}");
        }
    }
}
