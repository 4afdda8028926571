//! `microsoft.graph.mediaPrompt`.

use crate::macros::wire_struct;
use crate::{MediaInfo, ODataType};

wire_struct! {
    /// A prompt that plays a media file (`microsoft.graph.mediaPrompt`), the
    /// one kind of [`crate::Prompt`] the service documents
    /// (<https://learn.microsoft.com/graph/api/resources/mediaprompt>).
    pub struct MediaPrompt : "microsoft.graph.mediaPrompt" {
        /// The file to play (non-nullable in the metadata).
        "mediaInfo" => pub media_info: Option<MediaInfo>;
        /// Beta only, undocumented: an Int32 in the beta metadata (a 2018 beta
        /// example sent `"loop": 5`). What it means, and how it relates to
        /// the Boolean `loop` of the beta `playPrompt` body, is not
        /// documented; the models keep it as sent.
        "loop" => pub loop_count: Option<i32>;
    }
}

impl MediaPrompt {
    /// A prompt playing the file at `uri`, with `@odata.type` set (the SDKs
    /// always send it).
    pub fn new(uri: impl Into<String>) -> Self {
        MediaPrompt {
            odata_type: Some(ODataType::MediaPrompt),
            media_info: Some(MediaInfo::new(uri)),
            ..Default::default()
        }
    }
}
