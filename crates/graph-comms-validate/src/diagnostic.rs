//! Diagnostics: what is wrong, how bad it is, where, and what to write instead.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a [`Diagnostic`] is.
///
/// Serialises as `"error"` or `"warning"`. Orders `Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The request may work today but is deprecated, unusual or ambiguous:
    /// look at it.
    Warning,
    /// The request breaks a documented rule: the service refuses it (often
    /// late and opaquely) or it reaches a different resource. Fix it.
    Error,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! diagnostic_codes {
    ($( $(#[$meta:meta])* $variant:ident = $code:literal, $severity:ident, $summary:literal; )+) => {
        /// A stable identifier of a rule, written in kebab case (`client-context-too-long`).
        ///
        /// The code and its severity never change once released; the message
        /// may be reworded. The full table is in the crate documentation.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $( $(#[$meta])* $variant, )+
        }

        impl DiagnosticCode {
            /// Every code, in the order of the documented table.
            pub const ALL: &'static [DiagnosticCode] = &[ $( DiagnosticCode::$variant, )+ ];

            /// The kebab-case code, e.g. `"deprecated-app-path"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( DiagnosticCode::$variant => $code, )+
                }
            }

            /// The severity of every diagnostic with this code.
            pub const fn severity(self) -> Severity {
                match self {
                    $( DiagnosticCode::$variant => Severity::$severity, )+
                }
            }

            /// One line saying when this code is given (the table's text).
            pub const fn summary(self) -> &'static str {
                match self {
                    $( DiagnosticCode::$variant => $summary, )+
                }
            }

            /// Looks a kebab-case code up (exact spelling).
            pub fn from_code(code: &str) -> Option<DiagnosticCode> {
                match code {
                    $( $code => Some(DiagnosticCode::$variant), )+
                    _ => None,
                }
            }
        }
    };
}

