//! Where requests go: a Graph root (a national cloud, or a custom root such
//! as a proxy or a test server) and an API version.

use crate::error::{RequestError, RequestErrorKind};
use graph_comms_core::{ApiVersion, NationalCloud, is_dot_segment};
use std::fmt;
use std::str::FromStr;

/// The Microsoft Graph root requests go to: one of the national clouds of
/// [`NationalCloud`] (<https://learn.microsoft.com/graph/deployments>), or a
/// custom root.
///
/// ```
/// use graph_comms_http::GraphRoot;
/// use graph_comms_http::NationalCloud;
///
/// assert_eq!(GraphRoot::from(NationalCloud::UsGovL5Dod).root(), "https://dod-graph.microsoft.us");
///
/// // A proxy or a test server: an http(s) root, optionally with a path prefix.
/// let proxy = GraphRoot::custom("https://proxy.contoso.com/graph/")?;
/// assert_eq!(proxy.root(), "https://proxy.contoso.com/graph");
/// assert!(GraphRoot::custom("https://proxy.contoso.com/graph/v1.0").is_err()); // the version is separate
///
/// // A root that is a Graph host is that national cloud.
/// assert_eq!(GraphRoot::custom("https://Graph.Microsoft.com/")?, GraphRoot::from(NationalCloud::Global));
/// # Ok::<(), graph_comms_http::RequestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GraphRoot {
    /// A national cloud at its documented Graph root.
    National(NationalCloud),
    /// A custom root: a proxy, a mock, a test server.
    Custom(CustomRoot),
}

impl GraphRoot {
    /// A custom root: an absolute `http` or `https` URL with a host and an
    /// optional port and path prefix, without credentials, query, fragment,
    /// empty or dot segments, or an API version (that is given separately).
    /// A trailing `/` is dropped; scheme and host are lower-cased. A root
    /// that is exactly the `https` root of a national cloud is that cloud.
    ///
    /// `http` is allowed for loopback test servers and local proxies: the
    /// access token then travels in clear text.
    ///
    /// # Errors
    ///
    /// [`RequestErrorKind::InvalidBaseUrl`], saying what is wrong.
    pub fn custom(root: &str) -> Result<GraphRoot, RequestError> {
        let parsed = ParsedBase::parse(root, "root")?;
        if let Some(last) = parsed.last_segment()
            && ApiVersion::from_segment(last).is_some()
        {
            return Err(RequestError::new(
                RequestErrorKind::InvalidBaseUrl,
                format!(
                    "the root ends in the API version `{last}`: give the root without it and \
                     the version as an ApiVersion (Endpoint::new), or use Endpoint::from_base_url"
                ),
            ));
        }
        Ok(parsed.into_cloud())
    }

    /// The root URL, without a trailing `/`: `https://graph.microsoft.com`,
    /// or the custom root.
    pub fn root(&self) -> &str {
        match self {
            GraphRoot::National(cloud) => cloud.graph_root(),
            GraphRoot::Custom(root) => &root.root,
        }
    }

    /// The national cloud, when this is one.
    pub fn national(&self) -> Option<NationalCloud> {
        match self {
            GraphRoot::National(cloud) => Some(*cloud),
            GraphRoot::Custom(_) => None,
        }
    }

    /// `https` or `http`.
    pub(crate) fn scheme(&self) -> &str {
        match self {
            GraphRoot::National(_) => "https",
            GraphRoot::Custom(root) => &root.root[..root.scheme_len],
        }
    }

    /// The authority (host and optional port), lower case.
    pub(crate) fn authority(&self) -> &str {
        match self {
            GraphRoot::National(cloud) => cloud.graph_host(),
            GraphRoot::Custom(root) => &root.root[root.scheme_len + 3..root.prefix_start],
        }
    }

    /// The path prefix of a custom root (`/graph`), or `""`.
    pub(crate) fn prefix(&self) -> &str {
        match self {
            GraphRoot::National(_) => "",
            GraphRoot::Custom(root) => &root.root[root.prefix_start..],
        }
    }
}

