//! The call actions: what a request on a call (or on the calls collection)
//! can name, with the method and path segment each is sent with.

use crate::{ApiVersion, NationalCloud};
use std::fmt;

/// The namespace an OData bound action may be qualified with in a path
/// (`…/calls/{id}/microsoft.graph.sendDtmfTones`, as the sendDtmfTones docs
/// example writes it).
const NAMESPACE: &str = "microsoft.graph.";

/// A request a calling bot makes on a call: the vocabulary of what a path
/// can name (<https://learn.microsoft.com/graph/api/resources/call>).
///
/// | action | method | path after `/communications/calls` | operation returned |
/// |---|---|---|---|
/// | [`CreateCall`](CallAction::CreateCall) | `POST` | (none) | (the call, `201`) |
/// | [`Answer`](CallAction::Answer) | `POST` | `/{id}/answer` | (none, `202`) |
/// | [`Reject`](CallAction::Reject) | `POST` | `/{id}/reject` | (none, `202`) |
/// | [`HangUp`](CallAction::HangUp) | `DELETE` | `/{id}` | (none, `204`) |
/// | [`SubscribeToTone`](CallAction::SubscribeToTone) | `POST` | `/{id}/subscribeToTone` | `subscribeToToneOperation` |
/// | [`PlayPrompt`](CallAction::PlayPrompt) | `POST` | `/{id}/playPrompt` | `playPromptOperation` |
/// | [`RecordResponse`](CallAction::RecordResponse) | `POST` | `/{id}/recordResponse` | `recordOperation` |
/// | [`CancelMediaProcessing`](CallAction::CancelMediaProcessing) | `POST` | `/{id}/cancelMediaProcessing` | `cancelMediaProcessingOperation` |
/// | [`SendDtmfTones`](CallAction::SendDtmfTones) | `POST` | `/{id}/sendDtmfTones` | `sendDtmfTonesOperation` |
/// | [`UpdateRecordingStatus`](CallAction::UpdateRecordingStatus) | `POST` | `/{id}/updateRecordingStatus` | `updateRecordingStatusOperation` |
///
/// Path segments match ASCII case-insensitively, as Graph matches them, and
/// a bound action may be namespace-qualified (`microsoft.graph.playPrompt`):
///
/// ```
/// use graph_comms_core::CallAction;
///
/// assert_eq!(CallAction::from_segment("playPrompt"), Some(CallAction::PlayPrompt));
/// assert_eq!(CallAction::from_segment("microsoft.graph.sendDtmfTones"), Some(CallAction::SendDtmfTones));
/// assert_eq!(CallAction::from_segment("PLAYPROMPT"), Some(CallAction::PlayPrompt));
/// assert_eq!(CallAction::from_segment("participants"), None);
/// assert_eq!(CallAction::PlayPrompt.as_str(), "playPrompt");
/// assert_eq!(CallAction::HangUp.method(), "DELETE");
/// assert_eq!(CallAction::HangUp.segment(), None);
/// assert_eq!(CallAction::RecordResponse.operation_type(), Some("recordOperation"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CallAction {
    /// `POST /communications/calls/{id}/answer`: answer an incoming call
    /// (<https://learn.microsoft.com/graph/api/call-answer>).
    Answer,
    /// `POST /communications/calls/{id}/reject`: reject an incoming call
    /// (<https://learn.microsoft.com/graph/api/call-reject>).
    Reject,
    /// `DELETE /communications/calls/{id}`: hang up, i.e. end the bot's leg
    /// of the call (<https://learn.microsoft.com/graph/api/call-delete>).
    HangUp,
    /// `POST /communications/calls`: create an outgoing call
    /// (<https://learn.microsoft.com/graph/api/application-post-calls>).
    CreateCall,
    /// `POST /communications/calls/{id}/subscribeToTone`
    /// (<https://learn.microsoft.com/graph/api/call-subscribetotone>).
    SubscribeToTone,
    /// `POST /communications/calls/{id}/playPrompt`
    /// (<https://learn.microsoft.com/graph/api/call-playprompt>).
    PlayPrompt,
    /// `POST /communications/calls/{id}/recordResponse`
    /// (<https://learn.microsoft.com/graph/api/call-record>).
    RecordResponse,
    /// `POST /communications/calls/{id}/cancelMediaProcessing`
    /// (<https://learn.microsoft.com/graph/api/call-cancelmediaprocessing>).
    CancelMediaProcessing,
    /// `POST /communications/calls/{id}/sendDtmfTones`
    /// (<https://learn.microsoft.com/graph/api/call-senddtmftones>).
    SendDtmfTones,
    /// `POST /communications/calls/{id}/updateRecordingStatus`
    /// (<https://learn.microsoft.com/graph/api/call-updaterecordingstatus>).
    UpdateRecordingStatus,
}

