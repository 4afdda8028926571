//! The permission subscribeToTone needs, and a check of a token's claims.

use crate::{Diagnostic, DiagnosticCode};

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

fn missing_permission(roles_present: bool) -> Diagnostic {
    let found = if roles_present {
        "the token's roles do not include"
    } else {
        "the token has no roles list, so it lacks"
    };
    Diagnostic::new(
        DiagnosticCode::MissingPermission,
        format!(
            "{found} {CALLS_ACCESS_MEDIA_ALL}, the application permission subscribeToTone needs: \
             add it to the app registration in Microsoft Entra ID (API permissions, Microsoft \
             Graph, Application permissions), have an administrator grant consent, then get a \
             new token"
        ),
    )
    .at("roles")
}

/// Checks the `roles` claim of an app-only access token: an error
/// ([`DiagnosticCode::MissingPermission`]) naming the missing permission unless
/// one of [`SUBSCRIBE_TO_TONE_APPLICATION_PERMISSIONS`] is present. Role
/// values are compared exactly, as Microsoft Entra ID issues them.
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
    if roles
        .iter()
        .any(|role| SUBSCRIBE_TO_TONE_APPLICATION_PERMISSIONS.contains(role))
    {
        Vec::new()
    } else {
        vec![missing_permission(true)]
    }
}

/// Checks the decoded claims of an access token (the JSON payload of the
/// JWT; verifying the signature is the caller's job):
///
/// - a `roles` array: as [`check_roles`];
/// - no `roles` but a `scp` claim: a delegated token, which subscribeToTone
///   does not support ([`DiagnosticCode::DelegatedToken`]);
/// - neither: [`DiagnosticCode::MissingPermission`].
///
/// ```
/// use graph_comms_validate::{check_token_claims, DiagnosticCode};
///
/// let claims = serde_json::json!({"aud": "https://graph.microsoft.com", "scp": "Calls.Initiate"});
/// assert_eq!(check_token_claims(&claims)[0].code, DiagnosticCode::DelegatedToken);
/// ```
pub fn check_token_claims(claims: &serde_json::Value) -> Vec<Diagnostic> {
    match claims.get("roles") {
        Some(serde_json::Value::Array(roles)) => {
            let has = roles
                .iter()
                .filter_map(serde_json::Value::as_str)
                .any(|role| SUBSCRIBE_TO_TONE_APPLICATION_PERMISSIONS.contains(&role));
            if has {
                Vec::new()
            } else {
                vec![missing_permission(true)]
            }
        }
        _ if claims.get("scp").is_some() => vec![
            Diagnostic::new(
                DiagnosticCode::DelegatedToken,
                format!(
                    "this is a delegated token (it has scp and no roles); subscribeToTone does not \
                     support delegated permissions: get an app-only token with the client \
                     credentials flow for an app granted the application permission \
                     {CALLS_ACCESS_MEDIA_ALL}"
                ),
            )
            .at("scp"),
        ],
        _ => vec![missing_permission(false)],
    }
}
