//! The notifications the service posts, built with the models' types.
//!
//! Every notification carries both `resourceUrl` (`/communications/calls/…`)
//! and the legacy `resource` (`/app/calls/…`), as real traffic does
//! (microsoftgraph/microsoft-graph-comms-samples#667, #750;
//! MicrosoftDocs/msteams-docs#9170).

use super::CoreConfig;
use super::call::EmulatedCall;
use graph_comms_models::{
    Call, CallDirection, CallState, ChangeType, CommsNotification, Identity, IdentitySet,
    InvitationParticipantInfo, Modality, ODataType, Operation, ParticipantInfo, Resource,
    ResourceData, ResultCode, ResultInfo,
};
use serde_json::json;

/// Why a call ended, and the `resultInfo` the service gives for it (the
/// end-code table of <https://learn.microsoft.com/graph/api/call-delete>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EndReason {
    /// The bot hung up (DELETE): the docs example's 200/5001 "The
    /// conversation has ended.", after a `terminating` update.
    BotHungUp,
    /// The caller hung up: 200/540000 for a phone caller ("ended by the PSTN
    /// user"), 200/4097 otherwise ("ended by the other participant"). The
    /// table gives the codes, not the messages: the messages are the
    /// emulator's.
    CallerHungUp,
    /// The incoming call was not acknowledged or answered in time: 408/1106,
    /// "An acknowledgement was not received for the call acceptance in the
    /// allotted time" (the same table).
    AckTimeout,
    /// The bot rejected the incoming call: a `deleted` notification whose
    /// call carries only its `@odata.type` and `@odata.id`
    /// (<https://learn.microsoft.com/graph/api/call-reject>).
    Rejected,
}

pub(crate) const ACK_TIMEOUT: EndReason = EndReason::AckTimeout;

impl EndReason {
    pub(crate) fn label(self) -> &'static str {
        match self {
            EndReason::BotHungUp => "the bot hung up",
            EndReason::CallerHungUp => "the caller hung up",
            EndReason::AckTimeout => {
                "the bot did not acknowledge the incoming call within 5 s (no answer, or a \
                 connection error) or did not answer it within 15 s (408/1106)"
            }
            EndReason::Rejected => "the bot rejected the call",
        }
    }
}

pub(crate) fn call_path(call_id: &str) -> String {
    format!("/communications/calls/{call_id}")
}

fn notification(change: ChangeType, path: String, data: Resource) -> CommsNotification {
    let mut n = CommsNotification::default();
    n.odata_type = Some(ODataType::CommsNotification);
    n.change_type = Some(change);
    // The legacy `/app/calls/…` form of the same resource.
    n.resource = Some(path.replacen("/communications/calls/", "/app/calls/", 1));
    n.resource_url = Some(path);
    n.resource_data = Some(ResourceData::One(data));
    n
}

fn bare_call(call: &EmulatedCall) -> Call {
    let mut c = Call::default();
    c.odata_type = Some(ODataType::Call);
    c.extra
        .insert("@odata.id".into(), json!(call_path(&call.id)));
    c
}