impl From<NationalCloud> for GraphRoot {
    fn from(cloud: NationalCloud) -> Self {
        GraphRoot::National(cloud)
    }
}

impl FromStr for GraphRoot {
    type Err = RequestError;
    fn from_str(root: &str) -> Result<Self, Self::Err> {
        GraphRoot::custom(root)
    }
}

impl fmt::Display for GraphRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.root())
    }
}

/// A validated custom root URL (see [`GraphRoot::custom`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CustomRoot {
    /// `scheme://authority/prefix`, normalised.
    root: String,
    scheme_len: usize,
    prefix_start: usize,
}

impl CustomRoot {
    /// The root, as [`GraphRoot::root`] gives it.
    pub fn as_str(&self) -> &str {
        &self.root
    }
}

/// Where requests go: a [`GraphRoot`] and an [`ApiVersion`]. The base URL is
/// `{root}/{version}`, as the SDKs build it
/// (<https://learn.microsoft.com/graph/sdks/national-clouds>).
///
/// The default is the global service, v1.0.
///
/// ```
/// use graph_comms_http::Endpoint;
/// use graph_comms_core::{ApiVersion, NationalCloud, is_dot_segment};
///
/// let endpoint = Endpoint::new(NationalCloud::UsGovL4, ApiVersion::V1_0);
/// assert_eq!(endpoint.base_url(), "https://graph.microsoft.us/v1.0");
/// assert_eq!(Endpoint::default().base_url(), "https://graph.microsoft.com/v1.0");
///
/// // Or read a base URL, as the SDKs take one.
/// let endpoint: Endpoint = "https://graph.microsoft.com/beta".parse()?;
/// assert_eq!(endpoint, Endpoint::new(NationalCloud::Global, ApiVersion::Beta));
/// let stub: Endpoint = "http://127.0.0.1:8080/v1.0".parse()?;
/// assert_eq!(stub.cloud().national(), None);
/// # Ok::<(), graph_comms_http::RequestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    cloud: GraphRoot,
    version: ApiVersion,
}

impl Endpoint {
    /// The endpoint of `cloud` (a [`NationalCloud`] or a [`GraphRoot`]) in
    /// `version`.
    pub fn new(cloud: impl Into<GraphRoot>, version: ApiVersion) -> Self {
        Endpoint {
            cloud: cloud.into(),
            version,
        }
    }

    /// Reads a base URL: a root as [`GraphRoot::custom`] takes it, followed by
    /// `/v1.0` or `/beta` (any case) and an optional `/`.
    ///
    /// # Errors
    ///
    /// [`RequestErrorKind::InvalidBaseUrl`] when the root is not valid or the
    /// last segment is not an API version.
    pub fn from_base_url(base_url: &str) -> Result<Endpoint, RequestError> {
        let mut parsed = ParsedBase::parse(base_url, "base URL")?;
        let version = parsed
            .last_segment()
            .and_then(ApiVersion::from_segment)
            .ok_or_else(|| {
                RequestError::new(
                    RequestErrorKind::InvalidBaseUrl,
                    "the base URL does not end in the API version: write it as \
                     https://graph.microsoft.com/v1.0 (or /beta)",
                )
            })?;
        parsed.drop_last_segment();
        Ok(Endpoint {
            cloud: parsed.into_cloud(),
            version,
        })
    }

    /// The cloud.
    pub fn cloud(&self) -> &GraphRoot {
        &self.cloud
    }

    /// The API version.
    pub fn version(&self) -> ApiVersion {
        self.version
    }

    /// The base URL, `{root}/{version}`, such as
    /// `https://graph.microsoft.com/v1.0`.
    pub fn base_url(&self) -> String {
        format!("{}/{}", self.cloud.root(), self.version.as_str())
    }
}

impl Default for Endpoint {
    fn default() -> Self {
        Endpoint::new(NationalCloud::Global, ApiVersion::V1_0)
    }
}

impl From<NationalCloud> for Endpoint {
    /// The cloud's v1.0 endpoint.
    fn from(cloud: NationalCloud) -> Self {
        Endpoint::new(cloud, ApiVersion::V1_0)
    }
}

