//! Wire types of the Microsoft Graph communications API for `call: subscribeToTone`:
//! the request body, the `subscribeToToneOperation` it returns, and the tone
//! notifications the service then posts to the bot.
//!
//! This crate does no I/O and has no HTTP dependency: it reads and writes JSON.
//! It is liberal in what it reads and exact in what it writes:
//!
//! - enums and `@odata.type` match case-insensitively (`Established`, `TONE5`,
//!   `#Microsoft.Graph.Call`), with or without the leading `#`;
//! - `null` is the same as absent; unknown properties, enum values and
//!   `@odata.type`s are kept and written back as they came;
//! - writing emits canonical names (`tone5`, `completed`,
//!   `#microsoft.graph.call`), omits absent values, and emits unknown data last.
//!
//! # Reading a callback
//!
//! ```
//! use graph_comms_models::{CommsNotifications, Tone};
//!
//! let body = br##"{"value": [{
//!     "changeType": "updated",
//!     "resourceUrl": "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896",
//!     "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "established",
//!                      "toneInfo": {"sequenceId": 1, "tone": "tone1"}}
//! }]}"##;
//! let batch = CommsNotifications::from_slice(body)?;
//! for event in batch.tone_events() {
//!     let event = event?;
//!     // Tones may not be persisted, and logs are persistence: Debug redacts them.
//!     assert_eq!(format!("{:?}", event.tone), "Tone(<redacted>)");
//!     assert_eq!(event.tone.to_char(), Some('1'));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Writing a request body and reading the response
//!
//! ```
//! use graph_comms_models::{SubscribeToToneOperation, SubscribeToToneRequest};
//!
//! let body = serde_json::to_vec(&SubscribeToToneRequest::new("fd1c7836-4d84-4e24-b6aa-23188688cc54"))?;
//! assert_eq!(body, br#"{"clientContext":"fd1c7836-4d84-4e24-b6aa-23188688cc54"}"#);
//!
//! let op: SubscribeToToneOperation = graph_comms_models::from_slice(
//!     br##"{"@odata.type": "#microsoft.graph.subscribeToToneOperation",
//!          "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5", "status": "completed"}"##,
//! )?;
//! assert!(op.is_terminal());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! [`from_slice`] and [`CommsNotifications::from_slice`] return a
//! [`ReadError`] with the JSON path, line and column of the problem. Its
//! message never quotes the input, so no tone ends up in a log through an
//! error.
//!
//! # Limits
//!
//! - Nesting: a document may be [`MAX_DEPTH`] (127) levels deep; deeper input
//!   is an error (serde_json's recursion limit), never a stack overflow.
//! - Sizes: the models set no limit on string lengths or on the number of
//!   notifications in a batch; bound the body before reading it (the
//!   `graph-comms-http` crate checks a configurable body-size limit before
//!   parsing and a limit on notifications per batch after).
//!
//! # Features
//!
//! - `schemars`: implements `schemars::JsonSchema` for every wire type, and
//!   adds [`schemas::all`], the JSON Schemas published in `schemas/`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod call;
mod comms_notification;
mod comms_operation;
mod datetime;
mod enums;
mod error;
mod extra;
mod macros;
mod media_config;
mod odata_error;
mod odata_type;
mod participant;
mod polymorphic;
mod resource;
mod result_info;
#[cfg(feature = "schemars")]
mod schema;
#[cfg(feature = "schemars")]
pub mod schemas;
mod subscribe_to_tone_request;
mod tone;
mod tone_event;
mod tone_info;

/// How deeply a document may nest objects and arrays: deeper input is an
/// error (serde_json stops at 128 levels), never a stack overflow.
pub const MAX_DEPTH: usize = 127;

pub use call::Call;
pub use comms_notification::{CommsNotification, CommsNotifications};
pub use comms_operation::{CommsOperation, SubscribeToToneOperation};
pub use enums::{CallDirection, CallState, ChangeType, OperationStatus};
pub use error::{ReadError, ReadErrorKind, from_slice};
pub use extra::{Extra, UnknownValue};
pub use media_config::{AppHostedMediaConfig, MediaConfig, ServiceHostedMediaConfig};
pub use odata_error::{ErrorDetails, InnerError, MainError, ODataError};
pub use odata_type::ODataType;
pub use participant::Participant;
pub use polymorphic::UnknownObject;
pub use resource::{InvalidResource, Resource, ResourceData};
pub use result_info::ResultInfo;
pub use subscribe_to_tone_request::SubscribeToToneRequest;
pub use tone::Tone;
pub use tone_event::{ToneEvent, ToneEventError, ToneEvents};
pub use tone_info::ToneInfo;
