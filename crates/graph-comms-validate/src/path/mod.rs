//! Paths and URLs: what a request line addresses, and what is wrong with it.
//!
//! The public types and entry points are here; [`lexer`] splits the input
//! into segments and reads scheme and host, [`escaping`] checks the
//! percent-encoding of the ids, [`analyzer`] walks the segments and
//! [`messages`] holds every diagnostic's text.

mod analyzer;
mod escaping;
mod lexer;
mod messages;

use crate::{ApiVersion, CallAction, CallId, Diagnostic, DiagnosticCode, NationalCloud};
use analyzer::Analyzer;
use escaping::find_encoded_slash;
use std::borrow::Cow;

/// What a calls path addresses, after the call id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PathTarget<'a> {
    /// Not a calls path (`/me/messages`, `/communications/onlineMeetings`, …).
    NotCalls,
    /// The calls collection: `/communications/calls`.
    Calls,
    /// One call: `/communications/calls/{id}`.
    Call,
    /// One segment after the call id that is not `operations`: an action such
    /// as `subscribeToTone` or `playPrompt`, or a navigation property such as
    /// `participants`. The name is as written.
    Action(&'a str),
    /// The operations of a call: `…/calls/{id}/operations`.
    Operations,
    /// One operation: `…/calls/{id}/operations/{opId}`; holds the operation id
    /// as written.
    Operation(&'a str),
    /// Something deeper under the call (`…/calls/{id}/participants/{pid}/mute`);
    /// holds the first segment after the call id.
    Nested(&'a str),
}

/// How the path reaches the calls collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CallsRoot<'a> {
    /// `/communications/calls`: the canonical form.
    Communications,
    /// `/app/calls`: deprecated (beta only; "Going forward, use the
    /// /communications path").
    App,
    /// `/applications/{appId}/calls`: the early beta form, since unsupported.
    Applications {
        /// The application id segment, as written.
        #[serde(rename = "appId")]
        app_id: &'a str,
    },
}

/// What [`analyze_path`] recognised in a path or URL, and its diagnostics.
///
/// Every `&str` borrows from the input and is exactly as written there (the
/// call id is not decoded or re-cased; see [`PathAnalysis::decoded_call_id`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathAnalysis<'a> {
    input: &'a str,
    scheme: Option<&'a str>,
    host: Option<&'a str>,
    cloud: Option<NationalCloud>,
    version: Option<ApiVersion>,
    root: Option<CallsRoot<'a>>,
    call_id: Option<&'a str>,
    target: PathTarget<'a>,
    query: Option<&'a str>,
    #[serde(skip)]
    call_id_end: Option<usize>,
    diagnostics: Vec<Diagnostic>,
}

/// Analyses a path or URL of the Graph calls API.
///
/// Takes a relative path (`/communications/calls/{id}/subscribeToTone`, the
/// leading slash optional, an optional `/v1.0` or `/beta` first), an absolute
/// URL on any host, or a URL without its scheme whose host is a Graph host
/// (`graph.microsoft.com/v1.0/…`); a query and a fragment are allowed and
/// kept. Segment names match ASCII case-insensitively, as Graph matches them;
/// the ids are never altered.
///
/// It reports the scheme, host, [`NationalCloud`], [`ApiVersion`], the
/// [`CallsRoot`], the call id and the [`PathTarget`], and these diagnostics:
///
/// - `deprecated-app-path`, `deprecated-applications-path`: `/app/calls/…`
///   and `/applications/{appId}/calls/…`, with a replacement that is the same
///   text on `/communications/calls/…`;
/// - `call-id-empty`, `call-id-invalid-character`, `call-id-dot-segment`,
///   `call-id-encoded-slash`, `call-id-invalid-encoding`: the call id segment,
///   checked after percent-decoding; `operation-id-invalid` likewise for
///   `…/operations/{opId}`;
/// - `dot-segment`, `empty-segment`: any other segment that is `.`, `..` or
///   empty;
/// - `unknown-host`, `insecure-scheme`, `invalid-url`: a host that is not a
///   Graph national cloud; `http` on a Graph host; another scheme or no host;
/// - `missing-version`, `unknown-version`: a Graph URL without `/v1.0` or
///   `/beta`; another segment in that place;
/// - `not-offered-in-cloud`: an action ([`PathAnalysis::call_action`]) where
///   the docs do not list it for that cloud and version
///   ([`CallAction::offered_in`]; sendDtmfTones is global only);
/// - `unrecognized-path`: not a calls path.
///
/// The crate documentation has the table of all codes.
///
/// A clean path allocates nothing.
///
/// ```
/// use graph_comms_validate::{analyze_path, ApiVersion, DiagnosticCode, NationalCloud, PathTarget};
///
/// let a = analyze_path("https://graph.microsoft.us/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone");
/// assert_eq!(a.cloud(), Some(NationalCloud::UsGovL4));
/// assert_eq!(a.version(), Some(ApiVersion::V1_0));
/// assert_eq!(a.call_id(), Some("57dab8b1-894c-409a-b240-bd8beae78896"));
/// assert!(a.is_subscribe_to_tone());
/// assert!(a.diagnostics().is_empty());
///
/// let a = analyze_path("/communications/calls/abc/operations/0fe0623f?x=1");
/// assert_eq!(a.target(), PathTarget::Operation("0fe0623f"));
/// assert_eq!(a.query(), Some("x=1"));
///
/// let a = analyze_path("app/calls/abc/subscribeToTone");
/// assert_eq!(a.diagnostics()[0].code, DiagnosticCode::DeprecatedAppPath);
/// assert_eq!(a.diagnostics()[0].replacement.as_deref(), Some("communications/calls/abc/subscribeToTone"));
/// ```
pub fn analyze_path(input: &str) -> PathAnalysis<'_> {
    Analyzer::new(input).run()
}

