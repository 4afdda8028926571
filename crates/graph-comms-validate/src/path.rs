//! Paths and URLs: what a request line addresses, and what is wrong with it.

use crate::{
    ApiVersion, CallId, Diagnostic, DiagnosticCode, IdError, IdErrorKind, NationalCloud,
    OperationId,
};
use graph_comms_core::is_dot_segment;
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
/// - `not-offered-in-cloud`: the subscribeToTone action where the docs do not
///   list it for that cloud and version;
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
        matches!(self.target, PathTarget::Action(name) if is_subscribe_to_tone_name(name))
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
        let what: Cow<'_, str> = match self.target {
            PathTarget::NotCalls => "this path is outside /communications/calls".into(),
            PathTarget::Calls => "this path addresses the calls collection".into(),
            PathTarget::Call => "this path addresses a call, with no action after its id".into(),
            PathTarget::Action(name) => {
                format!("this path addresses `{name}`, another action or property of the call")
                    .into()
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
        let mut diagnostic = Diagnostic::new(
            DiagnosticCode::NotSubscribeToTone,
            format!(
                "{what}, not the subscribeToTone action: POST to \
                 /communications/calls/{{id}}/subscribeToTone (after https://<Graph host>/v1.0 \
                 in a full URL)"
            ),
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

fn is_subscribe_to_tone_name(name: &str) -> bool {
    let name = match name.get(..16) {
        Some(prefix) if prefix.eq_ignore_ascii_case("microsoft.graph.") => &name[16..],
        _ => name,
    };
    name.eq_ignore_ascii_case("subscribeToTone")
}

/// One path segment: its text and where it is in the input.
#[derive(Clone, Copy, Debug)]
struct Segment<'a> {
    text: &'a str,
    /// Byte offsets of the segment in the input.
    start: usize,
    end: usize,
    /// 1-based position in the path.
    index: usize,
}

/// The `/`-separated segments of `input[start..end]`, with their offsets.
#[derive(Clone, Debug)]
struct Segments<'a> {
    input: &'a str,
    pos: usize,
    end: usize,
    index: usize,
    done: bool,
}

impl<'a> Segments<'a> {
    fn new(input: &'a str, start: usize, end: usize) -> Self {
        Segments {
            input,
            pos: start,
            end,
            index: 0,
            done: start >= end,
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;
    fn next(&mut self) -> Option<Segment<'a>> {
        if self.done {
            return None;
        }
        let rest = &self.input[self.pos..self.end];
        let (len, next) = match rest.find('/') {
            Some(i) => (i, self.pos + i + 1),
            None => {
                self.done = true;
                (rest.len(), self.end)
            }
        };
        self.index += 1;
        let segment = Segment {
            text: &rest[..len],
            start: self.pos,
            end: self.pos + len,
            index: self.index,
        };
        self.pos = next;
        Some(segment)
    }
}

fn is_root(segment: &str) -> bool {
    ["communications", "app", "applications"]
        .iter()
        .any(|root| root.eq_ignore_ascii_case(segment))
}

/// Splits `text` at the first `c`: (before, after without `c`).
fn split_at_char(text: &str, c: char) -> (&str, Option<&str>) {
    match text.find(c) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    }
}

/// The scheme of an absolute URL and the offset just after `://`.
fn scheme_of(text: &str) -> Option<(&str, usize)> {
    let colon = text.find("://")?;
    let scheme = &text[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((scheme, colon + 3))
}

/// The host of an authority: without user info and port.
fn host_of(authority: &str) -> &str {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return host_port.find(']').map_or(host_port, |i| &host_port[..=i]);
    }
    match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    }
}

/// `%2F` or `%5C` (any case) in a raw segment.
fn find_encoded_slash(raw: &str) -> Option<&'static str> {
    let bytes = raw.as_bytes();
    bytes.windows(3).find_map(|w| match w {
        [b'%', b'2', b'f' | b'F'] => Some("%2F"),
        [b'%', b'5', b'c' | b'C'] => Some("%5C"),
        _ => None,
    })
}

/// Whether a `%` in `raw` is not followed by two hex digits.
fn has_bad_escape(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Checks the percent-decoded form of an id segment against the [`CallId`]
/// rule; `Err(None)` when it does not decode to UTF-8. Decodes into a stack
/// buffer (ids are short), so a valid id allocates nothing.
fn check_decoded(raw: &str, kind: IdKind) -> Result<(), Option<IdError>> {
    let mut buffer = [0u8; 256];
    if raw.len() > buffer.len() {
        let decoded = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| None)?;
        return kind.check(&decoded).map_err(Some);
    }
    // Decoding never makes a segment longer, so every byte has a slot.
    let mut len = 0;
    for (slot, byte) in buffer
        .iter_mut()
        .zip(percent_encoding::percent_decode_str(raw))
    {
        *slot = byte;
        len += 1;
    }
    let decoded = std::str::from_utf8(&buffer[..len]).map_err(|_| None)?;
    kind.check(decoded).map_err(Some)
}

