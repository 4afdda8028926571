//! The mediaConfig precondition: subscribeToTone, playPrompt and
//! recordResponse work only on service-hosted media.

use crate::{CallAction, Diagnostic, DiagnosticCode};
use graph_comms_models::{Call, MediaConfig};

/// Checks that `call` can take a tone subscription: "The subscribeToTone
/// action is supported only for calls that are initiated with
/// serviceHostedMediaConfig."
///
/// - `appHostedMediaConfig`: an error ([`DiagnosticCode::AppHostedMedia`]);
///   the service would answer with an opaque `500` (code 9999);
/// - no `mediaConfig`: a warning ([`DiagnosticCode::MediaConfigMissing`]):
///   notifications often carry only part of the call;
/// - another or no `@odata.type`: a warning
///   ([`DiagnosticCode::MediaConfigUnknown`]);
/// - `serviceHostedMediaConfig`: nothing.
///
/// ```
/// use graph_comms_models::Call;
/// use graph_comms_validate::{check_media_config, DiagnosticCode};
///
/// let call: Call = graph_comms_models::from_slice(
///     br##"{"mediaConfig": {"@odata.type": "#microsoft.graph.appHostedMediaConfig"}}"##,
/// )?;
/// let diagnostics = check_media_config(&call);
/// assert_eq!(diagnostics[0].code, DiagnosticCode::AppHostedMedia);
/// assert_eq!(diagnostics[0].location.as_deref(), Some("$.mediaConfig"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_media_config(call: &Call) -> Vec<Diagnostic> {
    check_media_config_for(CallAction::SubscribeToTone, call)
}

/// Checks that `call` can take `action`: for the actions that the docs say
/// are "supported only for calls that are initiated with
/// serviceHostedMediaConfig" ([`CallAction::requires_service_hosted_media`]:
/// subscribeToTone, playPrompt, recordResponse) the diagnostics of
/// [`check_media_config`], naming the action; for any other action, none.
///
/// ```
/// use graph_comms_models::{Call, MediaConfig};
/// use graph_comms_validate::{check_media_config_for, CallAction, DiagnosticCode};
///
/// let mut call = Call::default();
/// call.media_config = Some(MediaConfig::app_hosted());
/// let diagnostics = check_media_config_for(CallAction::PlayPrompt, &call);
/// assert_eq!(diagnostics[0].code, DiagnosticCode::AppHostedMedia);
/// assert!(diagnostics[0].message.starts_with("playPrompt is supported only"));
/// assert!(check_media_config_for(CallAction::SendDtmfTones, &call).is_empty());
/// ```
pub fn check_media_config_for(action: CallAction, call: &Call) -> Vec<Diagnostic> {
    if !action.requires_service_hosted_media() {
        return Vec::new();
    }
    if action != CallAction::SubscribeToTone {
        return other_action(action, call);
    }
    let diagnostic = match &call.media_config {
        Some(MediaConfig::ServiceHosted(_)) => return Vec::new(),
        Some(MediaConfig::AppHosted(_)) => Diagnostic::new(
            DiagnosticCode::AppHostedMedia,
            "subscribeToTone is supported only for calls initiated with \
             serviceHostedMediaConfig, and this call uses appHostedMediaConfig (the service \
             answers such a request with an opaque 500, code 9999): read the tones from your \
             own media stream instead, or create the call with serviceHostedMediaConfig",
        ),
        None => Diagnostic::new(
            DiagnosticCode::MediaConfigMissing,
            "the call has no mediaConfig, so it is unknown whether it was initiated with \
             serviceHostedMediaConfig, which subscribeToTone requires: check the call as \
             created, or as read with GET /communications/calls/{id}",
        ),
        Some(_) => Diagnostic::new(
            DiagnosticCode::MediaConfigUnknown,
            "the call's mediaConfig is neither serviceHostedMediaConfig nor \
             appHostedMediaConfig (its @odata.type is another or missing), and subscribeToTone \
             is supported only for serviceHostedMediaConfig: make sure the call was created \
             with \"@odata.type\": \"#microsoft.graph.serviceHostedMediaConfig\"",
        ),
    };
    vec![diagnostic.at("$.mediaConfig")]
}

/// [`check_media_config_for`] for playPrompt and recordResponse (the
/// subscribeToTone words above stay as they were).
fn other_action(action: CallAction, call: &Call) -> Vec<Diagnostic> {
    let diagnostic = match &call.media_config {
        Some(MediaConfig::ServiceHosted(_)) => return Vec::new(),
        Some(MediaConfig::AppHosted(_)) => Diagnostic::new(
            DiagnosticCode::AppHostedMedia,
            format!(
                "{action} is supported only for calls initiated with serviceHostedMediaConfig, \
                 and this call uses appHostedMediaConfig: play or record the audio in your own \
                 media stream instead, or create the call with serviceHostedMediaConfig"
            ),
        ),
        None => Diagnostic::new(
            DiagnosticCode::MediaConfigMissing,
            format!(
                "the call has no mediaConfig, so it is unknown whether it was initiated with \
                 serviceHostedMediaConfig, which {action} requires: check the call as created, \
                 or as read with GET /communications/calls/{{id}}"
            ),
        ),
        Some(_) => Diagnostic::new(
            DiagnosticCode::MediaConfigUnknown,
            format!(
                "the call's mediaConfig is neither serviceHostedMediaConfig nor \
                 appHostedMediaConfig (its @odata.type is another or missing), and {action} is \
                 supported only for serviceHostedMediaConfig: make sure the call was created \
                 with \"@odata.type\": \"#microsoft.graph.serviceHostedMediaConfig\""
            ),
        ),
    };
    vec![diagnostic.at("$.mediaConfig")]
}
