//! The Graph requests of a committed update's actions, and what their
//! answers say back to the flow (a playPrompt's operation id or its end, a
//! cancelMediaProcessing that ended the greeting).

use super::{CANCEL_CONTEXT, Inner, apply_events, perform};
use crate::BotEvent;
use crate::flow::{Action, FlowEvent, PromptKind};
use crate::graph;
use crate::store::FlowStore;
use graph_comms_http::{
    Answer, CancelMediaProcessing, Endpoint, HangUp, PlayPrompt, PlayPromptBuilder, SubscribeToTone,
};
use graph_comms_models::{
    AnswerRequest, CancelMediaProcessingRequest, Modality, PlayPromptRequest, Prompt,
};
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub(super) async fn perform_one<S: FlowStore>(inner: &Arc<Inner<S>>, call: &str, action: Action) {
    let what = match &action {
        Action::Report { digits, reason } => {
            inner.stats.completions.fetch_add(1, Ordering::Relaxed);
            let shown = if inner.show_digits {
                digits.expose().to_owned()
            } else {
                format!("<{} digits>", digits.len())
            };
            let line = serde_json::json!({
                "callId": call,
                "digits": shown,
                "reason": reason.as_str(),
            });
            inner.sink.completion(&line.to_string());
            inner.log(BotEvent::Collected {
                call: call.to_owned(),
                digits: digits.len(),
                reason: reason.as_str().to_owned(),
            });
            return;
        }
        Action::Answer => "answer",
        Action::SubscribeToTone => "subscribeToTone",
        Action::PlayPrompt(_) => "playPrompt",
        Action::CancelMedia => "cancelMediaProcessing",
        Action::HangUp => "hang up",
    };
    let response = match graph_request(inner, call, &action).await {
        Ok(response) => response,
        Err(why) => {
            inner.log(BotEvent::GraphFailed {
                call: call.to_owned(),
                action: what,
                why,
            });
            if let Action::PlayPrompt(prompt) = action {
                apply_later(inner, call, vec![FlowEvent::PromptFailed { prompt }]);
            }
            return;
        }
    };
    let call_id = call.to_owned();
    inner.log(match action {
        Action::Answer => BotEvent::Answered { call: call_id },
        Action::SubscribeToTone => BotEvent::Subscribed { call: call_id },
        Action::PlayPrompt(prompt) => {
            remember_prompt(inner, call, prompt, &response);
            BotEvent::Prompt {
                call: call_id,
                prompt,
            }
        }
        Action::CancelMedia => {
            cancel_answered(inner, call, &response);
            BotEvent::BargeIn { call: call_id }
        }
        _ => BotEvent::HungUp { call: call_id },
    });
}

/// The cancelMediaProcessing was answered with a 2xx: unless its operation
/// says `failed`, the greeting is over and the collection starts
/// ([`FlowEvent::MediaCancelled`]). Whether Graph sends a notification for
/// the cancelled playPrompt is an open question (no public source shows
/// one); if it does, it is a duplicate the flow ignores.
fn cancel_answered<S: FlowStore>(
    inner: &Arc<Inner<S>>,
    call: &str,
    response: &http::Response<Vec<u8>>,
) {
    if cancel_ends_greeting(inner.endpoint.clone(), call, response) {
        apply_later(inner, call, vec![FlowEvent::MediaCancelled]);
    }
}

/// Whether a 2xx answer to the barge-in's cancelMediaProcessing ends the
/// greeting: yes unless its operation says `failed`.
fn cancel_ends_greeting(
    endpoint: Endpoint,
    call: &str,
    response: &http::Response<Vec<u8>>,
) -> bool {
    !CancelMediaProcessing::builder()
        .endpoint(endpoint)
        .call_id(call)
        .body(CancelMediaProcessingRequest::new(CANCEL_CONTEXT))
        .build()
        .ok()
        .and_then(|op| op.read_response(response).ok())
        .and_then(|answer| answer.into_operation())
        .is_some_and(|operation| operation.is_failed())
}

