//! `microsoft.graph.modality`.

use crate::enums::plain_debug;
use crate::macros::{eq_ignore_case, open_enum};

open_enum! {
    /// A media modality of a call (`microsoft.graph.modality`): what
    /// `requestedModalities` and `acceptedModalities` list.
    ///
    /// v1.0 declares `audio`, `video`, `videoBasedScreenSharing`, `data` and
    /// `unknownFutureValue`; beta adds `unknown`
    /// (<https://learn.microsoft.com/graph/api/resources/call>).
    pub enum Modality {
        expecting = "a modality (string)",
        schema_name = "microsoft.graph.modality",
        matches = eq_ignore_case,
        /// Audio: what an IVR bot uses.
        Audio = "audio",
        /// Video.
        Video = "video",
        /// Screen sharing carried as video.
        VideoBasedScreenSharing = "videoBasedScreenSharing",
        /// Data.
        Data = "data",
        /// The evolvable-enum sentinel.
        UnknownFutureValue = "unknownFutureValue",
        /// The wire value `unknown` (beta only).
        Unspecified = "unknown",
    }
}

plain_debug!(Modality);
