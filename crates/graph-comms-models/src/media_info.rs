//! `microsoft.graph.mediaInfo`.

use crate::macros::wire_struct;

wire_struct! {
    /// A media file to play (`microsoft.graph.mediaInfo`), the same in v1.0
    /// and beta (<https://learn.microsoft.com/graph/api/resources/mediainfo>).
    ///
    /// The docs say the file must be WAV, single channel, 16-bit, 16,000 Hz.
    /// Whether `uri` must be `https` or publicly reachable, and the largest
    /// file the service takes, are not documented; the models take any string
    /// (`graph-comms-validate` warns on a `uri` that does not end in `.wav`).
    ///
    /// ```
    /// use graph_comms_models::MediaInfo;
    ///
    /// let info = MediaInfo::new("https://cdn.contoso.com/beep.wav");
    /// assert_eq!(serde_json::to_string(&info).unwrap(), r#"{"uri":"https://cdn.contoso.com/beep.wav"}"#);
    /// ```
    pub struct MediaInfo : "microsoft.graph.mediaInfo" {
        /// The URI of the file (non-nullable in the metadata).
        "uri" => pub uri: Option<String>;
        /// Optional: when given, the service caches the file under this key.
        "resourceId" => pub resource_id: Option<String>;
    }
}

impl MediaInfo {
    /// A media file at `uri`, without `@odata.type` (the SDKs send none).
    pub fn new(uri: impl Into<String>) -> Self {
        MediaInfo {
            uri: Some(uri.into()),
            ..Default::default()
        }
    }

    /// The same, cached by the service under `resource_id`.
    pub fn with_resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }
}
