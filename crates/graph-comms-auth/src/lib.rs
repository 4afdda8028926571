//! Authentication for a Microsoft Graph calling bot, in both directions.
//!
//! - **In**: check the bearer token the service puts on every notification it
//!   posts, so that a forged notification (a forged tone is a forged PIN) is
//!   refused. The service signs a JWT with RS256 and sends it as
//!   `Authorization: Bearer`; its audience is the bot's app id, its issuer
//!   `https://api.botframework.com` (or `https://graph.microsoft.com`), and it
//!   carries the tenant id. [`CallbackValidator`] checks all of that, with
//!   `jsonwebtoken` doing the cryptography, and remembers the tokens it
//!   verified; [`KeyRotation`] says when to fetch the keys again.
//! - **Out**: the app token every call action needs, from the right national
//!   cloud with the right scope: [`AppCredentials`] builds the
//!   client-credentials request, [`TokenResponse`] reads the answer, and
//!   [`AppTokenCache`] says when to fetch the next one.
//!
//! The crate does no I/O and never reads the clock: you send the requests
//! with your HTTP client and pass the time.
//!
//! # Validating a callback
//!
//! ```
//! use graph_comms_auth::{CallbackValidator, KeySet, NationalCloud};
//! use std::time::SystemTime;
//!
//! // Once at start-up, then periodically: fetch the keys with your HTTP client.
//! // GET NationalCloud::Global.callback_openid_configuration_url(), read its `jwks_uri` with
//! // OpenIdConfiguration::from_slice, GET that. Here the TEST-ONLY key of the
//! // `testing` module stands in for what the service publishes.
//! let jwks: String = graph_comms_auth::testing::jwks_json();
//! let keys = KeySet::from_jwks_json(jwks.as_bytes())?;
//!
//! // Once: a validator for your bot (its app id is the expected audience).
//! let app_id = graph_comms_auth::testing::APP_ID;
//! let validator = CallbackValidator::new(app_id, NationalCloud::Global.callback_issuers(), keys);
//!
//! // On every callback, before reading the body: check its Authorization header.
//! let now = SystemTime::now();
//! # let token = graph_comms_auth::testing::sign(&graph_comms_auth::testing::claims(
//! #     app_id, graph_comms_auth::testing::TENANT_ID, now));
//! let request = http::Request::post("/api/calls")
//!     .header("Authorization", format!("Bearer {token}"))
//!     .body(())?;
//! let claims = validator.validate_request(&request, now)?;
//! assert_eq!(claims.tenant_id, graph_comms_auth::testing::TENANT_ID);
//!
//! // A forged callback is refused, and the error says why without the token.
//! let forged = http::Request::post("/api/calls")
//!     .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.")
//!     .body(())?;
//! let err = validator.validate_request(&forged, now).unwrap_err();
//! assert_eq!(err.kind(), graph_comms_auth::AuthErrorKind::UnsignedToken);
//! assert_eq!(err.status(), http::StatusCode::UNAUTHORIZED);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What to answer
//!
//! - A refused callback: [`AuthError::status`], `401 Unauthorized` (`403
//!   Forbidden` for a genuine token from a tenant you do not allow). Do not
//!   read or act on its body.
//! - An accepted one: read the body (`graph_comms_models::CommsNotifications`),
//!   queue the work, and answer `202 Accepted` at once; the SDK samples do the
//!   same and process in the background.
//!
//! # Keys: fetching and rotation
//!
//! [`NationalCloud`] lists, per national cloud, the OpenID configuration URL and the
//! issuers that are known (and says where they are not). The service rotates
//! its keys: [`KeyRotation`] asks for a fetch on a timer (the SDK samples:
//! every 2 hours) and when a token's `kid` is unknown
//! ([`AuthError::should_refresh_keys`]), at most once per 5 minutes, since
//! anyone can send a token with a made-up `kid`. Give the new keys to the
//! validator with [`CallbackValidator::set_keys`].
//!
//! # The verified-token cache
//!
//! The service signs a token for about an hour and sends it with every
//! callback of that hour, and verifying RS256 costs hundreds of times more
//! than reading the callback. So a validator remembers the tokens it verified
//! (on by default, bounded, keyed by every byte of the token, emptied when
//! the keys change) and checks only the issuer, audience, time and tenant of
//! a remembered one; see [`CallbackValidator`].
//!
//! # App tokens
//!
//! ```
//! use graph_comms_auth::{AppCredentials, AppTokenCache, ClientSecret, NationalCloud, TokenResponse, TokenStep};
//! use std::time::SystemTime;
//!
//! let app = AppCredentials::with_secret(
//!     NationalCloud::China21Vianet, "contoso.partner.onmschina.cn", graph_comms_auth::testing::APP_ID,
//!     ClientSecret::new("s3cr3t"))?;
//! let mut cache = AppTokenCache::new();
//! let now = SystemTime::now();
//! if cache.step(now) == TokenStep::Fetch {
//!     let request = app.token_request(now)?; // POST to https://login.chinacloudapi.cn/...
//!     assert_eq!(request.uri().host(), Some("login.chinacloudapi.cn"));
//!     // ... send it; here, a canned answer:
//!     let answer = br#"{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0.e30.c2ln"}"#;
//!     cache.fetched(TokenResponse::from_json(answer)?.into_token(now), now);
//! }
//! let TokenStep::Use(token) = cache.step(now) else { panic!("a fresh token is used") };
//! let header = token.authorization(); // `Bearer …`, marked sensitive
//! # let _ = header;
//! # Ok::<(), graph_comms_auth::AppTokenError>(())
//! ```
//!
//! # Privacy
//!
//! A bearer token is a credential, and so are secrets and assertions. The
//! `Debug` of [`BearerToken`], [`AccessToken`], [`ClientSecret`],
//! [`ClientCertificate`] and [`TokenRequestBody`] is redacted, and no error of
//! this crate contains a credential or anything read from a token or a
//! response.
//!
//! # Features
//!
//! - `test-support`: the `testing` module, a TEST-ONLY key with functions
//!   to mint tokens, for testing a receiver. Never in production builds.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bearer;
mod credentials;
mod error;
mod keys;
mod rotation;
#[cfg(feature = "test-support")]
pub mod testing;
mod token;
mod token_cache;
mod validator;
mod verified;