impl CallAction {
    /// Every action, in the order of the table above (call control first,
    /// then the media actions).
    pub const ALL: [CallAction; 10] = [
        CallAction::CreateCall,
        CallAction::Answer,
        CallAction::Reject,
        CallAction::HangUp,
        CallAction::SubscribeToTone,
        CallAction::PlayPrompt,
        CallAction::RecordResponse,
        CallAction::CancelMediaProcessing,
        CallAction::SendDtmfTones,
        CallAction::UpdateRecordingStatus,
    ];

    /// The action's name: its path segment as the docs write it
    /// (`"playPrompt"`, `"sendDtmfTones"`), or, for the two actions that
    /// have none, `"createCall"` and `"hangUp"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CallAction::Answer => "answer",
            CallAction::Reject => "reject",
            CallAction::HangUp => "hangUp",
            CallAction::CreateCall => "createCall",
            CallAction::SubscribeToTone => "subscribeToTone",
            CallAction::PlayPrompt => "playPrompt",
            CallAction::RecordResponse => "recordResponse",
            CallAction::CancelMediaProcessing => "cancelMediaProcessing",
            CallAction::SendDtmfTones => "sendDtmfTones",
            CallAction::UpdateRecordingStatus => "updateRecordingStatus",
        }
    }

    /// The path segment after `…/calls/{id}` (as the docs write it); `None`
    /// for [`HangUp`](CallAction::HangUp) (`DELETE` on the call itself) and
    /// [`CreateCall`](CallAction::CreateCall) (`POST` on the collection).
    pub const fn segment(self) -> Option<&'static str> {
        match self {
            CallAction::HangUp | CallAction::CreateCall => None,
            other => Some(other.as_str()),
        }
    }

    /// The HTTP method, `"POST"` or `"DELETE"` (as text: this crate has no
    /// `http` dependency; `http::Method::from_bytes` takes it as it is).
    pub const fn method(self) -> &'static str {
        match self {
            CallAction::HangUp => "DELETE",
            _ => "POST",
        }
    }

    /// Whether the request has a JSON body (every action but
    /// [`HangUp`](CallAction::HangUp)).
    pub const fn has_body(self) -> bool {
        !matches!(self, CallAction::HangUp)
    }

    /// The `@odata.type` (without `#microsoft.graph.`) of the
    /// `commsOperation` the action answers with; `None` for the call-control
    /// actions, which answer `201` with the call (create) or with no body
    /// (`202` answer and reject, `204` hang up).
    pub const fn operation_type(self) -> Option<&'static str> {
        match self {
            CallAction::SubscribeToTone => Some("subscribeToToneOperation"),
            CallAction::PlayPrompt => Some("playPromptOperation"),
            CallAction::RecordResponse => Some("recordOperation"),
            CallAction::CancelMediaProcessing => Some("cancelMediaProcessingOperation"),
            CallAction::SendDtmfTones => Some("sendDtmfTonesOperation"),
            CallAction::UpdateRecordingStatus => Some("updateRecordingStatusOperation"),
            CallAction::Answer
            | CallAction::Reject
            | CallAction::HangUp
            | CallAction::CreateCall => None,
        }
    }

    /// Whether the docs say the action is "supported only for calls that
    /// are initiated with serviceHostedMediaConfig": subscribeToTone,
    /// playPrompt and recordResponse. (The cancelMediaProcessing and
    /// sendDtmfTones pages carry no such note.)
    pub const fn requires_service_hosted_media(self) -> bool {
        matches!(
            self,
            CallAction::SubscribeToTone | CallAction::PlayPrompt | CallAction::RecordResponse
        )
    }

    /// Whether the docs' "National cloud deployments" table lists the
    /// action for `cloud` in `version`; `None` where the docs do not say.
    ///
    /// - subscribeToTone, playPrompt, cancelMediaProcessing,
    ///   updateRecordingStatus: v1.0 on the global service, US Government L4
    ///   and L5; beta on the global service only.
    /// - recordResponse: v1.0 as above; beta unknown (its page was not
    ///   checked, and beta is not uniformly global only).
    /// - sendDtmfTones: the global service only, in both versions.
    /// - answer, reject: v1.0 as above; beta unknown.
    /// - hang up, create call: unknown.
    ///
    /// None of them is offered in China operated by 21Vianet (where known).
    ///
    /// ```
    /// use graph_comms_core::{ApiVersion, CallAction, NationalCloud};
    ///
    /// assert_eq!(CallAction::SendDtmfTones.offered_in(NationalCloud::UsGovL4, ApiVersion::V1_0), Some(false));
    /// assert_eq!(CallAction::PlayPrompt.offered_in(NationalCloud::UsGovL4, ApiVersion::V1_0), Some(true));
    /// assert_eq!(CallAction::HangUp.offered_in(NationalCloud::Global, ApiVersion::V1_0), None);
    /// ```
    pub const fn offered_in(self, cloud: NationalCloud, version: ApiVersion) -> Option<bool> {
        let global = matches!(cloud, NationalCloud::Global);
        let us_gov = matches!(cloud, NationalCloud::UsGovL4 | NationalCloud::UsGovL5Dod);
        let v1 = matches!(version, ApiVersion::V1_0);
        match self {
            CallAction::SubscribeToTone => Some(cloud.offers_subscribe_to_tone(version)),
            CallAction::PlayPrompt
            | CallAction::CancelMediaProcessing
            | CallAction::UpdateRecordingStatus => Some(global || (us_gov && v1)),
            CallAction::SendDtmfTones => Some(global),
            CallAction::RecordResponse | CallAction::Answer | CallAction::Reject => {
                if global || (us_gov && v1) {
                    Some(true)
                } else if matches!(cloud, NationalCloud::China21Vianet) && v1 {
                    Some(false)
                } else {
                    None
                }
            }
            CallAction::HangUp | CallAction::CreateCall => None,
        }
    }

    /// The action a path segment after `…/calls/{id}` names, matched ASCII
    /// case-insensitively, with or without the `microsoft.graph.` namespace
    /// (any case); `None` for any other segment (`participants`,
    /// `operations`, `keepAlive`, …). [`HangUp`](CallAction::HangUp) and
    /// [`CreateCall`](CallAction::CreateCall) have no segment, so no segment
    /// names them.
    pub fn from_segment(segment: &str) -> Option<CallAction> {
        let name = match segment.get(..NAMESPACE.len()) {
            Some(prefix) if prefix.eq_ignore_ascii_case(NAMESPACE) => &segment[NAMESPACE.len()..],
            _ => segment,
        };
        Self::ALL.into_iter().find(|action| {
            action
                .segment()
                .is_some_and(|own| own.eq_ignore_ascii_case(name))
        })
    }
}

