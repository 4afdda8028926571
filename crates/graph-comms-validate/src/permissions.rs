//! The application permissions each call action needs, and a check of a
//! token's claims against them.

use crate::{CallAction, Diagnostic, DiagnosticCode};

/// The application permission subscribeToTone needs (least privileged; the
/// docs list no higher one).
pub const CALLS_ACCESS_MEDIA_ALL: &str = "Calls.AccessMedia.All";

/// The application permissions that allow subscribeToTone: any one of them
/// suffices.
pub const SUBSCRIBE_TO_TONE_APPLICATION_PERMISSIONS: &[&str] = &[CALLS_ACCESS_MEDIA_ALL];

/// The delegated permissions that allow subscribeToTone: none. "Delegated
/// (work or school account): Not supported. Delegated (personal Microsoft
/// account): Not supported."
pub const SUBSCRIBE_TO_TONE_DELEGATED_PERMISSIONS: &[&str] = &[];

/// `Calls.Initiate.All`: the least privileged permission of playPrompt,
/// cancelMediaProcessing and sendDtmfTones.
pub const CALLS_INITIATE_ALL: &str = "Calls.Initiate.All";

/// `Calls.JoinGroupCall.All`: the higher permission of updateRecordingStatus.
pub const CALLS_JOIN_GROUP_CALL_ALL: &str = "Calls.JoinGroupCall.All";

/// The application permissions that allow `action`, any one of them
/// sufficing (least privileged first), from the "Permissions" table of each
/// action's page; `None` where the reference this crate follows does not give
/// them (answer, reject, hang up), so nothing is checked.
///
/// | action | application permissions |
/// |---|---|
/// | subscribeToTone, recordResponse | `Calls.AccessMedia.All` |
/// | playPrompt, cancelMediaProcessing, sendDtmfTones | `Calls.Initiate.All`, `Calls.AccessMedia.All` |
/// | updateRecordingStatus | `Calls.AccessMedia.All`, `Calls.JoinGroupCall.All` |
/// | create call | `Calls.JoinGroupCallAsGuest.All`, `Calls.JoinGroupCall.All`, `Calls.Initiate.All`, `Calls.InitiateGroupCall.All` (app-hosted media also needs `Calls.AccessMedia.All`) |
///
/// For playPrompt and cancelMediaProcessing the docs add that permissions
/// "are checked when the call is created", not on the action. The action
/// pages say delegated permissions are not supported; for create call the
/// notes this crate follows list only the application row, and a delegated
/// token is refused for it as for the others.
///
/// ```
/// use graph_comms_validate::{application_permissions, CallAction};
///
/// assert_eq!(application_permissions(CallAction::RecordResponse), Some(&["Calls.AccessMedia.All"][..]));
/// assert_eq!(application_permissions(CallAction::HangUp), None);
/// ```
pub const fn application_permissions(action: CallAction) -> Option<&'static [&'static str]> {
    match action {
        CallAction::SubscribeToTone | CallAction::RecordResponse => {
            Some(SUBSCRIBE_TO_TONE_APPLICATION_PERMISSIONS)
        }
        CallAction::PlayPrompt | CallAction::CancelMediaProcessing | CallAction::SendDtmfTones => {
            Some(&[CALLS_INITIATE_ALL, CALLS_ACCESS_MEDIA_ALL])
        }
        CallAction::UpdateRecordingStatus => {
            Some(&[CALLS_ACCESS_MEDIA_ALL, CALLS_JOIN_GROUP_CALL_ALL])
        }
        CallAction::CreateCall => Some(&[
            "Calls.JoinGroupCallAsGuest.All",
            CALLS_JOIN_GROUP_CALL_ALL,
            CALLS_INITIATE_ALL,
            "Calls.InitiateGroupCall.All",
        ]),
        _ => None,
    }
}

fn missing_permission(action: CallAction, needed: &[&str], roles_present: bool) -> Diagnostic {
    let found = if roles_present {
        "the token's roles do not include"
    } else {
        "the token has no roles list, so it lacks"
    };
    let what = match needed {
        [one] => format!("{one}, the application permission {action} needs"),
        _ => format!(
            "any of {}, the application permissions that allow {action} (the first is the least \
             privileged)",
            needed.join(", ")
        ),
    };
    Diagnostic::new(
        DiagnosticCode::MissingPermission,
        format!(
            "{found} {what}: add it to the app registration in Microsoft Entra ID (API \
             permissions, Microsoft Graph, Application permissions), have an administrator grant \
             consent, then get a new token"
        ),
    )
    .at("roles")
}

