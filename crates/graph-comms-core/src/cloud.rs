//! National clouds and API versions: where Microsoft Graph is, and what is
//! known per cloud about its tokens.

use std::fmt;

/// The Bot Framework issuer: the `iss` the calling SDK docs show in a
/// callback token, and one of the two issuers the SDK samples accept.
pub const BOT_FRAMEWORK_ISSUER: &str = "https://api.botframework.com";

/// The Microsoft Graph issuer: the other issuer the SDK samples accept
/// (`ValidIssuers` in the samples' `AuthenticationProvider.cs`).
pub const GRAPH_ISSUER: &str = "https://graph.microsoft.com";

/// A Microsoft Graph national cloud deployment, as the docs list them
/// (<https://learn.microsoft.com/graph/deployments>), with what is known per
/// cloud about its tokens.
///
/// | cloud | Graph root | Entra ID authority | callback issuers | OpenID configuration |
/// |---|---|---|---|---|
/// | [`Global`](NationalCloud::Global) (and GCC) | `https://graph.microsoft.com` | `https://login.microsoftonline.com` | `https://api.botframework.com`, `https://graph.microsoft.com` (documented, samples) | `https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration` (documented) |
/// | [`UsGovL4`](NationalCloud::UsGovL4) (GCC High) | `https://graph.microsoft.us` | `https://login.microsoftonline.us` | `https://api.botframework.com` (observed, not documented) | `https://apigcch.botframework.azure.us/v1/.well-known/OpenIdConfiguration` (expected, but see below) |
/// | [`UsGovL5Dod`](NationalCloud::UsGovL5Dod) (DoD) | `https://dod-graph.microsoft.us` | `https://login.microsoftonline.us` | unknown | unknown |
/// | [`China21Vianet`](NationalCloud::China21Vianet) | `https://microsoftgraph.chinacloudapi.cn` | `https://login.chinacloudapi.cn` | unknown | unknown |
///
/// Where nothing is known this type says so (empty issuer lists, `None`
/// URLs) rather than guessing: a guessed issuer would either refuse every
/// genuine callback or, worse, be trusted without reason.
///
/// Azure Government is an open problem (microsoft-graph-comms-samples#865,
/// open in 2026): a GCC High bot's callbacks carry `iss` =
/// `https://api.botframework.com`, and a `kid` that is *not* in the key set
/// of the Azure Government metadata above. For DoD and China nothing is
/// documented: configure the issuers and keys you have verified yourself.
///
/// ```
/// use graph_comms_core::{ApiVersion, NationalCloud};
///
/// assert_eq!(NationalCloud::from_host("DOD-Graph.Microsoft.US"), Some(NationalCloud::UsGovL5Dod));
/// assert_eq!(NationalCloud::Global.graph_host(), "graph.microsoft.com");
/// assert_eq!(NationalCloud::UsGovL4.graph_scope(), "https://graph.microsoft.us/.default");
/// assert!(NationalCloud::China21Vianet.callback_issuers().is_empty()); // unknown: configure your own
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
    /// `https://graph.microsoft.com`. Tokens of one cloud are not accepted by
    /// another.
    pub const fn graph_root(&self) -> &'static str {
        match self {
            NationalCloud::Global => "https://graph.microsoft.com",
            NationalCloud::UsGovL4 => "https://graph.microsoft.us",
            NationalCloud::UsGovL5Dod => "https://dod-graph.microsoft.us",
            NationalCloud::China21Vianet => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The scope an app asks for a Microsoft Graph token with (client
    /// credentials): `{graph_root}/.default`. The docs state it for the
    /// global service and US Government L4; for L5 and China it follows the
    /// rule of <https://learn.microsoft.com/graph/sdks/national-clouds> ("any
    /// scope containing the Graph domain must use that cloud's Graph root").
    pub const fn graph_scope(&self) -> &'static str {
        match self {
            NationalCloud::Global => "https://graph.microsoft.com/.default",
            NationalCloud::UsGovL4 => "https://graph.microsoft.us/.default",
            NationalCloud::UsGovL5Dod => "https://dod-graph.microsoft.us/.default",
            NationalCloud::China21Vianet => "https://microsoftgraph.chinacloudapi.cn/.default",
        }
    }

    /// The Microsoft Entra ID authority that issues the app's Graph tokens
    /// in this cloud, without a tenant: the token endpoint is
    /// `{authority}/{tenant}/oauth2/v2.0/token`. From the table of
    /// <https://learn.microsoft.com/graph/deployments>.
    ///
    /// Open question: for China that page gives `https://login.chinacloudapi.cn`,
    /// while newer Entra ID pages name `https://login.partner.microsoftonline.cn`;
    /// this follows the Graph page. Both US Government clouds share
    /// `https://login.microsoftonline.us`.
    pub const fn login_authority(&self) -> &'static str {
        match self {
            NationalCloud::Global => "https://login.microsoftonline.com",
            NationalCloud::UsGovL4 | NationalCloud::UsGovL5Dod => {
                "https://login.microsoftonline.us"
            }
            NationalCloud::China21Vianet => "https://login.chinacloudapi.cn",
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

    /// The `iss` values known for inbound calling callbacks in this cloud;
    /// empty where none is known (then a validator refuses every token until
    /// you configure issuers yourself).
    ///
    /// - Global: [`BOT_FRAMEWORK_ISSUER`] and [`GRAPH_ISSUER`], the pair the
    ///   SDK samples accept.
    /// - US Government L4: [`BOT_FRAMEWORK_ISSUER`] only, because that is
    ///   what GCC High bots report seeing (microsoft-graph-comms-samples#865);
    ///   no issuer is documented. The issue quotes it as
    ///   `https://api.botframework.com/`, with a trailing slash that may be
    ///   the sentence's; issuers are compared exactly, so add that form
    ///   yourself if your tokens carry it.
    /// - US Government L5 (DoD), China: none known.
    pub const fn callback_issuers(&self) -> &'static [&'static str] {
        match self {
            NationalCloud::Global => &[BOT_FRAMEWORK_ISSUER, GRAPH_ISSUER],
            NationalCloud::UsGovL4 => &[BOT_FRAMEWORK_ISSUER],
            NationalCloud::UsGovL5Dod | NationalCloud::China21Vianet => &[],
        }
    }

    /// Where the OpenID configuration of the callback signing keys is
    /// published (its `jwks_uri` gives the keys); `None` where none is known.
    ///
    /// - Global: documented by the calling SDK ("signed with keys published
    ///   at" this URL) and used by its samples.
    /// - US Government L4: the Azure Government metadata that GCC High bots
    ///   expect, which microsoft-graph-comms-samples#865 (open) reports does
    ///   not hold their callbacks' `kid`.
    ///
    /// These documents' `issuer` need not equal the tokens' `iss`, and the
    /// URL is not `{issuer}/.well-known/openid-configuration`: strict OpenID
    /// Connect libraries refuse them for that (MicrosoftDocs/bot-docs#2064).
    /// Take issuers from [`NationalCloud::callback_issuers`], not from the
    /// document.
    pub const fn callback_openid_configuration_url(&self) -> Option<&'static str> {
        match self {
            NationalCloud::Global => {
                Some("https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration")
            }
            NationalCloud::UsGovL4 => {
                Some("https://apigcch.botframework.azure.us/v1/.well-known/OpenIdConfiguration")
            }
            NationalCloud::UsGovL5Dod | NationalCloud::China21Vianet => None,
        }
    }

    /// Whether the docs list `call: subscribeToTone` for this cloud in this
    /// API version (the "National cloud deployments" availability table of
    /// <https://learn.microsoft.com/graph/api/call-subscribetotone>): v1.0 on
    /// the global service, US Government L4 and L5; beta on the global
    /// service only; never in China (whose v1.0 metadata lacks even
    /// `toneInfo`).
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
/// use graph_comms_core::ApiVersion;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_is_the_root_and_default() {
        for cloud in NationalCloud::ALL {
            assert_eq!(
                cloud.graph_scope(),
                format!("{}/.default", cloud.graph_root())
            );
            assert_eq!(
                cloud.graph_root(),
                format!("https://{}", cloud.graph_host())
            );
        }
    }
}