diagnostic_codes! {
    /// `clientContext` is the empty string.
    ClientContextEmpty = "client-context-empty", Error,
        "clientContext is the empty string; it must identify the request";
    /// `clientContext` has more than 256 characters.
    ClientContextTooLong = "client-context-too-long", Error,
        "clientContext is longer than 256 characters (Unicode scalar values)";
    /// `clientContext` fits in 256 characters but not in 256 UTF-16 units.
    ClientContextUtf16Length = "client-context-utf16-length", Warning,
        "clientContext fits in 256 characters but is over 256 UTF-16 code units, which the .NET service may count";
    /// `clientContext` contains a control character.
    ClientContextControlCharacter = "client-context-control-character", Warning,
        "clientContext contains a control character, which comes back in every notification and which logs and other systems may mangle";
    /// The request body has no `clientContext` (or `null`).
    ClientContextMissing = "client-context-missing", Warning,
        "the request body has no clientContext, so the operation cannot be correlated with the request";
    /// The request body is not JSON.
    InvalidJson = "invalid-json", Error,
        "the request body is not valid JSON (the location gives line and column)";
    /// A value of the request body has the wrong JSON type.
    WrongType = "wrong-type", Error,
        "a value of the request body has the wrong JSON type (the location gives its JSON path)";
    /// The request body is a callback body (commsNotifications), not a request.
    CallbackBody = "callback-body", Error,
        "the body is a callback body (it has a value array), which is read, not sent";
    /// The request body has a property subscribeToTone does not define.
    UnknownProperty = "unknown-property", Warning,
        "the request body has a property that the action does not define";
    /// The call id is empty.
    CallIdEmpty = "call-id-empty", Error,
        "the call id is empty";
    /// The call id contains a character that could break out of its path segment.
    CallIdInvalidCharacter = "call-id-invalid-character", Error,
        "the call id contains /, \\, ?, #, whitespace or a control character (possibly percent-encoded)";
    /// The call id is a documentation placeholder such as `{id}`.
    CallIdPlaceholder = "call-id-placeholder", Error,
        "the call id is a placeholder in braces, such as {id}, copied from the documentation";
    /// The call id is longer than 256 bytes.
    CallIdTooLong = "call-id-too-long", Error,
        "the call id is longer than 256 bytes (after percent-decoding), the workspace's bound for an id Graph gives as 36 characters";
    /// The call id is `.` or `..`.
    CallIdDotSegment = "call-id-dot-segment", Error,
        "the call id is a dot segment (. or .., possibly percent-encoded), which URL resolution removes";
    /// The call id in a path contains `%2F` or `%5C`.
    CallIdEncodedSlash = "call-id-encoded-slash", Error,
        "the call id in a path contains an encoded slash (%2F) or backslash (%5C)";
    /// The call id in a path has a broken percent-encoding.
    CallIdInvalidEncoding = "call-id-invalid-encoding", Error,
        "the call id in a path has a % not followed by two hex digits, or does not decode to UTF-8";
    /// The operation id in `…/operations/{opId}` is empty or unsafe.
    OperationIdInvalid = "operation-id-invalid", Error,
        "the operation id in .../operations/{opId} is empty, a dot segment, or contains an unsafe character";
    /// The text is not a URL or path that can be analysed.
    InvalidUrl = "invalid-url", Error,
        "the URL has an unsupported scheme or no host";
    /// A Graph URL uses a scheme other than `https`.
    InsecureScheme = "insecure-scheme", Error,
        "a Microsoft Graph URL does not use https";
    /// The host is not one of the four Graph national-cloud hosts.
    UnknownHost = "unknown-host", Warning,
        "the host is not a Microsoft Graph national-cloud host (fine for a proxy or a test server)";
    /// A Graph URL has no `/v1.0` or `/beta` segment.
    MissingVersion = "missing-version", Error,
        "a Microsoft Graph URL has no API version (/v1.0 or /beta) before the resource path";
    /// The segment in the version position is not `v1.0` or `beta`.
    UnknownVersion = "unknown-version", Error,
        "the segment before /communications (or /app) is not an API version Graph serves";
    /// The path is not a calls path, so nothing more was checked.
    UnrecognizedPath = "unrecognized-path", Warning,
        "the path is not a Graph calls path (/communications/calls/...), so it was not checked further";
    /// The path uses the deprecated `/app/calls/…` form.
    DeprecatedAppPath = "deprecated-app-path", Warning,
        "the path uses the deprecated /app/calls/... form; the replacement uses /communications/calls/...";
    /// The path uses the deprecated `/applications/{appId}/calls/…` form.
    DeprecatedApplicationsPath = "deprecated-applications-path", Warning,
        "the path uses the deprecated /applications/{appId}/calls/... form; the replacement uses /communications/calls/...";
    /// The path has an empty segment (`//`).
    EmptySegment = "empty-segment", Error,
        "the path has an empty segment (//)";
    /// The path has a `.` or `..` segment.
    DotSegment = "dot-segment", Error,
        "the path has a dot segment (. or .., possibly percent-encoded), which URL resolution removes";
    /// The path is not the subscribeToTone action, and that was what was checked.
    NotSubscribeToTone = "not-subscribe-to-tone", Error,
        "the path is not POST .../communications/calls/{id}/subscribeToTone, which was what was checked";
    /// The docs do not list the action for this cloud and version.
    NotOfferedInCloud = "not-offered-in-cloud", Warning,
        "the docs do not list the action the path names in this national cloud for this API version";
    /// The call's media is app-hosted.
    AppHostedMedia = "app-hosted-media", Error,
        "the call uses appHostedMediaConfig; the action (subscribeToTone, playPrompt, recordResponse) is supported only for serviceHostedMediaConfig";
    /// The call has no `mediaConfig`.
    MediaConfigMissing = "media-config-missing", Warning,
        "the call has no mediaConfig, so the service-hosted precondition could not be checked";
    /// The call's `mediaConfig` has an unknown or no `@odata.type`.
    MediaConfigUnknown = "media-config-unknown", Warning,
        "the call's mediaConfig has an @odata.type that is neither service- nor app-hosted (or none)";
    /// The token lacks the application permission `Calls.AccessMedia.All`.
    MissingPermission = "missing-permission", Error,
        "the token's roles include none of the application permissions the action needs (subscribeToTone: Calls.AccessMedia.All)";
    /// The token is a delegated (user) token.
    DelegatedToken = "delegated-token", Error,
        "the token is delegated (scp, no roles); the calling actions support application permissions only";
    /// A calls path that names no call action.
    UnknownAction = "unknown-action", Warning,
        "the calls path names no call action (an operation, a navigation property, keepAlive, a misspelt action), so a body cannot be checked against its rules";
    /// A hang up (`DELETE`) has a body.
    UnexpectedBody = "unexpected-body", Warning,
        "the request has a body, and the action (hang up: DELETE on the call) takes none";
    /// playPrompt has no prompts.
    PromptsMissing = "prompts-missing", Error,
        "the playPrompt body has no prompts (absent, null or empty); prompts is required";
    /// More prompts than the action allows.
    TooManyPrompts = "too-many-prompts", Error,
        "the body has more prompts than the docs allow (20 for playPrompt, 1 for recordResponse)";
    /// A prompt is not a mediaPrompt.
    PromptNotMedia = "prompt-not-media", Warning,
        "a prompt's @odata.type is not #microsoft.graph.mediaPrompt (or it has none), the only prompt type";
    /// A mediaPrompt without mediaInfo, or a mediaInfo without uri.
    MediaInfoMissing = "media-info-missing", Error,
        "a mediaPrompt has no mediaInfo, or a mediaInfo has no uri (both non-nullable)";
    /// A media uri that does not end in `.wav`.
    MediaUriNotWav = "media-uri-not-wav", Warning,
        "a mediaInfo uri does not end in .wav; the docs accept WAV only (mono, 16-bit, 16 kHz)";
    /// playPrompt (beta) with `loop: true`.
    PromptLoopsForever = "prompt-loops-forever", Warning,
        "playPrompt has loop: true, so it plays until cancelled and no completion notification is sent";
    /// A recordResponse timeout outside 1–120 s.
    TimeoutOutOfRange = "timeout-out-of-range", Error,
        "initialSilenceTimeoutInSeconds, maxSilenceTimeoutInSeconds or maxRecordDurationInSeconds is outside 1-120";
    /// A stop tone that is not one DTMF character.
    StopToneInvalid = "stop-tone-invalid", Error,
        "a recordResponse stop tone is not one DTMF character (0-9, *, #, A-D), e.g. a tone name";
    /// recordResponse with an explicit `playBeep: false`.
    PlayBeepOff = "play-beep-off", Warning,
        "recordResponse sets playBeep to false, switching off the service default (true), as the SDKs do";
    /// sendDtmfTones without tones.
    TonesEmpty = "tones-empty", Error,
        "the sendDtmfTones body has no tones (absent, null or empty); tones is required";
    /// A sendDtmfTones tone that is not a tone name.
    ToneUnknown = "tone-unknown", Error,
        "a sendDtmfTones tone is not a name of the tone enumeration (e.g. a key character)";
    /// An enum value outside the documented ones.
    UnknownEnumValue = "unknown-enum-value", Error,
        "a value is not one of the documented values (reject reason, recording status, modality)";
    /// A required parameter is missing.
    RequiredPropertyMissing = "required-property-missing", Error,
        "a parameter the docs or the metadata require is absent or null";
    /// A callbackUri that is not https.
    CallbackUriNotHttps = "callback-uri-not-https", Error,
        "a callbackUri is not an https URL, which the docs require";
    /// Answer or create call with app-hosted media.
    AppHostedMediaCall = "app-hosted-media-call", Warning,
        "the call is answered or created with appHostedMediaConfig, so playPrompt, recordResponse and subscribeToTone will not work on it";
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DiagnosticCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = DiagnosticCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a graph-comms-validate diagnostic code")
            }
            fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<DiagnosticCode, E> {
                DiagnosticCode::from_code(code)
                    .ok_or_else(|| E::custom("not a graph-comms-validate diagnostic code"))
            }
        }
        deserializer.deserialize_str(CodeVisitor)
    }
}