/// [`analyze_path`], then [`PathAnalysis::expect_subscribe_to_tone`]: an
/// error unless the path is the subscribeToTone action.
///
/// ```
/// use graph_comms_validate::{analyze_subscribe_to_tone_path, DiagnosticCode};
///
/// let a = analyze_subscribe_to_tone_path("/v1.0/communications/calls/abc");
/// assert_eq!(a.diagnostics()[0].code, DiagnosticCode::NotSubscribeToTone);
/// assert_eq!(a.diagnostics()[0].replacement.as_deref(), Some("/v1.0/communications/calls/abc/subscribeToTone"));
/// ```
pub fn analyze_subscribe_to_tone_path(input: &str) -> PathAnalysis<'_> {
    analyze_path(input).expect_subscribe_to_tone()
}

impl<'a> PathAnalysis<'a> {
    /// The text that was analysed.
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// The scheme of an absolute URL (`https`), as written.
    pub fn scheme(&self) -> Option<&'a str> {
        self.scheme
    }

    /// The host, as written (without user info or port).
    pub fn host(&self) -> Option<&'a str> {
        self.host
    }

    /// The national cloud the host belongs to.
    pub fn cloud(&self) -> Option<NationalCloud> {
        self.cloud
    }

    /// The API version segment, when it is `v1.0` or `beta`.
    pub fn version(&self) -> Option<ApiVersion> {
        self.version
    }

    /// How the path reaches the calls collection; `None` when it does not.
    pub fn root(&self) -> Option<CallsRoot<'a>> {
        self.root
    }

    /// Whether the path uses a deprecated form (`/app/calls`,
    /// `/applications/{appId}/calls`).
    pub fn is_deprecated(&self) -> bool {
        matches!(
            self.root,
            Some(CallsRoot::App | CallsRoot::Applications { .. })
        )
    }

    /// The call id segment, exactly as written in the path (still
    /// percent-encoded, case kept).
    pub fn call_id(&self) -> Option<&'a str> {
        self.call_id
    }

    /// The call id percent-decoded (borrowed when it has no `%`); `None` when
    /// there is none or it does not decode to UTF-8.
    pub fn decoded_call_id(&self) -> Option<Cow<'a, str>> {
        let raw = self.call_id?;
        percent_encoding::percent_decode_str(raw).decode_utf8().ok()
    }

    /// The decoded call id as a [`CallId`], when it is a valid one and the
    /// path did not encode a slash in it.
    pub fn parsed_call_id(&self) -> Option<CallId> {
        let encoded_slash = self.call_id.and_then(find_encoded_slash).is_some();
        let decoded = self.decoded_call_id()?;
        if encoded_slash {
            return None;
        }
        CallId::new(decoded.into_owned()).ok()
    }

    /// What the path addresses.
    pub fn target(&self) -> PathTarget<'a> {
        self.target
    }

    /// The action (or navigation property) name after the call id, as written.
    pub fn action(&self) -> Option<&'a str> {
        match self.target {
            PathTarget::Action(name) => Some(name),
            _ => None,
        }
    }

    /// The operation id of `…/operations/{opId}`, as written.
    pub fn operation_id(&self) -> Option<&'a str> {
        match self.target {
            PathTarget::Operation(id) => Some(id),
            _ => None,
        }
    }

    /// Whether the path is the subscribeToTone action of a call (the name
    /// matched case-insensitively, also as `microsoft.graph.subscribeToTone`).
    pub fn is_subscribe_to_tone(&self) -> bool {
        self.call_action() == Some(CallAction::SubscribeToTone)
    }

    /// The [`CallAction`] the path names, by its shape (check the request's
    /// method against [`CallAction::method`]):
    ///
    /// - `…/calls/{id}/{segment}`: the action of that segment
    ///   ([`CallAction::from_segment`]: any case, `microsoft.graph.`
    ///   qualified or not), or `None` for another segment (`participants`,
    ///   `keepAlive`, …);
    /// - `…/calls/{id}`: [`CallAction::HangUp`], the `DELETE` that is the
    ///   one write the docs give the call itself (a `GET` reads it);
    /// - `…/calls`: [`CallAction::CreateCall`] (`POST`);
    /// - anything else (operations, nested paths, not a calls path): `None`.
    ///
    /// The deprecated roots name the same actions (`/app/calls/{id}/playPrompt`
    /// is playPrompt, with its `deprecated-app-path` warning).
    ///
    /// ```
    /// use graph_comms_validate::{analyze_path, CallAction};
    ///
    /// let a = analyze_path("https://graph.microsoft.com/v1.0/communications/calls/481f3600/microsoft.graph.sendDtmfTones");
    /// assert_eq!(a.call_action(), Some(CallAction::SendDtmfTones));
    /// assert_eq!(analyze_path("/v1.0/communications/calls/abc").call_action(), Some(CallAction::HangUp));
    /// assert_eq!(analyze_path("/beta/app/calls/abc/answer").call_action(), Some(CallAction::Answer));
    /// assert_eq!(analyze_path("/communications/calls/abc/operations/op").call_action(), None);
    /// ```
    pub fn call_action(&self) -> Option<CallAction> {
        match self.target {
            PathTarget::Action(name) => CallAction::from_segment(name),
            PathTarget::Call => Some(CallAction::HangUp),
            PathTarget::Calls => Some(CallAction::CreateCall),
            _ => None,
        }
    }

    /// The query string without its `?`, as written.
    pub fn query(&self) -> Option<&'a str> {
        self.query
    }

    /// The diagnostics, in the order they were found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics, owned.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        crate::has_errors(&self.diagnostics)
    }

    /// The replacement offered for a deprecated path: the same text on
    /// `/communications/calls/…`.
    pub fn replacement(&self) -> Option<&str> {
        self.diagnostics
            .iter()
            .find(|d| {
                matches!(
                    d.code,
                    DiagnosticCode::DeprecatedAppPath | DiagnosticCode::DeprecatedApplicationsPath
                )
            })
            .and_then(|d| d.replacement.as_deref())
    }

    /// Adds a [`DiagnosticCode::UnknownAction`] warning when the path is a
    /// calls path that names no [`CallAction`] ([`PathAnalysis::call_action`]
    /// is `None`: an operation, a navigation property, `keepAlive`, a
    /// misspelt action), so that a body sent to it cannot be checked against
    /// an action's rules. A path outside the calls API already has its
    /// `unrecognized-path` warning.
    ///
    /// ```
    /// use graph_comms_validate::{analyze_path, DiagnosticCode};
    ///
    /// let a = analyze_path("/v1.0/communications/calls/abc/playPromt").expect_call_action();
    /// assert_eq!(a.diagnostics()[0].code, DiagnosticCode::UnknownAction);
    /// assert!(analyze_path("/v1.0/communications/calls/abc/playPrompt").expect_call_action().diagnostics().is_empty());
    /// ```
    #[must_use]
    pub fn expect_call_action(mut self) -> Self {
        if self.root.is_some() && self.call_action().is_none() {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::UnknownAction,
                    messages::unknown_action(self.target),
                )
                .at("path"),
            );
        }
        self
    }

    /// Adds a [`DiagnosticCode::NotSubscribeToTone`] error unless the path is
    /// the subscribeToTone action (replacing the `unrecognized-path` warning,
    /// which the error says more precisely). When the path ends at a call,
    /// the replacement appends `/subscribeToTone`.
    #[must_use]
    pub fn expect_subscribe_to_tone(mut self) -> Self {
        if self.is_subscribe_to_tone() {
            return self;
        }
        self.diagnostics
            .retain(|d| d.code != DiagnosticCode::UnrecognizedPath);
        let mut diagnostic = Diagnostic::new(
            DiagnosticCode::NotSubscribeToTone,
            messages::not_subscribe_to_tone(self.target),
        )
        .at("path");
        if let (PathTarget::Call, Some(end)) = (self.target, self.call_id_end) {
            diagnostic = diagnostic.with_replacement(format!(
                "{}/subscribeToTone{}",
                &self.input[..end],
                &self.input[end..]
            ));
        }
        self.diagnostics.push(diagnostic);
        self
    }
}
