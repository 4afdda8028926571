//! The analyzer of [`analyze_path`](super::analyze_path): one walk over the
//! input that reads the scheme, host, version, calls root, call id and
//! target, and pushes a diagnostic for each problem it meets.
//!
//! The walk finds the call id by the same steps as graph-comms-core's
//! `call_id_in_path` (which `tests/call_id_rule.rs` checks), but cannot call
//! it: it also needs each segment's offsets, the version and root it passed,
//! and a diagnostic for every step that fails, which `call_id_in_path`
//! (`Option<&str>`) does not give.

use super::escaping::{IdKind, check_decoded, find_encoded_slash, has_bad_escape, is_placeholder};
use super::lexer::{Segments, host_of, is_root, scheme_of, split_at_char};
use super::{CallsRoot, PathAnalysis, PathTarget, messages};
use crate::{ApiVersion, Diagnostic, DiagnosticCode, IdErrorKind, NationalCloud};
use graph_comms_core::is_dot_segment;

/// The walk over one input: fills a [`PathAnalysis`] as it goes.
pub(super) struct Analyzer<'a> {
    out: PathAnalysis<'a>,
}

impl<'a> Analyzer<'a> {
    pub(super) fn new(input: &'a str) -> Self {
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

    pub(super) fn run(mut self) -> PathAnalysis<'a> {
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
                    Diagnostic::new(DiagnosticCode::EmptySegment, messages::EMPTY_SEGMENT)
                        .at(format!("path segment {}", segment.index)),
                );
            } else if is_dot_segment(segment.text) {
                self.push(
                    Diagnostic::new(DiagnosticCode::DotSegment, messages::DOT_SEGMENT)
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
                            messages::insecure_scheme(cloud),
                        )
                        .at("scheme")
                        .with_replacement(replacement),
                    );
                }
            } else {
                self.push(
                    Diagnostic::new(DiagnosticCode::InvalidUrl, messages::invalid_scheme(scheme))
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
            self.push(Diagnostic::new(DiagnosticCode::InvalidUrl, messages::NO_HOST).at("host"));
            return;
        }
        self.out.cloud = NationalCloud::from_host(host);
        if self.out.cloud.is_none() {
            self.push(
                Diagnostic::new(DiagnosticCode::UnknownHost, messages::unknown_host(host))
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
                            messages::unknown_version(first.text),
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
                    Diagnostic::new(DiagnosticCode::MissingVersion, messages::MISSING_VERSION)
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
                    messages::UNRECOGNIZED_PATH,
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
        let v1 = self.out.version == Some(ApiVersion::V1_0);
        let diagnostic = match root {
            CallsRoot::App => Diagnostic::new(
                DiagnosticCode::DeprecatedAppPath,
                messages::deprecated_app_path(v1),
            ),
            _ => Diagnostic::new(
                DiagnosticCode::DeprecatedApplicationsPath,
                messages::deprecated_applications_path(v1),
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
        if raw.is_empty() {
            // The rule refuses the empty id, with its message.
            if let Err(err) = kind.check(raw) {
                self.push(Diagnostic::from(err));
            }
            return;
        }
        if code_for_op.is_none() && is_placeholder(raw) {
            self.push(
                Diagnostic::new(
                    DiagnosticCode::CallIdPlaceholder,
                    messages::CALL_ID_PLACEHOLDER,
                )
                .at(location),
            );
            return;
        }
        let encoded_slash = find_encoded_slash(raw);
        if let Some(escape) = encoded_slash {
            let diagnostic = match code_for_op {
                Some(code) => Diagnostic::new(code, messages::operation_id_encoded_slash(escape)),
                None => Diagnostic::new(
                    DiagnosticCode::CallIdEncodedSlash,
                    messages::call_id_encoded_slash(escape),
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
                Some(code) => Diagnostic::new(code, messages::operation_id_invalid_encoding()),
                None => Diagnostic::new(
                    DiagnosticCode::CallIdInvalidEncoding,
                    messages::CALL_ID_INVALID_ENCODING,
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
            diagnostic.message = messages::after_percent_decoding(&diagnostic.message);
        }
        self.push(diagnostic);
    }

    /// The `not-offered-in-cloud` warning: an action the docs do not list
    /// for this cloud and version (nothing where they are silent).
    fn availability(&mut self) {
        let Some(action) = self.out.call_action() else {
            return;
        };
        let (Some(cloud), Some(version)) = (self.out.cloud, self.out.version) else {
            return;
        };
        if action.offered_in(cloud, version) != Some(false) {
            return;
        }
        let message = messages::not_offered_in_cloud(action, cloud, version);
        self.push(Diagnostic::new(DiagnosticCode::NotOfferedInCloud, message).at("host"));
    }
}
