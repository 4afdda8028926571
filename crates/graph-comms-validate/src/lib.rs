//! The documented rules of the Graph call actions (subscribeToTone,
//! playPrompt, recordResponse, cancelMediaProcessing, sendDtmfTones,
//! updateRecordingStatus, answer, reject, hang up, create call), checked
//! before anything is sent, as diagnostics that say what to change.
//!
//! The service answers a broken request late and opaquely: a tone
//! subscription on an app-hosted call gets "500 … code 9999", and a too-long
//! clientContext or a deprecated path may be accepted today and refused
//! tomorrow. This crate knows the rules of the docs page and reports each
//! broken one as a [`Diagnostic`]: a stable kebab-case [`DiagnosticCode`], a
//! [`Severity`], a message, a location and, when there is exactly one right
//! answer, a replacement. It does no I/O and depends only on the models.
//!
//! # Values that are valid by construction
//!
//! [`ClientContext`] and [`CallId`] can only hold valid values: build them
//! once, and every request made from them is right.
//!
//! ```
//! use graph_comms_validate::{CallId, ClientContext};
//!
//! let context = ClientContext::generate(); // a fresh UUID: 36 ASCII characters
//! assert_eq!(context.as_str().len(), 36);
//! assert!(ClientContext::new("x".repeat(257)).is_err());
//!
//! let id = CallId::new("57DAB8B1894C409AB240BD8BEAE78896")?; // opaque, case kept
//! assert!(CallId::new("../participants").is_err()); // could leave its path segment
//! # let _ = id;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Checking a request before sending it
//!
//! ```
//! use graph_comms_validate::{analyze_subscribe_to_tone_path, check_request_body, DiagnosticCode};
//!
//! let url = "https://graph.microsoft.com/beta/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1";
//! let path = analyze_subscribe_to_tone_path(url);
//! let [warning] = path.diagnostics() else { panic!("one warning expected") };
//! assert_eq!(warning.code, DiagnosticCode::DeprecatedAppPath);
//! assert_eq!(
//!     warning.replacement.as_deref(),
//!     Some("https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone?x=1")
//! );
//!
//! let body = check_request_body(br#"{"clientContext": "fd1c7836-4d84-4e24-b6aa-23188688cc54", "tenantHint": "x"}"#);
//! assert_eq!(body.diagnostics[0].code, DiagnosticCode::UnknownProperty);
//! assert_eq!(body.diagnostics[0].location.as_deref(), Some("$.tenantHint"));
//!
//! // Diagnostics print as the JSON the CLI shows.
//! let json = serde_json::to_value(&body.diagnostics[0])?;
//! assert_eq!(json["severity"], "warning");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Checking the call and the token
//!
//! ```
//! use graph_comms_models::{Call, MediaConfig};
//! use graph_comms_validate::{check_media_config, check_roles, DiagnosticCode};
//!
//! let mut call = Call::default();
//! call.media_config = Some(MediaConfig::app_hosted());
//! assert_eq!(check_media_config(&call)[0].code, DiagnosticCode::AppHostedMedia);
//! call.media_config = Some(MediaConfig::service_hosted());
//! assert!(check_media_config(&call).is_empty());
//!
//! assert_eq!(check_roles(&["Calls.Initiate.All"])[0].code, DiagnosticCode::MissingPermission);
//! ```
//!
//! # Diagnostic codes
//!
//! Codes and severities are stable; messages may be reworded. Messages never
//! quote a value from a request body (property names only), so diagnostics
//! are safe to log.
//!
//! | code | severity | when |
//! |---|---|---|
//! | `client-context-empty` | error | clientContext is `""` (refused: the docs call it a "unique client context string"; leave it out instead) |
//! | `client-context-too-long` | error | clientContext has more than 256 characters (Unicode scalar values, as JSON Schema's `maxLength` counts) |
//! | `client-context-utf16-length` | warning | clientContext fits in 256 characters but not in 256 UTF-16 code units, which the .NET service may count |
//! | `client-context-control-character` | warning | clientContext contains a control character (a newline, a NUL, …): it comes back in the operation and in every notification, and logs and other systems may mangle it |
//! | `client-context-missing` | warning | the request body has no clientContext (or `null`), so the operation cannot be correlated with the request |
//! | `invalid-json` | error | the request body is not JSON; located by line and column |
//! | `wrong-type` | error | the body is not an object, or clientContext is not a string; located by JSON path |
//! | `callback-body` | error | the body is a callback body (commsNotifications: a `value` array, no clientContext), not a request; read callbacks with `graph-comms decode` |
//! | `unknown-property` | warning | the body has a property its action does not define (subscribeToTone: anything but clientContext, `@odata.type` included); when only the case differs, the replacement is the right name |
//! | `call-id-empty` | error | the call id is empty |
//! | `call-id-invalid-character` | error | the call id contains `/`, `\`, `?`, `#`, whitespace or a control character (in a path: after percent-decoding) |
//! | `call-id-placeholder` | error | the call id is a placeholder in braces (`{id}`, `{call-id}`), as in the documentation's paths |
//! | `call-id-too-long` | error | the call id is longer than 256 bytes (`graph_comms_core::ID_MAX_LEN`; in a path: after percent-decoding) |
//! | `call-id-dot-segment` | error | the call id is `.` or `..` (in a path: also percent-encoded) |
//! | `call-id-encoded-slash` | error | the call id in a path contains `%2F` or `%5C` |
//! | `call-id-invalid-encoding` | error | the call id in a path has a `%` without two hex digits, or does not decode to UTF-8 |
//! | `operation-id-invalid` | error | the operation id of `…/operations/{opId}` is empty, a dot segment, or has an unsafe or encoded character |
//! | `invalid-url` | error | the URL's scheme is not http(s), or it has no host |
//! | `insecure-scheme` | error | a Microsoft Graph URL uses `http`; the replacement uses `https` |
//! | `unknown-host` | warning | the host is not one of the four Graph national-cloud hosts (fine for a proxy or a test server) |
//! | `missing-version` | error | a Microsoft Graph URL has no `/v1.0` or `/beta`; the replacement adds `/v1.0` |
//! | `unknown-version` | error | the segment before `/communications` (or `/app`) is not `v1.0` or `beta` |
//! | `unrecognized-path` | warning | the path is not a calls path, so it was not checked further |
//! | `deprecated-app-path` | warning | `/app/calls/…`; the replacement is the same text on `/communications/calls/…` |
//! | `deprecated-applications-path` | warning | `/applications/{appId}/calls/…`; the replacement is the same text on `/communications/calls/…` |
//! | `empty-segment` | error | the path has an empty segment (`//`) |
//! | `dot-segment` | error | a path segment other than the ids is `.` or `..` (also percent-encoded) |
//! | `not-subscribe-to-tone` | error | the path is not the subscribeToTone action, and that was what was checked |
//! | `not-offered-in-cloud` | warning | the docs do not list the action the path names for this cloud in this version (subscribeToTone, playPrompt, cancelMediaProcessing, updateRecordingStatus: beta global only, v1.0 not China; sendDtmfTones: global only; see `CallAction::offered_in`) |
//! | `app-hosted-media` | error | the call uses `appHostedMediaConfig`; subscribeToTone, playPrompt and recordResponse need `serviceHostedMediaConfig` |
//! | `media-config-missing` | warning | the call has no `mediaConfig`, so the precondition could not be checked |
//! | `media-config-unknown` | warning | the call's `mediaConfig` is of another or no `@odata.type` |
//! | `missing-permission` | error | the token's `roles` lack every application permission the action allows (subscribeToTone: `Calls.AccessMedia.All`; see `application_permissions`) |
//! | `delegated-token` | error | the token is delegated (`scp`, no `roles`); the calling actions support application permissions only |
//! | `unknown-action` | warning | a calls path names no call action (`PathAnalysis::expect_call_action`): an operation, a navigation property, `keepAlive`, a misspelt action |
//! | `unexpected-body` | warning | a hang up (`DELETE` on the call) has a body |
//! | `prompts-missing` | error | playPrompt has no `prompts` (absent, `null` or `[]`) |
//! | `too-many-prompts` | error | more than 20 prompts for playPrompt, more than 1 for recordResponse |
//! | `prompt-not-media` | warning | a prompt's `@odata.type` is not `#microsoft.graph.mediaPrompt`, or it has none |
//! | `media-info-missing` | error | a mediaPrompt without `mediaInfo`, or a mediaInfo without `uri` (both non-nullable) |
//! | `media-uri-not-wav` | warning | a mediaInfo `uri` (prompt or `preFetchMedia`) whose path does not end in `.wav`: the docs accept WAV only |
//! | `prompt-loops-forever` | warning | playPrompt (beta) with `loop: true`: no completion notification is ever sent |
//! | `timeout-out-of-range` | error | recordResponse `initialSilenceTimeoutInSeconds`, `maxSilenceTimeoutInSeconds` or `maxRecordDurationInSeconds` outside 1–120 |
//! | `stop-tone-invalid` | error | a recordResponse `stopTones` entry is not one DTMF character (`0`–`9`, `*`, `#`, `A`–`D`), e.g. a tone name |
//! | `play-beep-off` | warning | recordResponse has an explicit `playBeep: false` (legal, but it switches off the service default `true`; the SDKs send it) |
//! | `tones-empty` | error | sendDtmfTones has no `tones` (absent, `null` or `[]`) |
//! | `tone-unknown` | error | a sendDtmfTones tone is not a name of the `tone` enumeration, e.g. the character `#` |
//! | `unknown-enum-value` | error | a reject `reason`, recording `status` or modality outside the documented values |
//! | `required-property-missing` | error | updateRecordingStatus `status`, answer `acceptedModalities`/`mediaConfig`, create-call `callbackUri` absent |
//! | `callback-uri-not-https` | error | a `callbackUri` (answer, reject, create call) that is not https |
//! | `app-hosted-media-call` | warning | answer or create call with `appHostedMediaConfig`: playPrompt, recordResponse and subscribeToTone will not work on that call |
//!
//! # Features
//!
//! - `schemars`: implements `schemars::JsonSchema` for [`ClientContext`] and
//!   [`CallId`] (through graph-comms-core).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod action_body;
mod body;
mod client_context;
mod diagnostic;
mod id;
mod media;
mod path;
mod permissions;

pub use action_body::{ActionBodyCheck, check_action_body};
pub use body::{BodyCheck, check_request_body};
pub use client_context::{client_context_utf16_warning, diagnose_client_context};
pub use diagnostic::{Diagnostic, DiagnosticCode, Severity, has_errors};
/// The vocabulary this crate takes and returns, from graph-comms-core.
pub use graph_comms_core::{
    ApiVersion, CallAction, CallId, ClientContext, ClientContextError, ClientContextErrorKind,
    IdError, IdErrorKind, NationalCloud, OperationId,
};
pub use media::{check_media_config, check_media_config_for};
pub use path::{CallsRoot, PathAnalysis, PathTarget, analyze_path, analyze_subscribe_to_tone_path};
pub use permissions::{
    CALLS_ACCESS_MEDIA_ALL, CALLS_INITIATE_ALL, CALLS_JOIN_GROUP_CALL_ALL,
    SUBSCRIBE_TO_TONE_APPLICATION_PERMISSIONS, SUBSCRIBE_TO_TONE_DELEGATED_PERMISSIONS,
    application_permissions, check_roles, check_roles_for, check_token_claims,
    check_token_claims_for,
};

/// The README shown on crates.io: its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