/// Checks the `roles` claim of an app-only access token: an error
/// ([`DiagnosticCode::MissingPermission`]) naming the missing permission unless
/// one of [`SUBSCRIBE_TO_TONE_APPLICATION_PERMISSIONS`] is present. Role
/// values are compared exactly, as Microsoft Entra ID issues them.
/// [`check_roles_for`] checks another action.
///
/// ```
/// use graph_comms_validate::{check_roles, DiagnosticCode};
///
/// assert!(check_roles(&["Calls.AccessMedia.All", "Calls.JoinGroupCall.All"]).is_empty());
/// let diagnostics = check_roles(&["Calls.Initiate.All"]);
/// assert_eq!(diagnostics[0].code, DiagnosticCode::MissingPermission);
/// assert!(diagnostics[0].message.contains("Calls.AccessMedia.All"));
/// ```
pub fn check_roles(roles: &[&str]) -> Vec<Diagnostic> {
    check_roles_for(CallAction::SubscribeToTone, roles)
}

/// [`check_roles`] for `action`: an error unless one of
/// [`application_permissions`]`(action)` is among `roles`; nothing for an
/// action whose permissions are not known.
///
/// ```
/// use graph_comms_validate::{check_roles_for, CallAction, DiagnosticCode};
///
/// assert!(check_roles_for(CallAction::PlayPrompt, &["Calls.Initiate.All"]).is_empty());
/// let diagnostics = check_roles_for(CallAction::RecordResponse, &["Calls.Initiate.All"]);
/// assert_eq!(diagnostics[0].code, DiagnosticCode::MissingPermission);
/// ```
pub fn check_roles_for(action: CallAction, roles: &[&str]) -> Vec<Diagnostic> {
    let Some(needed) = application_permissions(action) else {
        return Vec::new();
    };
    if roles.iter().any(|role| needed.contains(role)) {
        Vec::new()
    } else {
        vec![missing_permission(action, needed, true)]
    }
}

/// Checks the decoded claims of an access token (the JSON payload of the
/// JWT; verifying the signature is the caller's job) for subscribeToTone:
///
/// - a `roles` array: as [`check_roles`];
/// - no `roles` but a `scp` claim: a delegated token, which subscribeToTone
///   does not support ([`DiagnosticCode::DelegatedToken`]);
/// - neither: [`DiagnosticCode::MissingPermission`].
///
/// [`check_token_claims_for`] checks another action.
///
/// ```
/// use graph_comms_validate::{check_token_claims, DiagnosticCode};
///
/// let claims = serde_json::json!({"aud": "https://graph.microsoft.com", "scp": "Calls.Initiate"});
/// assert_eq!(check_token_claims(&claims)[0].code, DiagnosticCode::DelegatedToken);
/// ```
pub fn check_token_claims(claims: &serde_json::Value) -> Vec<Diagnostic> {
    check_token_claims_for(CallAction::SubscribeToTone, claims)
}

/// [`check_token_claims`] for `action`; nothing for an action whose
/// permissions are not known ([`application_permissions`]).
///
/// ```
/// use graph_comms_validate::{check_token_claims_for, CallAction, DiagnosticCode};
///
/// let claims = serde_json::json!({"roles": ["Calls.Initiate.All"]});
/// assert!(check_token_claims_for(CallAction::SendDtmfTones, &claims).is_empty());
/// assert_eq!(check_token_claims_for(CallAction::RecordResponse, &claims)[0].code, DiagnosticCode::MissingPermission);
/// ```
pub fn check_token_claims_for(action: CallAction, claims: &serde_json::Value) -> Vec<Diagnostic> {
    let Some(needed) = application_permissions(action) else {
        return Vec::new();
    };
    match claims.get("roles") {
        Some(serde_json::Value::Array(roles)) => {
            let has = roles
                .iter()
                .filter_map(serde_json::Value::as_str)
                .any(|role| needed.contains(&role));
            if has {
                Vec::new()
            } else {
                vec![missing_permission(action, needed, true)]
            }
        }
        _ if claims.get("scp").is_some() => vec![
            Diagnostic::new(
                DiagnosticCode::DelegatedToken,
                format!(
                    "this is a delegated token (it has scp and no roles); {action} does not \
                     support delegated permissions: get an app-only token with the client \
                     credentials flow for an app granted the application permission {}",
                    needed.join(" or ")
                ),
            )
            .at("scp"),
        ],
        _ => vec![missing_permission(action, needed, false)],
    }
}
