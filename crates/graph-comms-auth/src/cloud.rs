//! What is known, per national cloud, about who signs the callbacks and where
//! the keys are published, and where app tokens come from.
//!
//! Only the global service is documented. For the others this module says
//! what has been observed, and where nothing is known it says so (empty
//! issuer lists, `None` URLs) rather than guessing: a guessed issuer would
//! either refuse every genuine callback or, worse, be trusted without reason.

/// The Bot Framework issuer: the `iss` the calling SDK docs show in a
/// callback token, and one of the two issuers the SDK samples accept.
pub const BOT_FRAMEWORK_ISSUER: &str = "https://api.botframework.com";

/// The Microsoft Graph issuer: the other issuer the SDK samples accept
/// (`ValidIssuers` in the samples' `AuthenticationProvider.cs`).
pub const GRAPH_ISSUER: &str = "https://graph.microsoft.com";

/// A Microsoft Graph deployment ("national cloud"), with what is known about
/// its callback tokens.
///
/// | cloud | Graph root | issuers | OpenID configuration |
/// |---|---|---|---|
/// | [`Global`](Cloud::Global) (and GCC) | `https://graph.microsoft.com` | `https://api.botframework.com`, `https://graph.microsoft.com` (documented, samples) | `https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration` (documented) |
/// | [`UsGovernment`](Cloud::UsGovernment) (L4, GCC High) | `https://graph.microsoft.us` | `https://api.botframework.com` (observed, not documented) | `https://apigcch.botframework.azure.us/v1/.well-known/OpenIdConfiguration` (expected, but see below) |
/// | [`UsGovernmentDod`](Cloud::UsGovernmentDod) (L5) | `https://dod-graph.microsoft.us` | unknown | unknown |
/// | [`China`](Cloud::China) (21Vianet) | `https://microsoftgraph.chinacloudapi.cn` | unknown | unknown |
///
/// For app tokens (outbound), each cloud has its own
/// [`login_authority`](Cloud::login_authority) and
/// [`graph_scope`](Cloud::graph_scope); both are documented.
///
/// Azure Government is an open problem (microsoft-graph-comms-samples#865,
/// open in 2026): a GCC High bot's callbacks carry `iss` =
/// `https://api.botframework.com`, and a `kid` that is *not* in the key set
/// of the Azure Government metadata above. Until that is resolved, a GCC High
/// bot has to find out which key set holds its callbacks' `kid` and supply
/// it (see [`KeySet::extend`](crate::KeySet::extend) to trust two sets). For
/// DoD and China nothing is documented: configure the issuers and keys you
/// have verified yourself.
///
/// ```
/// use graph_comms_auth::Cloud;
///
/// assert_eq!(Cloud::Global.issuers(), ["https://api.botframework.com", "https://graph.microsoft.com"]);
/// assert!(Cloud::China.issuers().is_empty()); // unknown: configure your own
/// assert_eq!(Cloud::UsGovernmentDod.graph_root(), "https://dod-graph.microsoft.us");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service; GCC uses it too.
    Global,
    /// Microsoft Graph for US Government L4 (GCC High).
    UsGovernment,
    /// Microsoft Graph for US Government L5 (DoD).
    UsGovernmentDod,
    /// Microsoft Graph China operated by 21Vianet.
    China,
}

impl Cloud {
    /// Every cloud, in the order of the table above.
    pub const ALL: [Cloud; 4] = [
        Cloud::Global,
        Cloud::UsGovernment,
        Cloud::UsGovernmentDod,
        Cloud::China,
    ];

    /// The Microsoft Graph root of this cloud (`concepts/deployments.md`).
    /// Tokens of one cloud are not accepted by another.
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovernment => "https://graph.microsoft.us",
            Cloud::UsGovernmentDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The Microsoft identity platform host that issues this cloud's app
    /// tokens (`concepts/deployments.md` of the Graph docs, "Microsoft Entra
    /// ID endpoint"); the token endpoint is
    /// `{login_authority}/{tenant}/oauth2/v2.0/token`. US Government L4 and
    /// L5 share one host.
    ///
    /// ```
    /// use graph_comms_auth::Cloud;
    ///
    /// assert_eq!(Cloud::China.login_authority(), "https://login.chinacloudapi.cn");
    /// ```
    pub fn login_authority(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGovernment | Cloud::UsGovernmentDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The client-credentials scope for Microsoft Graph in this cloud: its
    /// [`graph_root`](Cloud::graph_root) followed by `/.default`. The national
    /// cloud docs (`concepts/sdks/national-clouds.md`) say that a scope
    /// naming Graph must use that cloud's Graph domain; the L4 value is
    /// stated in the docs, the L5 and China values follow from that rule.
    ///
    /// ```
    /// use graph_comms_auth::Cloud;
    ///
    /// assert_eq!(Cloud::UsGovernment.graph_scope(), "https://graph.microsoft.us/.default");
    /// ```
    pub fn graph_scope(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com/.default",
            Cloud::UsGovernment => "https://graph.microsoft.us/.default",
            Cloud::UsGovernmentDod => "https://dod-graph.microsoft.us/.default",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn/.default",
        }
    }

    /// The `iss` values known for callbacks in this cloud; empty where none is
    /// known (then every token is refused with
    /// [`WrongIssuer`](crate::AuthErrorKind::WrongIssuer) until you configure
    /// issuers yourself).
    ///
    /// - Global: [`BOT_FRAMEWORK_ISSUER`] and [`GRAPH_ISSUER`], the pair the
    ///   SDK samples accept.
    /// - US Government: [`BOT_FRAMEWORK_ISSUER`] only, because that is what
    ///   GCC High bots report seeing (issue #865); no issuer is documented.
    ///   The issue quotes it as `https://api.botframework.com/`, with a
    ///   trailing slash that may be the sentence's; issuers are compared
    ///   exactly, so add that form yourself if your tokens carry it.
    /// - DoD, China: none known.
    pub fn issuers(self) -> &'static [&'static str] {
        match self {
            Cloud::Global => &[BOT_FRAMEWORK_ISSUER, GRAPH_ISSUER],
            Cloud::UsGovernment => &[BOT_FRAMEWORK_ISSUER],
            Cloud::UsGovernmentDod | Cloud::China => &[],
        }
    }

    /// Where the OpenID configuration is published, whose `jwks_uri` gives
    /// the signing keys; `None` where none is known.
    ///
    /// - Global: documented by the calling SDK ("signed with keys published
    ///   at" this URL) and used by its samples.
    /// - US Government: the Azure Government metadata that GCC High bots
    ///   expect, which issue #865 (open) reports does not hold their
    ///   callbacks' `kid`.
    ///
    /// Note that these documents' `issuer` need not equal the tokens' `iss`,
    /// and that the URL is not `{issuer}/.well-known/openid-configuration`:
    /// strict OpenID Connect libraries refuse them for that
    /// (MicrosoftDocs/bot-docs#2064). Configure issuers from
    /// [`Cloud::issuers`], not from the document.
    pub fn openid_configuration_url(self) -> Option<&'static str> {
        match self {
            Cloud::Global => Some("https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration"),
            Cloud::UsGovernment => {
                Some("https://apigcch.botframework.azure.us/v1/.well-known/OpenIdConfiguration")
            }
            Cloud::UsGovernmentDod | Cloud::China => None,
        }
    }
}