pub use bearer::BearerToken;
pub use credentials::{
    AppCredentials, AssertionAlgorithm, CLIENT_ASSERTION_LIFETIME, CLIENT_ASSERTION_TYPE,
    ClientCertificate, ClientSecret, TokenRequestBody,
};
pub use error::{
    AppTokenError, AppTokenErrorKind, AuthError, AuthErrorKind, MetadataError, MetadataErrorKind,
};
/// The national clouds, whose [`NationalCloud::callback_issuers`] and
/// [`NationalCloud::callback_openid_configuration_url`] say what is known of
/// each cloud's callback tokens, and [`NationalCloud::login_authority`] and
/// [`NationalCloud::graph_scope`] where and for what app tokens are asked
/// (from graph-comms-core).
pub use graph_comms_core::{BOT_FRAMEWORK_ISSUER, GRAPH_ISSUER, NationalCloud};
pub use keys::{KeySet, OpenIdConfiguration};
pub use rotation::{
    DEFAULT_REFRESH_INTERVAL, DEFAULT_UNKNOWN_KEY_INTERVAL, FetchReason, KeyRotation, KeyUpdate,
    RotationPolicy, RotationStep, RotationWait,
};
pub use token::{AccessToken, AppToken, TokenResponse};
pub use token_cache::{
    AppTokenCache, DEFAULT_FETCH_TIMEOUT, DEFAULT_REFRESH_MARGIN, TokenStep, TokenWait,
};
pub use validator::{
    CallbackClaims, CallbackValidator, DEFAULT_CLOCK_SKEW, DEFAULT_VERIFIED_TOKEN_CACHE_ENTRIES,
    TENANT_ID_CLAIM_URI,
};

/// The `http` crate this crate's API uses (`HeaderMap`, `Request`,
/// `StatusCode`), re-exported so that callers name the same version.
pub use http;

/// The `jsonwebtoken` types [`KeySet::from_jwk_set`] and
/// [`KeySet::insert_jwk`] take, re-exported so that callers name the same
/// version.
pub use jsonwebtoken::jwk::{Jwk, JwkSet};