/// Which id a segment holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IdKind {
    Call,
    Operation,
}

impl IdKind {
    /// The rule of this id.
    fn check(self, id: &str) -> Result<(), IdError> {
        match self {
            IdKind::Call => CallId::check(id),
            IdKind::Operation => OperationId::check(id),
        }
    }
}

struct Analyzer<'a> {
    out: PathAnalysis<'a>,
}

impl<'a> Analyzer<'a> {
    fn new(input: &'a str) -> Self {
        Analyzer {
            out: PathAnalysis {
                input,
                scheme: None,
                host: None,
                cloud: None,
                version: None,
                root: None,
                call_id: None,
                target: PathTarget::NotCalls,
                query: None,
                call_id_end: None,
                diagnostics: Vec::new(),
            },
        }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.out.diagnostics.push(diagnostic);
    }

    fn run(mut self) -> PathAnalysis<'a> {
        let input = self.out.input;
        let (before_fragment, _fragment) = split_at_char(input, '#');
        let (before_query, query) = split_at_char(before_fragment, '?');
        self.out.query = query;

        let path_start = self.authority(before_query);
        let has_host = self.out.host.is_some();

        // The segments: one leading and one trailing slash are not segments.
        let mut start = path_start;
        if before_query[start..].starts_with('/') {
            start += 1;
        }
        let mut end = before_query.len();
        if end > start && before_query.ends_with('/') {
            end -= 1;
        }
        let all = Segments::new(input, start, end);
        let (call_index, operation_index) = self.structure(all.clone(), path_start, has_host);