/// The `created` notification of an incoming call (the shape of the
/// <https://learn.microsoft.com/graph/api/call-answer> example).
pub(crate) fn incoming_call(call: &EmulatedCall, config: &CoreConfig) -> CommsNotification {
    let mut c = bare_call(call);
    c.id = Some(call.id.clone());
    c.state = Some(CallState::Incoming);
    c.direction = Some(CallDirection::Incoming);
    c.call_chain_id = Some(call.chain_id.clone());
    c.tenant_id = Some(config.tenant_id.clone());
    c.requested_modalities = Some(vec![Modality::Audio]);
    let mut source = ParticipantInfo::default();
    source.odata_type = Some(ODataType::ParticipantInfo);
    let mut identity = IdentitySet::default();
    identity.odata_type = Some(ODataType::IdentitySet);
    if let Some(phone) = &call.caller_phone {
        identity.extra.insert(
            "phone".into(),
            json!({"@odata.type": "#microsoft.graph.identity", "id": phone}),
        );
    } else {
        let mut user = Identity::default();
        user.odata_type = Some(ODataType::Identity);
        user.display_name = Some("Emulated caller".into());
        user.id = Some(uuid::Uuid::new_v4().to_string());
        identity.user = Some(user);
    }
    source.identity = Some(identity);
    source.region = Some("westus".into());
    source.language_id = Some("en-US".into());
    c.source = Some(Box::new(source));
    let mut target = InvitationParticipantInfo::default();
    target.odata_type = Some(ODataType::InvitationParticipantInfo);
    let mut app = Identity::default();
    app.odata_type = Some(ODataType::Identity);
    app.id = Some(config.app_id.clone());
    app.display_name = Some("Emulated bot".into());
    let mut target_identity = IdentitySet::default();
    target_identity.odata_type = Some(ODataType::IdentitySet);
    target_identity.application = Some(app);
    target.identity = Some(target_identity);
    c.targets = Some(vec![target]);
    notification(
        ChangeType::Created,
        call_path(&call.id),
        Resource::Call(Box::new(c)),
    )
}

/// A change of the call itself (`updated`: a state, a tone).
pub(crate) fn call_update(
    call: &EmulatedCall,
    change: ChangeType,
    fill: impl FnOnce(&mut Call),
) -> CommsNotification {
    let mut c = bare_call(call);
    fill(&mut c);
    if let Some(uri) = &call.callback_uri {
        c.callback_uri = Some(uri.clone());
    }
    notification(change, call_path(&call.id), Resource::Call(Box::new(c)))
}

fn result_info(code: i32, subcode: i32, message: &str) -> ResultInfo {
    let mut info = ResultInfo::default();
    info.odata_type = Some(ODataType::ResultInfo);
    info.code = Some(ResultCode::Number(code));
    info.subcode = Some(ResultCode::Number(subcode));
    info.message = Some(message.into());
    info
}

pub(crate) fn operation_result(code: i32, subcode: i32, message: &str) -> ResultInfo {
    result_info(code, subcode, message)
}

/// The notifications that end a call.
pub(crate) fn termination(call: &EmulatedCall, reason: EndReason) -> Vec<CommsNotification> {
    let mut items = Vec::new();
    if reason == EndReason::Rejected {
        let c = bare_call(call);
        items.push(notification(
            ChangeType::Deleted,
            call_path(&call.id),
            Resource::Call(Box::new(c)),
        ));
        return items;
    }
    if reason == EndReason::BotHungUp {
        items.push(call_update(call, ChangeType::Updated, |c| {
            c.state = Some(CallState::Terminating)
        }));
    }
    let info = match reason {
        EndReason::BotHungUp => result_info(200, 5001, "The conversation has ended."),
        EndReason::CallerHungUp if call.caller_phone.is_some() => {
            result_info(200, 540000, "The call was ended by the PSTN user.")
        }
        EndReason::CallerHungUp => {
            result_info(200, 4097, "The call was ended by the other participant.")
        }
        _ => result_info(
            408,
            1106,
            "An acknowledgement was not received for the call acceptance in the allotted time.",
        ),
    };
    items.push(call_update(call, ChangeType::Deleted, |c| {
        c.state = Some(CallState::Terminated);
        c.result_info = Some(info);
    }));
    items
}

/// The final result of an operation: `deleted` on `…/operations/{id}`, with
/// the operation as `resourceData` (<https://learn.microsoft.com/graph/api/call-playprompt>).
pub(crate) fn operation_deleted(
    call_id: &str,
    op_id: &str,
    mut op: Operation,
) -> CommsNotification {
    let path = format!("{}/operations/{op_id}", call_path(call_id));
    if let Operation::PlayPrompt(o) = &mut op {
        o.extra.insert("@odata.id".into(), json!(path));
    } else if let Operation::Record(o) = &mut op {
        o.extra.insert("@odata.id".into(), json!(path));
    }
    notification(ChangeType::Deleted, path, Resource::Operation(op))
}