impl FromStr for Endpoint {
    type Err = RequestError;
    fn from_str(base_url: &str) -> Result<Self, Self::Err> {
        Endpoint::from_base_url(base_url)
    }
}

impl TryFrom<&str> for Endpoint {
    type Error = RequestError;
    fn try_from(base_url: &str) -> Result<Self, Self::Error> {
        Endpoint::from_base_url(base_url)
    }
}

impl TryFrom<String> for Endpoint {
    type Error = RequestError;
    fn try_from(base_url: String) -> Result<Self, Self::Error> {
        Endpoint::from_base_url(&base_url)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.cloud.root(), self.version.as_str())
    }
}

/// A root or base URL, checked and normalised.
struct ParsedBase {
    scheme: &'static str,
    authority: String,
    /// The path segments, without empty leading/trailing ones.
    segments: Vec<String>,
}

impl ParsedBase {
    fn parse(text: &str, what: &str) -> Result<ParsedBase, RequestError> {
        let invalid = |detail: String| RequestError::new(RequestErrorKind::InvalidBaseUrl, detail);
        if text.contains('#') {
            return Err(invalid(format!(
                "the {what} has a fragment (`#…`): remove it"
            )));
        }
        if !text.contains("://") {
            return Err(invalid(format!(
                "the {what} has no scheme and host: write it as https://host[:port][/prefix]"
            )));
        }
        let uri: http::Uri = text.parse().map_err(|err| {
            invalid(format!(
                "the {what} is not a URL ({err}): write it as https://host[:port][/prefix]"
            ))
        })?;
        let scheme = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => "https",
            Some(s) if s.eq_ignore_ascii_case("http") => "http",
            Some(_) => {
                return Err(invalid(format!("the {what} must be an http or https URL")));
            }
            None => {
                return Err(invalid(format!(
                    "the {what} has no scheme and host: write it as https://host[:port][/prefix]"
                )));
            }
        };
        let Some(authority) = uri.authority() else {
            return Err(invalid(format!("the {what} has no host")));
        };
        if authority.as_str().contains('@') {
            return Err(invalid(format!(
                "the {what} has credentials (`user@`): remove them; the access token \
                 authenticates requests"
            )));
        }
        if authority.host().is_empty() {
            return Err(invalid(format!("the {what} has no host")));
        }
        if uri.query().is_some() {
            return Err(invalid(format!("the {what} has a query (`?…`): remove it")));
        }
        let path = uri.path();
        let trimmed = path.strip_prefix('/').unwrap_or(path);
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let mut segments = Vec::new();
        if !trimmed.is_empty() {
            for (i, segment) in trimmed.split('/').enumerate() {
                if segment.is_empty() {
                    return Err(invalid(format!(
                        "the {what} has an empty path segment (`//`): remove the extra slash"
                    )));
                }
                if is_dot_segment(segment) {
                    return Err(invalid(format!(
                        "path segment {} of the {what} is a dot segment (`.` or `..`): write \
                         the path without it",
                        i + 1
                    )));
                }
                segments.push(segment.to_owned());
            }
        }
        Ok(ParsedBase {
            scheme,
            authority: authority.as_str().to_ascii_lowercase(),
            segments,
        })
    }

    fn last_segment(&self) -> Option<&str> {
        self.segments.last().map(String::as_str)
    }

    fn drop_last_segment(&mut self) {
        self.segments.pop();
    }

    fn into_cloud(self) -> GraphRoot {
        if self.scheme == "https"
            && self.segments.is_empty()
            && let Some(cloud) = NationalCloud::from_host(&self.authority)
            && cloud.graph_host() == self.authority
        {
            return GraphRoot::National(cloud);
        }
        let mut root = format!("{}://{}", self.scheme, self.authority);
        let prefix_start = root.len();
        for segment in &self.segments {
            root.push('/');
            root.push_str(segment);
        }
        GraphRoot::Custom(CustomRoot {
            root,
            scheme_len: self.scheme.len(),
            prefix_start,
        })
    }
}
