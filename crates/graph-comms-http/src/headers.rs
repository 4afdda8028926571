//! Header names of Microsoft Graph requests, responses and calling callbacks.
//!
//! `http::HeaderName` is case-insensitive and stored in lower case; these are
//! the lower-case forms of the names as the service writes them.

use http::HeaderName;

/// `client-request-id`: the id the caller gives a request; Graph echoes it in
/// its response and in `innerError`. Calling callbacks carry one too (the
/// service's message id, echoed).
pub const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// `request-id`: the id Graph gave a request; quote it to support.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// `X-Microsoft-Skype-Message-ID`: the id of a callback message. A retried
/// callback carries the same one, so it is a key to drop duplicates by.
pub const X_MICROSOFT_SKYPE_MESSAGE_ID: HeaderName =
    HeaderName::from_static("x-microsoft-skype-message-id");

/// `X-Microsoft-Skype-Chain-ID`: ties together the callbacks of one chain of
/// events of a call.
pub const X_MICROSOFT_SKYPE_CHAIN_ID: HeaderName =
    HeaderName::from_static("x-microsoft-skype-chain-id");

/// `Scenario-ID`: the calling scenario a callback belongs to.
pub const SCENARIO_ID: HeaderName = HeaderName::from_static("scenario-id");