/// The Graph request of `action` (not a report): an app token, the request
/// from graph-comms-http's builder, sent; a 2xx answer, or why not.
async fn graph_request<S: FlowStore>(
    inner: &Arc<Inner<S>>,
    call: &str,
    action: &Action,
) -> Result<http::Response<Vec<u8>>, String> {
    let token = inner.tokens.get(&inner.http, &inner.clock).await?;
    let token = token.expose();
    let endpoint = inner.endpoint.clone();
    let built = match action {
        Action::Answer => Answer::builder()
            .endpoint(endpoint)
            .call_id(call)
            .access_token(token)
            .body(AnswerRequest::service_hosted(
                inner.callback_url.as_str(),
                [Modality::Audio],
            ))
            .build()
            .map(|op| op.to_request()),
        Action::SubscribeToTone => SubscribeToTone::builder()
            .endpoint(endpoint)
            .call_id(call)
            .client_context("ivr-bot-tones")
            .access_token(token)
            .build()
            .map(|op| op.to_request()),
        Action::PlayPrompt(prompt) => play_prompt(endpoint, &inner.prompt_base_url, call, *prompt)
            .access_token(token)
            .build()
            .map(|op| op.to_request()),
        Action::CancelMedia => CancelMediaProcessing::builder()
            .endpoint(endpoint)
            .call_id(call)
            .access_token(token)
            .body(CancelMediaProcessingRequest::new(CANCEL_CONTEXT))
            .build()
            .map(|op| op.to_request()),
        _ => HangUp::builder()
            .endpoint(endpoint)
            .call_id(call)
            .access_token(token)
            .build()
            .map(|op| op.to_request()),
    };
    let request = built.map_err(|err| err.to_string())?;
    let response = graph::send(&inner.http, request).await?;
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(
            graph_comms_http::GraphError::from_response(&response).map_or_else(
                || format!("answered {}", response.status()),
                |e| e.to_string(),
            ),
        )
    }
}

