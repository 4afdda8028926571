//! Wire types of the Microsoft Graph communications API for a caller-facing
//! bot (an IVR): the request bodies of `answer`, `reject`, create call,
//! `playPrompt`, `recordResponse`, `cancelMediaProcessing`, `sendDtmfTones`,
//! `updateRecordingStatus` and `subscribeToTone`, the operations they return,
//! and the notifications the service then posts to the bot, read to tone,
//! operation and call events.
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
//! # How did my prompt end?
//!
//! An action's outcome arrives later as a callback: a `deleted` notification
//! on `…/operations/{id}`. [`CommsNotifications::operation_events`] gives one
//! event per finished operation, with its outcome already read (a
//! `sendDtmfTones` failure arrives as `"status": "completed"`; it is still a
//! failure here):
//!
//! ```
//! use graph_comms_models::{CommsNotifications, Operation, OperationOutcome};
//!
//! let body = br##"{"value": [{
//!     "changeType": "deleted",
//!     "resourceUrl": "/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5",
//!     "resourceData": {"@odata.type": "#microsoft.graph.recordOperation", "status": "failed",
//!                      "resultInfo": {"code": 400, "subcode": 8508},
//!                      "recordingLocation": "", "recordingAccessToken": "",
//!                      "completionReason": "operationCanceled"}
//! }]}"##;
//! let batch = CommsNotifications::from_slice(body)?;
//! for event in batch.operation_events() {
//!     let event = event?;
//!     match (event.operation, event.outcome) {
//!         (Operation::Record(op), OperationOutcome::Succeeded) => {
//!             let (_location, _token) = op.recording().expect("a recording");
//!         }
//!         (_, OperationOutcome::Failed) => {
//!             assert_eq!(event.completion_reason, Some("operationCanceled"));
//!             assert_eq!(event.result_info.and_then(|r| r.subcode_number()), Some(8508));
//!         }
//!         _ => {}
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`CommsNotifications::call_events`] does the same for the calls: an
//! incoming call, its state changes, its end with the `resultInfo`.
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
//!   adds `schemas::all()`, the JSON Schemas published in `schemas/`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod answer_request;
mod call;
mod call_event;
mod cancel_media_processing_operation;
mod cancel_media_processing_request;
mod comms_notification;
mod comms_operation;
mod create_call_request;
mod datetime;
mod enums;
mod error;
mod extra;
mod identity;
mod identity_set;
mod incoming_context;
mod invitation_participant_info;
mod macros;
mod media_config;
mod media_info;
mod media_prompt;
mod modality;
mod odata_error;
mod odata_type;
mod operation;
mod operation_event;
mod participant;
mod participant_info;
mod play_prompt_completion_reason;
mod play_prompt_operation;
mod play_prompt_request;
mod polymorphic;
mod prompt;
mod record_completion_reason;
mod record_operation;
mod record_response_request;
mod recording_access_token;
mod recording_status;
mod reject_reason;
mod reject_request;
mod resource;
mod result_code;
mod result_info;
#[cfg(feature = "schemars")]
mod schema;
#[cfg(feature = "schemars")]
pub mod schemas;
mod send_dtmf_completion_reason;
mod send_dtmf_tones_operation;
mod send_dtmf_tones_request;
mod stop_tone;
mod subscribe_to_tone_request;
mod tone;
mod tone_event;
mod tone_info;
mod update_recording_status_operation;
mod update_recording_status_request;

/// How deeply a document may nest objects and arrays: deeper input is an
/// error (serde_json stops at 128 levels), never a stack overflow.
pub const MAX_DEPTH: usize = 127;

pub use answer_request::AnswerRequest;
pub use call::Call;
pub use call_event::{CallEvent, CallEventKind, CallEvents};
pub use cancel_media_processing_operation::CancelMediaProcessingOperation;
pub use cancel_media_processing_request::CancelMediaProcessingRequest;
pub use comms_notification::{CommsNotification, CommsNotifications};
pub use comms_operation::{CommsOperation, SubscribeToToneOperation};
pub use create_call_request::CreateCallRequest;
pub use enums::{CallDirection, CallState, ChangeType, OperationStatus};
pub use error::{ReadError, ReadErrorKind, from_slice};
pub use extra::{Extra, UnknownValue};
pub use identity::Identity;
pub use identity_set::IdentitySet;
pub use incoming_context::IncomingContext;
pub use invitation_participant_info::InvitationParticipantInfo;
pub use media_config::{AppHostedMediaConfig, MediaConfig, ServiceHostedMediaConfig};
pub use media_info::MediaInfo;
pub use media_prompt::MediaPrompt;
pub use modality::Modality;
pub use odata_error::{ErrorDetails, InnerError, MainError, ODataError};
pub use odata_type::ODataType;
pub use operation::{Operation, OperationOutcome};
pub use operation_event::{OperationEvent, OperationEventError, OperationEvents};
pub use participant::Participant;
pub use participant_info::ParticipantInfo;
pub use play_prompt_completion_reason::PlayPromptCompletionReason;
pub use play_prompt_operation::PlayPromptOperation;
pub use play_prompt_request::PlayPromptRequest;
pub use polymorphic::UnknownObject;
pub use prompt::Prompt;
pub use record_completion_reason::RecordCompletionReason;
pub use record_operation::RecordOperation;
pub use record_response_request::RecordResponseRequest;
pub use recording_access_token::RecordingAccessToken;
pub use recording_status::RecordingStatus;
pub use reject_reason::RejectReason;
pub use reject_request::RejectRequest;
pub use resource::{InvalidResource, Resource, ResourceData};
pub use result_code::ResultCode;
pub use result_info::ResultInfo;
pub use send_dtmf_completion_reason::SendDtmfCompletionReason;
pub use send_dtmf_tones_operation::SendDtmfTonesOperation;
pub use send_dtmf_tones_request::SendDtmfTonesRequest;
pub use stop_tone::StopTone;
pub use subscribe_to_tone_request::SubscribeToToneRequest;
pub use tone::Tone;
pub use tone_event::{ToneEvent, ToneEventError, ToneEvents};
pub use tone_info::ToneInfo;
pub use update_recording_status_operation::UpdateRecordingStatusOperation;
pub use update_recording_status_request::UpdateRecordingStatusRequest;

/// The README shown on crates.io: its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