impl fmt::Display for CallAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for CallAction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_segment_names_its_action() {
        for action in CallAction::ALL {
            match action.segment() {
                Some(segment) => {
                    assert_eq!(CallAction::from_segment(segment), Some(action));
                    let upper = segment.to_ascii_uppercase();
                    assert_eq!(CallAction::from_segment(&upper), Some(action));
                    let qualified = format!("Microsoft.Graph.{segment}");
                    assert_eq!(CallAction::from_segment(&qualified), Some(action));
                }
                None => assert_eq!(CallAction::from_segment(action.as_str()), None),
            }
        }
    }

    #[test]
    fn other_segments_name_nothing() {
        for segment in [
            "",
            "microsoft.graph.",
            "microsoft.graph",
            "keepAlive",
            "operations",
            "participants",
            "record",
            "graph.playPrompt",
            "microsoft.graph.microsoft.graph.playPrompt",
            "playPrompt ",
            "é",
        ] {
            assert_eq!(CallAction::from_segment(segment), None, "{segment}");
        }
    }

    #[test]
    fn subscribe_to_tone_follows_the_cloud_table() {
        for cloud in NationalCloud::ALL {
            for version in ApiVersion::ALL {
                assert_eq!(
                    CallAction::SubscribeToTone.offered_in(cloud, version),
                    Some(cloud.offers_subscribe_to_tone(version))
                );
            }
        }
    }
}
