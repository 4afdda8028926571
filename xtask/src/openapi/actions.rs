//! The table of the contract's paths: one [`Action`] per request
//! graph-comms-http builds, with its docs page, permissions, body and
//! answers. The examples are the repository's fixtures (each folder's
//! `SOURCES.md` says which docs page each comes from), so the contract's
//! examples are the documented bodies that the Rust tests read.
//!
//! Availability (`offered`) is given where the docs' "National cloud
//! deployments" table was read (see the functions at the end); where it was
//! not, the action is described on every server.

use super::{Action, Answer, Method};
use graph_comms_validate::{ApiVersion, NationalCloud};

/// The `200 OK` of the operation-returning actions: the operation, with the
/// `Location` of the operation.
const fn operation_ok(
    description: &'static str,
    schema: &'static str,
    example: &'static str,
) -> Answer {
    Answer {
        status: 200,
        description,
        body: Some(schema),
        example: Some(example),
        location: true,
    }
}

/// A success without a body (`202 Accepted`, `204 No Content`).
const fn no_body(status: u16, description: &'static str) -> Answer {
    Answer {
        status,
        description,
        body: None,
        example: None,
        location: false,
    }
}

/// Every action the crates model (graph-comms-http's request builders).
pub(crate) const ACTIONS: &[Action] = &[
    Action {
        operation_id: "call.subscribeToTone",
        method: Method::Post,
        path: "/communications/calls/{call-id}/subscribeToTone",
        summary: "Subscribe to the DTMF tones of a call",
        description: "Subscribe to DTMF (dual-tone multi-frequency signaling) to be notified \
            when the user presses keys on a dialpad: each key press comes as a \
            `commsNotifications` callback (the `commsNotifications` webhook). Supported only \
            for calls initiated with `serviceHostedMediaConfig`. Any tone data provided may \
            not be persisted. graph-comms-http: `SubscribeToTone`.",
        docs: "https://learn.microsoft.com/graph/api/call-subscribetotone",
        permissions: &["Calls.AccessMedia.All"],
        request: Some((
            "subscribe-to-tone-request.schema.json",
            include_str!("../../../fixtures/requests/documented.json"),
        )),
        answers: &[
            Answer {
                status: 200,
                description: "Subscribed: the operation, as documented (its status is \
                    `completed`: the action is synchronous).",
                body: Some("subscribe-to-tone-operation.schema.json"),
                example: Some(include_str!(
                    "../../../fixtures/operations/documented-v1-200.json"
                )),
                location: true,
            },
            Answer {
                status: 202,
                description: "Accepted, without a body: what an older beta revision of the \
                    docs described. The operation is then read with `GET` at the `Location`.",
                body: None,
                example: None,
                location: true,
            },
        ],
        offered: Some(NationalCloud::offers_subscribe_to_tone),
    },
    Action {
        operation_id: "call.getOperation",
        method: Method::Get,
        path: "/communications/calls/{call-id}/operations/{operation-id}",
        summary: "Read an operation of a call",
        description: "Read an operation of a call again, such as the one a `Location` header \
            names. A `subscribeToToneOperation` reads as a `commsOperation` whose \
            `@odata.type` says so. graph-comms-http: `GetOperation`.",
        docs: "https://learn.microsoft.com/graph/api/resources/commsoperation",
        // The docs give no permission of its own for reading an operation.
        permissions: &[],
        request: None,
        answers: &[Answer {
            status: 200,
            description: "The operation.",
            body: Some("comms-operation.schema.json"),
            example: Some(include_str!(
                "../../../fixtures/operations/documented-v1-200.json"
            )),
            location: false,
        }],
        offered: None,
    },
    Action {
        operation_id: "call.create",
        method: Method::Post,
        path: "/communications/calls",
        summary: "Place an outgoing call",
        description: "Create a call: a peer-to-peer call to the `targets`, or a join to a group \
            call or meeting. With `serviceHostedMediaConfig` the service plays prompts and \
            reports tones (playPrompt, recordResponse, subscribeToTone need it). The call's \
            state changes (`establishing`, `established`) come as `commsNotifications` \
            callbacks to its `callbackUri`, and may arrive out of order. \
            graph-comms-http: `CreateCall`.\n\n\
            The permission depends on the call: `Calls.Initiate.All` for a peer-to-peer call \
            (the one listed below); `Calls.InitiateGroupCall.All`, `Calls.JoinGroupCall.All` or \
            `Calls.JoinGroupCallAsGuest.All` for group calls and meetings; app-hosted media \
            also needs `Calls.AccessMedia.All`.",
        docs: "https://learn.microsoft.com/graph/api/application-post-calls",
        permissions: &["Calls.Initiate.All"],
        request: Some((
            "create-call-request.schema.json",
            include_str!(
                "../../../fixtures/action-requests/create-call-v1-docs-service-hosted.json"
            ),
        )),
        answers: &[Answer {
            status: 201,
            description: "Created: the call (`state: establishing`), with the `Location` of the \
                call (`…/communications/calls/{call-id}`).",
            body: Some("call.schema.json"),
            example: Some(include_str!(
                "../../../fixtures/calls/created-v1-docs-201.json"
            )),
            location: true,
        }],
        // The docs' availability table of create call was not read here.
        offered: None,
    },
    Action {
        operation_id: "call.answer",
        method: Method::Post,
        path: "/communications/calls/{call-id}/answer",
        summary: "Answer an incoming call",
        description: "Answer an incoming call (its `created` notification) within 15 seconds \
            (5 seconds for policy-based recording). `acceptedModalities` and `mediaConfig` are \
            required; without `callbackUri` the bot's registered calling webhook gets the \
            call's callbacks. The call then moves to `establishing` and `established` \
            (callbacks). graph-comms-http: `Answer`.\n\n\
            No permission is listed here: the docs page has the table. The incoming \
            notification's `source` stays encrypted unless the app holds one of \
            `Calls.AccessMedia.All`, `Calls.Initiate.All`, `Calls.InitiateGroupCall.All`, \
            `Calls.JoinGroupCall.All`, `Calls.JoinGroupCallAsGuest.All`.",
        docs: "https://learn.microsoft.com/graph/api/call-answer",
        permissions: &[],
        request: Some((
            "answer-request.schema.json",
            include_str!("../../../fixtures/action-requests/answer-v1-docs-service-hosted.json"),
        )),
        answers: &[no_body(
            202,
            "Accepted, without a body: the outcome comes as callbacks.",
        )],
        offered: Some(v1_outside_china_beta_global),
    },
    Action {
        operation_id: "call.reject",
        method: Method::Post,
        path: "/communications/calls/{call-id}/reject",
        summary: "Decline an incoming call",
        description: "Decline an incoming call, with a `reason` (`none`, `busy`, `forbidden`). \
            It does not end a call that was already answered: hang that up (`DELETE`). The \
            call's `deleted` notification follows. graph-comms-http: `Reject`.\n\n\
            No permission is listed here: the docs page has the table.",
        docs: "https://learn.microsoft.com/graph/api/call-reject",
        permissions: &[],
        request: Some((
            "reject-request.schema.json",
            include_str!("../../../fixtures/action-requests/reject-v1-docs.json"),
        )),
        answers: &[no_body(
            202,
            "Accepted, without a body: the call's `deleted` notification follows.",
        )],
        offered: Some(v1_outside_china_beta_global),
    },
    Action {
        operation_id: "call.delete",
        method: Method::Delete,
        path: "/communications/calls/{call-id}",
        summary: "Hang up",
        description: "End the call (for a group call, only the bot's leg). The service then \
            sends `updated` (`terminating`) and `deleted` (`terminated`, with its \
            `resultInfo`) notifications. graph-comms-http: `HangUp`.\n\n\
            No permission is listed here: the docs page has the table.",
        docs: "https://learn.microsoft.com/graph/api/call-delete",
        permissions: &[],
        request: None,
        answers: &[no_body(204, "Hung up, without a body.")],
        // The docs' availability table of call: delete was not read here.
        offered: None,
    },
    Action {
        operation_id: "call.playPrompt",
        method: Method::Post,
        path: "/communications/calls/{call-id}/playPrompt",
        summary: "Play prompts on a call",
        description: "Play up to 20 media prompts (WAV, mono, 16-bit, 16 kHz) on a call \
            initiated with `serviceHostedMediaConfig`. The answer is usually `running`: the \
            outcome comes as a `deleted` notification on \
            `/communications/calls/{call-id}/operations/{operation-id}` whose `resourceData` \
            is the finished `playPromptOperation`. Prompts and recordings queue: \
            cancelMediaProcessing cancels the running one and the queue. \
            graph-comms-http: `PlayPrompt`.\n\n\
            Permissions are checked when the call is created, not on this action; \
            `Calls.AccessMedia.All` is needed only for app-hosted media.",
        docs: "https://learn.microsoft.com/graph/api/call-playprompt",
        permissions: &["Calls.Initiate.All", "Calls.AccessMedia.All"],
        request: Some((
            "play-prompt-request.schema.json",
            include_str!("../../../fixtures/action-requests/play-prompt-v1-docs.json"),
        )),
        answers: &[operation_ok(
            "The operation, usually `running`; its outcome comes as a callback.",
            "play-prompt-operation.schema.json",
            include_str!("../../../fixtures/action-operations/play-prompt-v1-docs-200.json"),
        )],
        offered: Some(v1_outside_china_beta_global),
    },
    Action {
        operation_id: "call.recordResponse",
        method: Method::Post,
        path: "/communications/calls/{call-id}/recordResponse",
        summary: "Record a short answer from the caller",
        description: "Play at most one prompt, then record the caller for up to 2 minutes (the \
            1–120 s timeouts default to 5 s; `playBeep` defaults to `true`, so leave it out \
            rather than sending `false`). Service-hosted media only. The finished \
            `recordOperation` (a callback) gives `recordingLocation` and \
            `recordingAccessToken`: download the file at once with `GET recordingLocation` \
            and `Authorization: Bearer {recordingAccessToken}` (graph-comms-http \
            `FetchRecording`); the service discards it shortly after the call ends. A \
            cancelled recording has empty strings there. graph-comms-http: \
            `RecordResponse`.",
        docs: "https://learn.microsoft.com/graph/api/call-record",
        permissions: &["Calls.AccessMedia.All"],
        request: Some((
            "record-response-request.schema.json",
            include_str!("../../../fixtures/action-requests/record-response-v1-docs.json"),
        )),
        answers: &[operation_ok(
            "The operation, usually `running`; its outcome, with the recording's location \
                and token, comes as a callback.",
            "record-operation.schema.json",
            include_str!("../../../fixtures/action-operations/record-v1-docs-200.json"),
        )],
        // v1.0 as the docs' table says; beta is described on the global
        // service only, as for playPrompt (the beta page's table was not
        // read).
        offered: Some(v1_outside_china_beta_global),
    },
    Action {
        operation_id: "call.cancelMediaProcessing",
        method: Method::Post,
        path: "/communications/calls/{call-id}/cancelMediaProcessing",
        summary: "Cancel the running and queued prompts and recordings",
        description: "Cancel the running playPrompt or recordResponse and every queued one \
            (barge-in: cancel the prompt when the caller starts typing). It does not cancel \
            subscribeToTone. The cancelled operations finish with their own callbacks. \
            graph-comms-http: `CancelMediaProcessing`.\n\n\
            Permissions are checked when the call is created, not on this action.",
        docs: "https://learn.microsoft.com/graph/api/call-cancelmediaprocessing",
        permissions: &["Calls.Initiate.All", "Calls.AccessMedia.All"],
        request: Some((
            "cancel-media-processing-request.schema.json",
            include_str!("../../../fixtures/action-requests/cancel-media-processing-v1-docs.json"),
        )),
        answers: &[operation_ok(
            "The operation, already `completed` in the docs' example.",
            "cancel-media-processing-operation.schema.json",
            include_str!(
                "../../../fixtures/action-operations/cancel-media-processing-v1-docs-200.json"
            ),
        )],
        offered: Some(v1_outside_china_beta_global),
    },
    Action {
        operation_id: "call.sendDtmfTones",
        method: Method::Post,
        path: "/communications/calls/{call-id}/sendDtmfTones",
        summary: "Send DTMF tones on a call",
        description: "Send `tone` values (`tone0`…`tone9`, `star`, `pound`, `a`…`d`, `flash`) \
            with an optional delay between them. The outcome comes as a callback, and a \
            failure arrives with `status: completed`: read `completionReason` \
            (`completedSuccessfully`, else a failure). The docs' example URL uses the \
            namespace-qualified form `…/microsoft.graph.sendDtmfTones`, which names the same \
            action. Global service only. graph-comms-http: `SendDtmfTones`.",
        docs: "https://learn.microsoft.com/graph/api/call-senddtmftones",
        permissions: &["Calls.Initiate.All", "Calls.AccessMedia.All"],
        request: Some((
            "send-dtmf-tones-request.schema.json",
            include_str!("../../../fixtures/action-requests/send-dtmf-tones-v1-docs.json"),
        )),
        answers: &[operation_ok(
            "The operation, usually `running`; its outcome comes as a callback.",
            "send-dtmf-tones-operation.schema.json",
            include_str!("../../../fixtures/action-operations/send-dtmf-tones-v1-docs-200.json"),
        )],
        offered: Some(global_only),
    },
    Action {
        operation_id: "call.updateRecordingStatus",
        method: Method::Post,
        path: "/communications/calls/{call-id}/updateRecordingStatus",
        summary: "Report the bot's recording status",
        description: "For Teams policy-based recording: report `recording` and get a success \
            answer before persisting any media, and report that recording stopped only after \
            it did. graph-comms-http: `UpdateRecordingStatus`.",
        docs: "https://learn.microsoft.com/graph/api/call-updaterecordingstatus",
        permissions: &["Calls.AccessMedia.All", "Calls.JoinGroupCall.All"],
        request: Some((
            "update-recording-status-request.schema.json",
            // The docs' example with its placeholder status
            // (`"notRecording | recording | failed"`) replaced by a value.
            include_str!(
                "../../../fixtures/action-requests/update-recording-status-recording.json"
            ),
        )),
        answers: &[operation_ok(
            "The operation, `completed` in the docs' example (no callback example is \
                documented).",
            "update-recording-status-operation.schema.json",
            include_str!(
                "../../../fixtures/action-operations/update-recording-status-v1-docs-200.json"
            ),
        )],
        offered: Some(v1_outside_china_beta_global),
    },
];

/// The availability table of playPrompt, cancelMediaProcessing,
/// updateRecordingStatus (and subscribeToTone): v1.0 on the global service
/// and US Government L4 and L5, beta on the global service only, never in
/// China. The answer and reject pages include the same "global and US
/// government" note.
fn v1_outside_china_beta_global(cloud: &NationalCloud, version: ApiVersion) -> bool {
    matches!(
        (cloud, version),
        (NationalCloud::Global, _)
            | (
                NationalCloud::UsGovL4 | NationalCloud::UsGovL5Dod,
                ApiVersion::V1_0
            )
    )
}

/// sendDtmfTones: the global service only, in both versions
/// (<https://learn.microsoft.com/graph/api/call-senddtmftones>).
fn global_only(cloud: &NationalCloud, _version: ApiVersion) -> bool {
    matches!(cloud, NationalCloud::Global)
}