/// One finding: a stable `code`, its `severity`, a `message` that says what
/// to do, where (`location`: a JSON path such as `$.clientContext`, or a URL
/// part such as `host` or `call id`) and, when there is one, the exact text to
/// use instead (`replacement`).
///
/// Serialises to the JSON the CLI prints; absent fields are `null`:
///
/// ```
/// use graph_comms_validate::{Diagnostic, DiagnosticCode};
///
/// let d = Diagnostic::new(DiagnosticCode::UnknownProperty, "remove it").at("$.tenantHint");
/// assert_eq!(
///     serde_json::to_string(&d).unwrap(),
///     r#"{"code":"unknown-property","severity":"warning","message":"remove it","location":"$.tenantHint","replacement":null}"#
/// );
/// ```
///
/// No message quotes a value from a request body (property names only), so
/// diagnostics are safe to log: tone data may not be persisted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Which rule this is.
    pub code: DiagnosticCode,
    /// How bad it is; always `code.severity()`.
    pub severity: Severity,
    /// What is wrong and what to do about it.
    pub message: String,
    /// Where: a JSON path (`$.clientContext`) or a URL part (`host`,
    /// `version`, `call id`, `path segment 3`, …).
    pub location: Option<String>,
    /// The text to use instead, when there is exactly one right answer (the
    /// canonical URL for a deprecated path).
    pub replacement: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the severity of `code`, no location and no replacement.
    pub fn new(code: DiagnosticCode, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            location: None,
            replacement: None,
        }
    }

    /// Sets the location.
    #[must_use]
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Sets the replacement.
    #[must_use]
    pub fn with_replacement(mut self, replacement: impl Into<String>) -> Self {
        self.replacement = Some(replacement.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One line: `warning[deprecated-app-path] at path: … (replacement: …)`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity, self.code)?;
        if let Some(location) = &self.location {
            write!(f, " at {location}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(replacement) = &self.replacement {
            write!(f, " (replacement: {replacement})")?;
        }
        Ok(())
    }
}

/// Whether any of `diagnostics` is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