/// Applies `events` to the call through the store, in one update in a task
/// of its own, and does what they say (for events that come from the bot's
/// own requests). Nothing else would apply them again (no callback carries
/// them: after a barge-in, the cancel's answer may be the only sign that
/// the greeting ended), so a transient store error is retried, once a
/// second, at most [`APPLY_ATTEMPTS`] times.
pub(super) fn apply_later<S: FlowStore>(inner: &Arc<Inner<S>>, call: &str, events: Vec<FlowEvent>) {
    let inner = inner.clone();
    let call = call.to_owned();
    tokio::spawn(async move {
        for attempt in 1..=APPLY_ATTEMPTS {
            match apply_events(&inner, &call, &events, inner.now()).await {
                Ok((actions, deadline)) => {
                    perform(inner.clone(), call, actions, deadline).await;
                    return;
                }
                Err(err) => {
                    inner.stats.store_errors.fetch_add(1, Ordering::Relaxed);
                    inner.log(BotEvent::Store {
                        why: err.to_string(),
                    });
                    if !err.is_transient() || attempt == APPLY_ATTEMPTS {
                        return;
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        }
    });
}

/// How many times [`apply_later`] tries a transiently failing update.
const APPLY_ATTEMPTS: u32 = 30;

/// The playPrompt request of `prompt`, without its token (what reading its
/// response needs).
fn play_prompt(
    endpoint: Endpoint,
    base: &str,
    call: &str,
    prompt: PromptKind,
) -> PlayPromptBuilder {
    PlayPrompt::builder().endpoint(endpoint).call_id(call).body(
        PlayPromptRequest::new([Prompt::media(prompt.uri(base))])
            .with_client_context(prompt.client_context()),
    )
}

/// Records the prompt's operation id, so that its end is recognised by id
/// too when a notification does not carry the client context; when the
/// answer says the operation is already `completed` or `failed`, no
/// callback follows (the commsOperation docs), so its end is applied now.
fn remember_prompt<S: FlowStore>(
    inner: &Arc<Inner<S>>,
    call: &str,
    prompt: PromptKind,
    response: &http::Response<Vec<u8>>,
) {
    let answer = match play_prompt(inner.endpoint.clone(), &inner.prompt_base_url, call, prompt)
        .build()
        .map_err(|err| err.to_string())
        .and_then(|op| op.read_response(response).map_err(|err| err.to_string()))
    {
        Ok(answer) => answer,
        Err(why) => {
            // The client context still matches the prompt's end.
            inner.log(BotEvent::GraphFailed {
                call: call.to_owned(),
                action: "playPrompt (reading the answer)",
                why,
            });
            return;
        }
    };
    let events = prompt_answer_events(prompt, &answer);
    if !events.is_empty() {
        apply_later(inner, call, events);
    }
}

/// The flow events of a 2xx playPrompt answer: its operation id, and its
/// end at once when the operation is already `completed` or `failed`.
fn prompt_answer_events(
    prompt: PromptKind,
    answer: &graph_comms_http::ActionResponse<graph_comms_models::PlayPromptOperation>,
) -> Vec<FlowEvent> {
    let mut events = Vec::new();
    if let Some(operation_id) = answer.operation_id() {
        events.push(FlowEvent::PromptStarted {
            prompt,
            operation_id: operation_id.to_owned(),
        });
    }
    match answer.operation() {
        Some(operation) if operation.is_failed() => events.push(FlowEvent::PromptFailed { prompt }),
        Some(operation) if operation.is_terminal() => events.push(FlowEvent::OperationEnded {
            operation_id: answer.operation_id().unwrap_or_default().to_owned(),
            client_context: Some(prompt.client_context().to_owned()),
        }),
        _ => {}
    }
    events
}

#[cfg(test)]
mod tests {
    use super::{cancel_ends_greeting, play_prompt, prompt_answer_events};
    use crate::flow::{FlowEvent, PromptKind};
    use graph_comms_http::{ApiVersion, Endpoint, GraphRoot};

    const CALL: &str = "57dab8b1-894c-409a-b240-bd8beae78896";
    const OP: &str = "0fe0623f-d628-42ed-b4bd-8ac290072cc5";

    fn endpoint() -> Endpoint {
        Endpoint::new(
            GraphRoot::custom("https://graph.microsoft.com").unwrap(),
            ApiVersion::V1_0,
        )
    }

    fn answer(odata_type: &str, status: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header(
                "location",
                format!("https://graph.microsoft.com/v1.0/communications/calls/{CALL}/operations/{OP}"),
            )
            .body(
                format!(r##"{{"@odata.type":"#microsoft.graph.{odata_type}","id":"{OP}","status":"{status}"}}"##)
                    .into_bytes(),
            )
            .unwrap()
    }

    fn prompt_events(status: &str) -> Vec<FlowEvent> {
        let op = play_prompt(
            endpoint(),
            "https://cdn.example/",
            CALL,
            PromptKind::Greeting,
        )
        .build()
        .unwrap();
        let read = op
            .read_response(&answer("playPromptOperation", status))
            .unwrap();
        prompt_answer_events(PromptKind::Greeting, &read)
    }

    #[test]
    fn a_play_prompt_answer_gives_its_id_and_its_end_when_it_is_final() {
        let started = FlowEvent::PromptStarted {
            prompt: PromptKind::Greeting,
            operation_id: OP.into(),
        };
        assert_eq!(prompt_events("running"), std::slice::from_ref(&started));
        assert_eq!(
            prompt_events("completed"),
            [
                started.clone(),
                FlowEvent::OperationEnded {
                    operation_id: OP.into(),
                    client_context: Some(PromptKind::Greeting.client_context().into()),
                }
            ]
        );
        assert_eq!(
            prompt_events("failed"),
            [
                started,
                FlowEvent::PromptFailed {
                    prompt: PromptKind::Greeting
                }
            ]
        );
    }

    #[test]
    fn a_cancel_answer_ends_the_greeting_unless_it_failed() {
        let op = "cancelMediaProcessingOperation";
        assert!(cancel_ends_greeting(
            endpoint(),
            CALL,
            &answer(op, "completed")
        ));
        assert!(cancel_ends_greeting(
            endpoint(),
            CALL,
            &answer(op, "running")
        ));
        assert!(!cancel_ends_greeting(
            endpoint(),
            CALL,
            &answer(op, "failed")
        ));
    }
}
