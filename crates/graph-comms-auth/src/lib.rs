//! Authenticate the inbound callbacks of a Microsoft Graph calling bot: check
//! the bearer token the service puts on every notification it posts, so that
//! a forged notification (a forged tone is a forged PIN) is refused.
//!
//! The service signs a JWT with RS256 and sends it as `Authorization: Bearer`;
//! its audience is the bot's app id, its issuer `https://api.botframework.com`
//! (or `https://graph.microsoft.com`), and it carries the tenant id. This crate
//! checks all of that with `jsonwebtoken` doing the cryptography. It does
//! no I/O and never reads the clock: you fetch the keys and pass the time.
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
//! its keys; refresh them on a timer (the SDK samples: every 2 hours) and when
//! a token's `kid` is unknown ([`AuthError::should_refresh_keys`]), then
//! validate once more. Rate-limit the second kind of refresh (say, once a
//! minute): anyone can send a token with a made-up `kid`.
//!
//! # Privacy
//!
//! A bearer token is a credential. [`BearerToken`]'s `Debug` is redacted, and
//! no error of this crate contains the token or anything read from it.
//!
//! # Features
//!
//! - `test-support`: the `testing` module, a TEST-ONLY key with functions
//!   to mint tokens, for testing a receiver. Never in production builds.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod bearer;
mod error;
mod keys;
#[cfg(feature = "test-support")]
pub mod testing;
mod validator;

pub use bearer::BearerToken;
pub use error::{AuthError, AuthErrorKind, MetadataError, MetadataErrorKind};
/// The national clouds, whose [`NationalCloud::callback_issuers`] and
/// [`NationalCloud::callback_openid_configuration_url`] say what is known of
/// each cloud's callback tokens (from graph-comms-core).
pub use graph_comms_core::{BOT_FRAMEWORK_ISSUER, GRAPH_ISSUER, NationalCloud};
pub use keys::{KeySet, OpenIdConfiguration};
pub use validator::{CallbackClaims, CallbackValidator, DEFAULT_CLOCK_SKEW, TENANT_ID_CLAIM_URI};

/// The `http` crate this crate's API uses (`HeaderMap`, `Request`,
/// `StatusCode`), re-exported so that callers name the same version.
pub use http;

/// The `jsonwebtoken` types [`KeySet::from_jwk_set`] and
/// [`KeySet::insert_jwk`] take, re-exported so that callers name the same
/// version.
pub use jsonwebtoken::jwk::{Jwk, JwkSet};
