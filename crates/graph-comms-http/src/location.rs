//! The `Location` header of a subscribeToTone response: which operation of
//! which call, and whether it may be believed.

use crate::Endpoint;
use crate::error::{ResponseError, ResponseErrorKind};
use graph_comms_core::{ApiVersion, CallId, NationalCloud, OperationId};
use graph_comms_validate::{DiagnosticCode, PathTarget, Severity, analyze_path};
use http::uri::Authority;
use http::{HeaderMap, StatusCode, Uri};
use std::fmt;

/// The `Location` of a subscribeToTone response, read: the call and the
/// operation it names, `…/communications/calls/{id}/operations/{opId}`.
///
/// [`crate::SubscribeToTone::read_response`] reads it and also checks it
/// against the request (host, scheme, call id). [`OperationLocation::parse`]
/// reads one on its own. Either way only the ids are kept: a request built
/// from a location ([`crate::GetOperationBuilder::location`]) goes to *your*
/// endpoint, never to the host the header names.
///
/// ```
/// use graph_comms_http::OperationLocation;
///
/// let location = OperationLocation::parse(
///     "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
/// )?;
/// assert_eq!(location.call_id().as_str(), "57dab8b1-894c-409a-b240-bd8beae78896");
/// assert_eq!(location.operation_id().as_str(), "0fe0623f-d628-42ed-b4bd-8ac290072cc5");
///
/// // Relative works too; anything but an operation of a call does not.
/// assert!(OperationLocation::parse("/v1.0/communications/calls/abc/operations/def").is_ok());
/// assert!(OperationLocation::parse("/v1.0/communications/calls/abc/participants/def").is_err());
/// assert!(OperationLocation::parse("/v1.0/communications/calls/a%2Fb/operations/def").is_err());
/// # Ok::<(), graph_comms_http::ResponseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationLocation {
    location: String,
    call_id: CallId,
    operation_id: OperationId,
    version: Option<ApiVersion>,
}

impl OperationLocation {
    /// Reads a `Location` value on its own: an absolute `http(s)` URL on any
    /// host, or a path starting with `/`, that points at
    /// `[/{version}]/communications/calls/{id}/operations/{opId}` (the
    /// deprecated `/app/calls` root is read too), with ids that are valid
    /// once percent-decoded. A query is allowed and ignored.
    ///
    /// # Errors
    ///
    /// [`ResponseErrorKind::InvalidLocation`], saying what is wrong.
    pub fn parse(location: &str) -> Result<OperationLocation, ResponseError> {
        let raw = RawLocation::parse(location)?;
        structure(location, raw.path_and_query, "")
    }

    /// The header value as it came.
    pub fn as_str(&self) -> &str {
        &self.location
    }

    /// The call id, percent-decoded.
    pub fn call_id(&self) -> &CallId {
        &self.call_id
    }

    /// The operation id, percent-decoded.
    pub fn operation_id(&self) -> &OperationId {
        &self.operation_id
    }

    /// The API version in the path, if there is one.
    pub fn version(&self) -> Option<ApiVersion> {
        self.version
    }
}

impl fmt::Display for OperationLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location)
    }
}

fn invalid(detail: impl Into<String>) -> ResponseError {
    ResponseError::new(ResponseErrorKind::InvalidLocation, None, detail)
}

/// A `Location` split into its origin (when absolute) and its path.
struct RawLocation<'a> {
    /// Scheme and authority of an absolute URL.
    origin: Option<(String, Authority)>,
    path_and_query: &'a str,
}

impl<'a> RawLocation<'a> {
    fn parse(location: &'a str) -> Result<RawLocation<'a>, ResponseError> {
        if location.starts_with("//") {
            return Err(invalid(
                "the Location is scheme-relative (`//host/…`), so it could name any host: \
                 Graph writes an absolute https URL or a path",
            ));
        }
        if location.starts_with('/') {
            return Ok(RawLocation {
                origin: None,
                path_and_query: location,
            });
        }
        let uri: Uri = location.parse().map_err(|err| {
            invalid(format!(
                "the Location is neither an absolute URL nor a path starting with `/` ({err})"
            ))
        })?;
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(invalid(
                "the Location is neither an absolute URL nor a path starting with `/`",
            ));
        };
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return Err(invalid("the Location is not an http or https URL"));
        }
        // The path and query, as written after the authority.
        let start = location
            .find("://")
            .map_or(0, |i| i + 3 + authority.as_str().len());
        let path_and_query = location.get(start..).unwrap_or_default();
        let path_and_query = path_and_query
            .find('#')
            .map_or(path_and_query, |i| &path_and_query[..i]);
        Ok(RawLocation {
            origin: Some((scheme.to_ascii_lowercase(), authority.clone())),
            path_and_query,
        })
    }
}

/// Reads the ids out of a `Location` path, after `prefix` (a custom root's
/// path prefix) when it starts with it.
fn structure(
    location: &str,
    path_and_query: &str,
    prefix: &str,
) -> Result<OperationLocation, ResponseError> {
    let path = match path_and_query.strip_prefix(prefix) {
        Some(rest) if !prefix.is_empty() && (rest.starts_with('/') || rest.is_empty()) => rest,
        _ => path_and_query,
    };
    let analysis = analyze_path(path);
    if let Some(error) = analysis
        .diagnostics()
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(invalid(format!(
            "the Location path has a problem ({}): {}",
            error.code, error.message
        )));
    }
    let PathTarget::Operation(raw_op) = analysis.target() else {
        return Err(invalid(
            "the Location does not point at an operation of a call \
             (…/communications/calls/{id}/operations/{opId})",
        ));
    };
    let call_id = analysis.parsed_call_id().ok_or_else(|| {
        invalid(format!(
            "the call id of the Location is not valid ({})",
            DiagnosticCode::CallIdInvalidEncoding
        ))
    })?;
    let decoded_op = percent_encoding::percent_decode_str(raw_op)
        .decode_utf8()
        .map_err(|_| invalid("the operation id of the Location does not decode to UTF-8"))?;
    let operation_id = OperationId::new(decoded_op.into_owned())
        .map_err(|err| invalid(format!("in the Location header, {err}")))?;
    Ok(OperationLocation {
        location: location.to_owned(),
        call_id,
        operation_id,
        version: analysis.version(),
    })
}