        for segment in all {
            if Some(segment.index) == call_index || Some(segment.index) == operation_index {
                continue;
            }
            if segment.text.is_empty() {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::EmptySegment,
                        "the path has an empty segment (`//`), which Graph does not route: \
                         remove the extra slash",
                    )
                    .at(format!("path segment {}", segment.index)),
                );
            } else if is_dot_segment(segment.text) {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::DotSegment,
                        "the path has a dot segment (`.` or `..`, possibly percent-encoded), \
                         which URL resolution removes, so the request would reach another \
                         resource: write the path without it",
                    )
                    .at(format!("path segment {}", segment.index)),
                );
            }
        }

        self.availability();
        self.out
    }

    /// Reads the scheme and host, if any; returns where the path starts.
    fn authority(&mut self, before_query: &'a str) -> usize {
        if let Some((scheme, authority_start)) = scheme_of(before_query) {
            self.out.scheme = Some(scheme);
            let authority_end = before_query[authority_start..]
                .find('/')
                .map_or(before_query.len(), |i| authority_start + i);
            let host = host_of(&before_query[authority_start..authority_end]);
            self.host(host);
            if scheme.eq_ignore_ascii_case("https") {
            } else if scheme.eq_ignore_ascii_case("http") {
                if let Some(cloud) = self.out.cloud {
                    let replacement = format!("https{}", &self.out.input[scheme.len()..]);
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::InsecureScheme,
                            format!(
                                "{} is served over https only, and the bearer token must not \
                                 travel in clear text: use https",
                                cloud.graph_host()
                            ),
                        )
                        .at("scheme")
                        .with_replacement(replacement),
                    );
                }
            } else {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidUrl,
                        format!(
                            "`{scheme}` URLs cannot reach Microsoft Graph: use an https URL \
                             (https://graph.microsoft.com/v1.0/communications/calls/{{id}}/subscribeToTone) \
                             or only the path"
                        ),
                    )
                    .at("scheme"),
                );
            }
            return authority_end;
        }
        // A Graph host without a scheme: `graph.microsoft.com/v1.0/…`.
        if !before_query.starts_with('/') {
            let first_end = before_query.find('/').unwrap_or(before_query.len());
            let host = host_of(&before_query[..first_end]);
            if NationalCloud::from_host(host).is_some() {
                self.host(host);
                return first_end;
            }
        }
        0
    }

    fn host(&mut self, host: &'a str) {
        self.out.host = Some(host);
        if host.is_empty() {
            self.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidUrl,
                    "the URL has no host: write the Graph host of your cloud \
                     (https://graph.microsoft.com/v1.0/communications/calls/{id}/subscribeToTone), \
                     or only the path",
                )
                .at("host"),
            );
            return;
        }
        self.out.cloud = NationalCloud::from_host(host);
        if self.out.cloud.is_none() {
            self.push(
                Diagnostic::new(
                    DiagnosticCode::UnknownHost,
                    format!(
                        "`{host}` is not a Microsoft Graph host (graph.microsoft.com, \
                         graph.microsoft.us, dod-graph.microsoft.us, \
                         microsoftgraph.chinacloudapi.cn): fine for a proxy or a test server, \
                         otherwise use the Graph host of your national cloud"
                    ),
                )
                .at("host"),
            );
        }
    }

    /// Recognises version, root, call id and target; checks the ids. Returns
    /// the segment positions of the call id and the operation id.
    fn structure(
        &mut self,
        mut segments: Segments<'a>,
        path_start: usize,
        has_host: bool,
    ) -> (Option<usize>, Option<usize>) {
        let input = self.out.input;
        // The version.
        if let Some(first) = segments.clone().next() {
            if let Some(version) = ApiVersion::from_segment(first.text) {
                self.out.version = Some(version);
                segments.next();
            } else if !first.text.is_empty() && !is_root(first.text) {
                let mut ahead = segments.clone();
                ahead.next();
                if ahead.next().is_some_and(|s| is_root(s.text)) {
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::UnknownVersion,
                            format!(
                                "`{}` is not an API version Microsoft Graph serves: use v1.0 \
                                 (or beta)",
                                first.text
                            ),
                        )
                        .at("version")
                        .with_replacement(format!(
                            "{}v1.0{}",
                            &input[..first.start],
                            &input[first.end..]
                        )),
                    );
                    segments.next();
                }
            } else if has_host && self.out.cloud.is_some() {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::MissingVersion,
                        "the URL has no API version: Microsoft Graph needs /v1.0 (or /beta) \
                         between the host and the resource path",
                    )
                    .at("version")
                    .with_replacement(format!(
                        "{}/v1.0{}",
                        &input[..path_start],
                        &input[path_start..]
                    )),
                );
            }
        }

        // The root: /communications/calls, /app/calls, /applications/{appId}/calls.
        let Some((root, root_start, calls_end)) = self.root(&mut segments) else {
            self.push(
                Diagnostic::new(
                    DiagnosticCode::UnrecognizedPath,
                    "this is not a Microsoft Graph calls path (such as \
                     /communications/calls/{id}/subscribeToTone), so only its host and version \
                     were checked",
                )
                .at("path"),
            );
            return (None, None);
        };
        self.out.root = Some(root);
        if root != CallsRoot::Communications {
            self.deprecated(root, root_start, calls_end);
        }

        // The call id and what follows it.
        let Some(id) = segments.next() else {
            self.out.target = PathTarget::Calls;
            return (None, None);
        };
        self.out.call_id = Some(id.text);
        self.out.call_id_end = Some(id.end);
        self.check_id(id.text, IdKind::Call);
        let mut operation_index = None;
        self.out.target = match segments.next() {
            None => PathTarget::Call,
            Some(next) if next.text.eq_ignore_ascii_case("operations") => match segments.next() {
                None => PathTarget::Operations,
                Some(op) => {
                    operation_index = Some(op.index);
                    self.check_id(op.text, IdKind::Operation);
                    if segments.next().is_none() {
                        PathTarget::Operation(op.text)
                    } else {
                        PathTarget::Nested(next.text)
                    }
                }
            },
            Some(next) => {
                if segments.next().is_none() {
                    PathTarget::Action(next.text)
                } else {
                    PathTarget::Nested(next.text)
                }
            }
        };
        (Some(id.index), operation_index)
    }

    /// Reads the root segments; returns the root, the offset of its first
    /// segment and the offset just after `calls`.
    fn root(&mut self, segments: &mut Segments<'a>) -> Option<(CallsRoot<'a>, usize, usize)> {
        let first = segments.next()?;
        let root = if first.text.eq_ignore_ascii_case("communications") {
            CallsRoot::Communications
        } else if first.text.eq_ignore_ascii_case("app") {
            CallsRoot::App
        } else if first.text.eq_ignore_ascii_case("applications") {
            let app = segments.next()?;
            CallsRoot::Applications { app_id: app.text }
        } else {
            return None;
        };
        let calls = segments
            .next()
            .filter(|s| s.text.eq_ignore_ascii_case("calls"))?;
        Some((root, first.start, calls.end))
    }

    fn deprecated(&mut self, root: CallsRoot<'a>, root_start: usize, calls_end: usize) {
        let input = self.out.input;
        let replacement = format!(
            "{}communications/calls{}",
            &input[..root_start],
            &input[calls_end..]
        );
        let v1_note = if self.out.version == Some(ApiVersion::V1_0) {
            ", and v1.0 never offered it"
        } else {
            ""
        };
        let diagnostic = match root {
            CallsRoot::App => Diagnostic::new(
                DiagnosticCode::DeprecatedAppPath,
                format!(
                    "the /app/calls path is deprecated (\"Going forward, use the \
                     /communications path\"){v1_note}: use the replacement, the same URL on \
                     /communications/calls"
                ),
            ),
            _ => Diagnostic::new(
                DiagnosticCode::DeprecatedApplicationsPath,
                format!(
                    "the /applications/{{appId}}/calls path is an early beta form, no longer \
                     supported{v1_note}: use the replacement, the same URL on \
                     /communications/calls (the token already names the app)"
                ),
            ),
        };
        self.push(diagnostic.at("path").with_replacement(replacement));
    }

    /// Checks a call id or operation id segment as written in the path.
    fn check_id(&mut self, raw: &'a str, kind: IdKind) {
        let (location, code_for_op) = match kind {
            IdKind::Call => ("call id", None),
            IdKind::Operation => ("operation id", Some(DiagnosticCode::OperationIdInvalid)),
        };
        let op_message = |problem: &str| {
            format!(
                "the operation id {problem}: use the operation id exactly as Graph gave it (the \
                 last segment of the Location header, or the operation's `id`)"
            )
        };
        if raw.is_empty() {
            // The rule refuses the empty id, with its message.
            if let Err(err) = kind.check(raw) {
                self.push(Diagnostic::from(err));
            }
            return;
        }
        let encoded_slash = find_encoded_slash(raw);
        if let Some(escape) = encoded_slash {
            let diagnostic = match code_for_op {
                Some(code) => Diagnostic::new(
                    code,
                    op_message(&format!("contains {escape}, an encoded slash or backslash")),
                ),
                None => Diagnostic::new(
                    DiagnosticCode::CallIdEncodedSlash,
                    format!(
                        "the call id contains {escape}, an encoded slash or backslash, which \
                         servers and proxies may decode and route as a path separator; a call id \
                         never contains one: use the id exactly as Graph gave it, percent-encoded \
                         once (it was probably encoded twice, or cut from a longer path)"
                    ),
                ),
            };
            self.push(diagnostic.at(location));
        }
        let checked = if has_bad_escape(raw) {
            Err(None)
        } else {
            check_decoded(raw, kind)
        };
        if checked == Err(None) {
            let diagnostic = match code_for_op {
                Some(code) => Diagnostic::new(code, op_message("has a broken percent-encoding")),
                None => Diagnostic::new(
                    DiagnosticCode::CallIdInvalidEncoding,
                    "the call id has a `%` that is not followed by two hex digits, or does not \
                     decode to UTF-8: percent-encode the id exactly once, as UTF-8 (a `%` in \
                     the id itself is written %25)",
                ),
            };
            self.push(diagnostic.at(location));
            return;
        }
        let Err(Some(err)) = checked else {
            return;
        };
        // The encoded slash was reported already.
        if encoded_slash.is_some()
            && err.kind() == IdErrorKind::InvalidCharacter
            && matches!(err.character(), Some('/' | '\\'))
        {
            return;
        }
        let mut diagnostic = Diagnostic::from(err);
        if raw.contains('%') {
            diagnostic.message = format!("after percent-decoding, {}", diagnostic.message);
        }
        self.push(diagnostic);
    }

    /// The `not-offered-in-cloud` warning.
    fn availability(&mut self) {
        if !self.out.is_subscribe_to_tone() {
            return;
        }
        let (Some(cloud), Some(version)) = (self.out.cloud, self.out.version) else {
            return;
        };
        if cloud.offers_subscribe_to_tone(version) {
            return;
        }
        let message = if cloud == NationalCloud::China21Vianet {
            format!(
                "the docs do not list subscribeToTone for {cloud} ({}) in any version (its \
                 metadata lacks even toneInfo), so expect the request to fail: tone \
                 subscriptions are offered on the global service and, in v1.0, on US \
                 Government L4 and L5",
                cloud.graph_host()
            )
        } else {
            format!(
                "the docs list subscribeToTone in {version} only on the global service, not on \
                 {cloud} ({}): use v1.0, which {cloud} offers",
                cloud.graph_host()
            )
        };
        self.push(Diagnostic::new(DiagnosticCode::NotOfferedInCloud, message).at("host"));
    }
}
