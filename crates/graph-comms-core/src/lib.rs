//! The vocabulary every graph-comms crate shares: which Microsoft Graph
//! deployment ([`NationalCloud`]) and version ([`ApiVersion`]), which call
//! and operation ([`CallId`], [`OperationId`]), the caller's correlation
//! string ([`ClientContext`]), what a request on a call does ([`CallAction`]),
//! the rules of a URL path segment
//! ([`is_dot_segment`], [`encode_segment`], [`call_id_in_path`]), and how
//! untrusted text is printed on a terminal ([`terminal_safe`]).
//!
//! Each concept has its home here and nowhere else; graph-comms-models,
//! -validate, -http, -dtmf and -auth take and re-export these types. The
//! crate does no I/O and depends on serde and percent-encoding only (and
//! uuid with the `uuid` feature).
//!
//! ```
//! use graph_comms_core::{ApiVersion, CallId, NationalCloud, call_id_in_path, encode_segment};
//!
//! // Where a notification says the call is, and the id checked once.
//! let raw = call_id_in_path("/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896").unwrap();
//! let id = CallId::new(raw)?;
//!
//! // The URL of an action on it, in a national cloud.
//! let cloud = NationalCloud::UsGovL4;
//! let url = format!(
//!     "{}/{}/communications/calls/{}/subscribeToTone",
//!     cloud.graph_root(),
//!     ApiVersion::V1_0,
//!     encode_segment(id.as_str()),
//! );
//! assert_eq!(url, "https://graph.microsoft.us/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone");
//!
//! // An id can never leave its segment.
//! assert!(CallId::new("../participants").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! Every error is an opaque struct with a `kind()` returning a
//! `#[non_exhaustive]` kind enum ([`IdError`], [`ClientContextError`]). Its
//! message says what is wrong and what to do, and never quotes the value.
//!
//! # Features
//!
//! - `uuid`: [`ClientContext::generate`] and [`ClientContext::from_uuid`].
//! - `schemars`: `schemars::JsonSchema` for [`ClientContext`] and [`CallId`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod action;
mod client_context;
mod cloud;
mod id;
mod json_path;
mod path;
mod terminal;

pub use action::CallAction;
pub use client_context::{ClientContext, ClientContextError, ClientContextErrorKind};
pub use cloud::{ApiVersion, BOT_FRAMEWORK_ISSUER, GRAPH_ISSUER, NationalCloud};
pub use id::{CallId, ID_MAX_LEN, IdError, IdErrorKind, OperationId};
pub use json_path::{JSON_MEMBER_SHOWN, push_json_member};
pub use path::{
    PATH_SEGMENT, call_id_in_path, encode_segment, is_dot_segment, names_call_itself,
    operation_id_in_path,
};
pub use terminal::terminal_safe;

/// The README shown on crates.io: its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
