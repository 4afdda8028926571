//! The call actions, one file each, all on [`crate::action`].

mod answer;
mod cancel_media_processing;
mod create_call;
mod hang_up;
mod play_prompt;
mod record_response;
mod reject;
mod send_dtmf_tones;
mod update_recording_status;

pub use answer::{Answer, AnswerBuilder};
pub use cancel_media_processing::{CancelMediaProcessing, CancelMediaProcessingBuilder};
pub use create_call::{CreateCall, CreateCallBuilder, CreatedCall};
pub use hang_up::{HangUp, HangUpBuilder};
pub use play_prompt::{PlayPrompt, PlayPromptBuilder};
pub use record_response::{RecordResponse, RecordResponseBuilder};
pub use reject::{Reject, RejectBuilder};
pub use send_dtmf_tones::{SendDtmfTones, SendDtmfTonesBuilder};
pub use update_recording_status::{UpdateRecordingStatus, UpdateRecordingStatusBuilder};
