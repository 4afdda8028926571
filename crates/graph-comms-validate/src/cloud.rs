//! National clouds and API versions, and where the docs offer subscribeToTone.

use std::fmt;

/// A Microsoft Graph national cloud deployment (graph-wire-facts §9.1, from
/// `concepts/deployments.md`).
///
/// ```
/// use graph_comms_validate::{ApiVersion, NationalCloud};
///
/// assert_eq!(NationalCloud::from_host("DOD-Graph.Microsoft.US"), Some(NationalCloud::UsGovL5Dod));
/// assert_eq!(NationalCloud::Global.graph_host(), "graph.microsoft.com");
/// assert!(NationalCloud::UsGovL4.offers_subscribe_to_tone(ApiVersion::V1_0));
/// assert!(!NationalCloud::UsGovL4.offers_subscribe_to_tone(ApiVersion::Beta));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum NationalCloud {
    /// The global service, `graph.microsoft.com` (GCC uses it too).
    #[serde(rename = "global")]
    Global,
    /// US Government L4 (GCC High), `graph.microsoft.us`.
    #[serde(rename = "us-gov-l4")]
    UsGovL4,
    /// US Government L5 (DOD), `dod-graph.microsoft.us`.
    #[serde(rename = "us-gov-l5-dod")]
    UsGovL5Dod,
    /// China operated by 21Vianet, `microsoftgraph.chinacloudapi.cn`.
    #[serde(rename = "china-21vianet")]
    China21Vianet,
}

impl NationalCloud {
    /// Every cloud, in the order of the docs' table.
    pub const ALL: [NationalCloud; 4] = [
        NationalCloud::Global,
        NationalCloud::UsGovL4,
        NationalCloud::UsGovL5Dod,
        NationalCloud::China21Vianet,
    ];

    /// The host of the cloud's Microsoft Graph endpoint.
    pub const fn graph_host(&self) -> &'static str {
        match self {
            NationalCloud::Global => "graph.microsoft.com",
            NationalCloud::UsGovL4 => "graph.microsoft.us",
            NationalCloud::UsGovL5Dod => "dod-graph.microsoft.us",
            NationalCloud::China21Vianet => "microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The root URL of the cloud's Microsoft Graph endpoint, e.g.
    /// `https://graph.microsoft.com`.
    pub const fn graph_root(&self) -> &'static str {
        match self {
            NationalCloud::Global => "https://graph.microsoft.com",
            NationalCloud::UsGovL4 => "https://graph.microsoft.us",
            NationalCloud::UsGovL5Dod => "https://dod-graph.microsoft.us",
            NationalCloud::China21Vianet => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The name the docs use: "Global service", "US Government L4", "US
    /// Government L5 (DOD)", "China operated by 21Vianet".
    pub const fn name(&self) -> &'static str {
        match self {
            NationalCloud::Global => "Global service",
            NationalCloud::UsGovL4 => "US Government L4",
            NationalCloud::UsGovL5Dod => "US Government L5 (DOD)",
            NationalCloud::China21Vianet => "China operated by 21Vianet",
        }
    }

    /// The cloud whose Graph host is `host`, ASCII case-insensitively; one
    /// trailing dot (a fully qualified name) is allowed. No port.
    pub fn from_host(host: &str) -> Option<NationalCloud> {
        let host = host.strip_suffix('.').unwrap_or(host);
        Self::ALL
            .into_iter()
            .find(|cloud| cloud.graph_host().eq_ignore_ascii_case(host))
    }

    /// Whether the docs list `call: subscribeToTone` for this cloud in this
    /// API version (graph-wire-facts §1.2): v1.0 on the global service, US
    /// Government L4 and L5; beta on the global service only; never in China
    /// (whose v1.0 metadata lacks even `toneInfo`).
    pub const fn offers_subscribe_to_tone(&self, version: ApiVersion) -> bool {
        match (self, version) {
            (NationalCloud::Global, _) => true,
            (NationalCloud::UsGovL4 | NationalCloud::UsGovL5Dod, ApiVersion::V1_0) => true,
            (NationalCloud::UsGovL4 | NationalCloud::UsGovL5Dod, ApiVersion::Beta) => false,
            (NationalCloud::China21Vianet, _) => false,
        }
    }
}

impl fmt::Display for NationalCloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Microsoft Graph API version: the first path segment after the host.
///
/// ```
/// use graph_comms_validate::ApiVersion;
///
/// assert_eq!(ApiVersion::from_segment("V1.0"), Some(ApiVersion::V1_0));
/// assert_eq!(ApiVersion::Beta.as_str(), "beta");
/// assert_eq!(ApiVersion::from_segment("v1"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApiVersion {
    /// `v1.0`: the stable version.
    V1_0,
    /// `beta`: "subject to change … not supported in production".
    Beta,
}

impl ApiVersion {
    /// Both versions.
    pub const ALL: [ApiVersion; 2] = [ApiVersion::V1_0, ApiVersion::Beta];

    /// `"v1.0"` or `"beta"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            ApiVersion::V1_0 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }

    /// The version a path segment names, ASCII case-insensitively.
    pub fn from_segment(segment: &str) -> Option<ApiVersion> {
        Self::ALL
            .into_iter()
            .find(|version| version.as_str().eq_ignore_ascii_case(segment))
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ApiVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