/// The `Location` of a response to a request for `call_id` at `endpoint`,
/// read and checked: `None` when there is none.
pub(crate) fn read_checked(
    endpoint: &Endpoint,
    call_id: &CallId,
    headers: &HeaderMap,
    status: StatusCode,
) -> Result<Option<OperationLocation>, ResponseError> {
    let mut values = headers.get_all(http::header::LOCATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(invalid("the response has more than one Location header").with_status(status));
    }
    let location = value
        .to_str()
        .map_err(|_| invalid("the Location header is not visible ASCII").with_status(status))?;
    check(endpoint, call_id, location)
        .map(Some)
        .map_err(|err| err.with_status(status))
}

/// The path prefix to strip from a `Location` once its origin (when
/// absolute) is checked against the request's endpoint.
fn origin_prefix<'e>(
    endpoint: &'e Endpoint,
    raw: &RawLocation<'_>,
) -> Result<&'e str, ResponseError> {
    let cloud = endpoint.cloud();
    Ok(match &raw.origin {
        None => cloud.prefix(),
        Some((scheme, authority)) => {
            let mismatch = |detail: &str| {
                ResponseError::new(ResponseErrorKind::LocationHostMismatch, None, detail)
            };
            if scheme == "http" && cloud.scheme() == "https" {
                return Err(mismatch(
                    "the Location downgrades the request's https to http: an operation URL of \
                     Microsoft Graph is https",
                ));
            }
            if authority.as_str().contains('@') {
                return Err(mismatch(
                    "the Location has credentials in its authority (`…@host`), a way to \
                     disguise another host",
                ));
            }
            if same_origin(scheme, authority, endpoint) {
                cloud.prefix()
            } else if cloud.national().is_none()
                && scheme == "https"
                && authority.port().is_none()
                && NationalCloud::from_host(authority.host()).is_some()
            {
                // A proxy or test server passing on the service's Location.
                ""
            } else {
                return Err(mismatch(
                    "the Location points at another host than the one the request went to; \
                     an operation of a call is on the same Microsoft Graph host",
                ));
            }
        }
    })
}

fn check(
    endpoint: &Endpoint,
    call_id: &CallId,
    location: &str,
) -> Result<OperationLocation, ResponseError> {
    let raw = RawLocation::parse(location)?;
    let prefix = origin_prefix(endpoint, &raw)?;
    let read = structure(location, raw.path_and_query, prefix)?;
    if !read.call_id.as_str().eq_ignore_ascii_case(call_id.as_str()) {
        return Err(ResponseError::new(
            ResponseErrorKind::LocationCallIdMismatch,
            None,
            "the Location names an operation of another call than the one the request was for",
        ));
    }
    Ok(read)
}

/// Whether an absolute Location's origin is the endpoint's: same scheme
/// family, host (ASCII case-insensitive) and effective port.
fn same_origin(scheme: &str, authority: &Authority, endpoint: &Endpoint) -> bool {
    let cloud = endpoint.cloud();
    let Ok(ours) = cloud.authority().parse::<Authority>() else {
        return false;
    };
    let default_port = |scheme: &str| if scheme == "https" { 443 } else { 80 };
    let their_port = authority.port_u16().unwrap_or(default_port(scheme));
    let our_port = ours.port_u16().unwrap_or(default_port(cloud.scheme()));
    let trim = |host: &str| {
        host.strip_suffix('.')
            .map(str::to_owned)
            .unwrap_or(host.to_owned())
    };
    trim(authority.host()).eq_ignore_ascii_case(&trim(ours.host())) && their_port == our_port
}

/// The `Location` of a create-call response (`…/communications/calls/{id}`),
/// read and checked like an operation's (same host, no downgrade): the id
/// of the new call, `None` when there is no `Location`.
pub(crate) fn read_checked_call(
    endpoint: &Endpoint,
    headers: &HeaderMap,
    status: StatusCode,
) -> Result<Option<CallId>, ResponseError> {
    let mut values = headers.get_all(http::header::LOCATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    let mut read = || {
        if values.next().is_some() {
            return Err(invalid("the response has more than one Location header"));
        }
        let location = value
            .to_str()
            .map_err(|_| invalid("the Location header is not visible ASCII"))?;
        let raw = RawLocation::parse(location)?;
        let prefix = origin_prefix(endpoint, &raw)?;
        let path = match raw.path_and_query.strip_prefix(prefix) {
            Some(rest) if !prefix.is_empty() && (rest.starts_with('/') || rest.is_empty()) => rest,
            _ => raw.path_and_query,
        };
        let analysis = analyze_path(path);
        if analysis.target() != PathTarget::Call
            || analysis
                .diagnostics()
                .iter()
                .any(|d| d.severity == Severity::Error)
        {
            return Err(invalid(
                "the Location of a created call does not point at a call \
                 (…/communications/calls/{id})",
            ));
        }
        analysis.parsed_call_id().ok_or_else(|| {
            invalid(format!(
                "the call id of the Location is not valid ({})",
                DiagnosticCode::CallIdInvalidEncoding
            ))
        })
    };
    read().map(Some).map_err(|err| err.with_status(status))
}
