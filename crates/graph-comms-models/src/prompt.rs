//! `microsoft.graph.prompt`: abstract, chosen by `@odata.type`.

use crate::polymorphic::{Polymorphic, deserialize_polymorphic, read_dispatched};
use crate::{MediaPrompt, ODataType, UnknownObject};
use serde::de::MapAccess;

/// A prompt of `playPrompt` or `recordResponse` (`microsoft.graph.prompt`,
/// abstract), chosen by `@odata.type` like the SDKs do: only
/// `#microsoft.graph.mediaPrompt` (case-insensitively, `#` optional) is a
/// [`MediaPrompt`]; anything else, or no `@odata.type`, is kept verbatim.
///
/// ```
/// use graph_comms_models::Prompt;
///
/// let prompt = Prompt::media("https://cdn.contoso.com/beep.wav");
/// assert_eq!(
///     serde_json::to_string(&prompt).unwrap(),
///     r##"{"@odata.type":"#microsoft.graph.mediaPrompt","mediaInfo":{"uri":"https://cdn.contoso.com/beep.wav"}}"##
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Prompt {
    /// `#microsoft.graph.mediaPrompt`
    Media(MediaPrompt),
    /// Any other `@odata.type`, or none: kept verbatim.
    Unknown(UnknownObject),
}

impl Prompt {
    /// A media prompt playing the file at `uri`.
    pub fn media(uri: impl Into<String>) -> Self {
        Prompt::Media(MediaPrompt::new(uri))
    }

    /// The media prompt, if this is one.
    pub fn as_media(&self) -> Option<&MediaPrompt> {
        match self {
            Prompt::Media(prompt) => Some(prompt),
            Prompt::Unknown(_) => None,
        }
    }
}

impl From<MediaPrompt> for Prompt {
    fn from(prompt: MediaPrompt) -> Self {
        Prompt::Media(prompt)
    }
}

impl Polymorphic for Prompt {
    const EXPECTING: &'static str = "a prompt object";

    fn read_typed<'de, A: MapAccess<'de>>(
        odata_type: Option<ODataType>,
        map: A,
    ) -> Result<Self, A::Error> {
        Ok(match odata_type {
            Some(ODataType::MediaPrompt) => Prompt::Media(read_dispatched(map, odata_type)?),
            _ => Prompt::Unknown(read_dispatched(map, odata_type)?),
        })
    }
}

impl<'de> serde::Deserialize<'de> for Prompt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_polymorphic(deserializer)
    }
}

impl serde::Serialize for Prompt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Prompt::Media(prompt) => prompt.serialize(serializer),
            Prompt::Unknown(prompt) => prompt.serialize(serializer),
        }
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Prompt {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "microsoft.graph.prompt".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let cases = vec![(
            &[ODataType::MediaPrompt][..],
            generator.subschema_for::<MediaPrompt>(),
        )];
        crate::schema::dispatch_on_odata_type(
            generator,
            "A prompt (microsoft.graph.prompt, abstract), chosen by its @odata.type (ASCII \
             case-insensitively, the leading # optional): mediaPrompt. An object with another \
             @odata.type, or with none, is accepted as it is (kept verbatim).",
            cases,
        )
    }
}
