//! The flow's steps, without a network.

use super::*;

fn config() -> FlowConfig {
    FlowConfig::new(4).unwrap()
}

fn ms(n: u64) -> Timestamp {
    Timestamp::from_millis(n)
}

fn key(sequence_id: i64, c: char) -> FlowEvent {
    FlowEvent::Tone {
        sequence_id,
        tone: Tone::from_char(c).unwrap(),
    }
}

fn ended(prompt: PromptKind) -> FlowEvent {
    FlowEvent::OperationEnded {
        operation_id: "0fe0623f-d628-42ed-b4bd-8ac290072cc5".into(),
        client_context: Some(prompt.client_context().into()),
    }
}

/// Applies the events in order, returning every action.
fn run(state: &mut Option<CallFlow>, events: &[(u64, FlowEvent)]) -> Vec<Action> {
    events
        .iter()
        .flat_map(|(at, event)| step(state, event, ms(*at), &config()))
        .collect()
}

fn reports(actions: &[Action]) -> Vec<(String, CompletionReason)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Report { digits, reason } => Some((digits.expose().to_owned(), *reason)),
            _ => None,
        })
        .collect()
}

fn established() -> Option<CallFlow> {
    let mut state = None;
    let actions = run(
        &mut state,
        &[(0, FlowEvent::Incoming), (100, FlowEvent::Established)],
    );
    assert_eq!(
        actions,
        [
            Action::Answer,
            Action::SubscribeToTone,
            Action::PlayPrompt(PromptKind::Greeting)
        ]
    );
    state
}

#[test]
fn the_whole_flow_from_ring_to_hang_up() {
    let mut state = established();
    let typed = run(
        &mut state,
        &[
            (1_500, key(1, '2')),
            (1_800, key(2, '4')),
            (1_900, ended(PromptKind::Greeting)),
            (2_100, key(3, '6')),
            (2_400, key(4, '8')),
        ],
    );
    assert_eq!(typed[0], Action::CancelMedia, "barge-in on the first key");
    assert_eq!(
        reports(&typed),
        [("2468".to_owned(), CompletionReason::MaxDigits)]
    );
    assert_eq!(
        typed.last(),
        Some(&Action::PlayPrompt(PromptKind::Confirmation))
    );
    assert_eq!(state.as_ref().unwrap().phase(), Phase::Confirming);
    let end = run(&mut state, &[(7_400, ended(PromptKind::Confirmation))]);
    assert_eq!(end, [Action::HangUp]);
    let gone = run(&mut state, &[(7_500, FlowEvent::Terminated)]);
    assert!(gone.is_empty());
    assert_eq!(state.as_ref().unwrap().phase(), Phase::Done);
}

#[test]
fn barge_in_is_asked_once_and_only_while_the_greeting_plays() {
    let mut state = established();
    let actions = run(
        &mut state,
        &[(500, key(1, '1')), (600, key(2, '2')), (600, key(1, '1'))],
    );
    assert_eq!(actions, [Action::CancelMedia]);
    // A caller who waits for the greeting's end: no cancel.
    let mut state = established();
    let actions = run(
        &mut state,
        &[(2_000, ended(PromptKind::Greeting)), (2_500, key(1, '1'))],
    );
    assert!(!actions.contains(&Action::CancelMedia), "{actions:?}");
}

#[test]
fn duplicates_change_nothing_and_the_completion_is_reported_once() {
    let mut state = established();
    let mut all = run(&mut state, &[(2_000, ended(PromptKind::Greeting))]);
    for (at, seq, c) in [
        (2_100, 1, '1'),
        (2_200, 2, '2'),
        (2_300, 3, '3'),
        (2_400, 4, '#'),
    ] {
        // Each notification twice, as a flaky network delivers it.
        all.extend(run(&mut state, &[(at, key(seq, c)), (at + 5, key(seq, c))]));
    }
    // Late duplicates after the end, and a second `established`, `incoming`.
    all.extend(run(
        &mut state,
        &[
            (3_000, key(4, '#')),
            (3_000, key(5, '9')),
            (3_100, FlowEvent::Established),
            (3_100, FlowEvent::Incoming),
            (3_200, ended(PromptKind::Greeting)),
        ],
    ));
    assert_eq!(
        reports(&all),
        [("123".to_owned(), CompletionReason::StopTone)]
    );
    assert_eq!(
        all.iter()
            .filter(|a| matches!(a, Action::PlayPrompt(PromptKind::Confirmation)))
            .count(),
        1
    );
}

#[test]
fn a_step_run_twice_on_the_same_copy_gives_the_same_result() {
    // What a store does after a conflict: f runs again on a fresh copy.
    let state = established();
    let event = key(1, '5');
    let mut first = state.clone();
    let mut second = state.clone();
    let a = step(&mut first, &event, ms(900), &config());
    let b = step(&mut second, &event, ms(900), &config());
    assert_eq!(a, b);
    assert_eq!(first, second);
}

#[test]
fn a_hang_up_mid_pin_gives_no_report() {
    let mut state = established();
    let actions = run(
        &mut state,
        &[
            (2_000, ended(PromptKind::Greeting)),
            (2_500, key(1, '1')),
            (2_900, key(2, '3')),
            (3_700, FlowEvent::Terminated),
            (3_800, key(3, '5')),
            (3_900, FlowEvent::Timeout),
        ],
    );
    assert!(reports(&actions).is_empty(), "{actions:?}");
    assert!(
        !actions.contains(&Action::HangUp),
        "the caller hung up already"
    );
    assert_eq!(state.as_ref().unwrap().phase(), Phase::Done);
    assert_eq!(state.as_ref().unwrap().next_deadline(), None);
}

#[test]
fn a_pin_finished_by_keys_held_at_the_hang_up_is_reported() {
    // Key 2 (`#`) arrived before key 1; the call ends before key 1 does:
    // the held `#` is collected at the end (it was pressed) and ends the PIN.
    let mut state = established();
    let actions = run(
        &mut state,
        &[
            (2_000, ended(PromptKind::Greeting)),
            (2_100, key(2, '#')),
            (2_150, FlowEvent::Terminated),
        ],
    );
    let reported = reports(&actions);
    assert_eq!(reported.len(), 1, "{actions:?}");
    assert_ne!(reported[0].1, CompletionReason::CallEnded);
}

#[test]
fn a_timeout_ends_the_collection_with_the_not_received_prompt() {
    let mut state = established();
    run(&mut state, &[(2_000, ended(PromptKind::Greeting))]);
    let deadline = state
        .as_ref()
        .unwrap()
        .next_deadline()
        .expect("the initial timeout");
    assert_eq!(deadline, ms(7_000));
    let early = run(&mut state, &[(6_999, FlowEvent::Timeout)]);
    assert!(early.is_empty());
    let actions = run(&mut state, &[(7_000, FlowEvent::Timeout)]);
    assert_eq!(
        reports(&actions),
        [(String::new(), CompletionReason::InitialTimeout)]
    );
    assert_eq!(
        actions.last(),
        Some(&Action::PlayPrompt(PromptKind::NotReceived))
    );
}

#[test]
fn an_unknown_call_starts_only_with_incoming() {
    for event in [
        FlowEvent::Established,
        key(1, '1'),
        FlowEvent::Terminated,
        FlowEvent::Timeout,
        ended(PromptKind::Greeting),
    ] {
        let mut state = None;
        assert!(step(&mut state, &event, ms(0), &config()).is_empty());
        assert!(state.is_none(), "{event:?}");
    }
}

#[test]
fn the_prompt_end_is_recognised_by_operation_id_without_client_context() {
    let mut state = established();
    run(
        &mut state,
        &[(
            300,
            FlowEvent::PromptStarted {
                prompt: PromptKind::Greeting,
                operation_id: "0fe0623f-d628-42ed-b4bd-8ac290072cc5".into(),
            },
        )],
    );
    let actions = run(
        &mut state,
        &[
            (
                2_000,
                FlowEvent::OperationEnded {
                    operation_id: "0FE0623FD62842EDB4BD8AC290072CC5".into(),
                    client_context: None,
                },
            ),
            (2_100, key(1, '#')),
        ],
    );
    assert_eq!(reports(&actions).len(), 1, "{actions:?}");
}

#[test]
fn the_state_round_trips_and_debug_shows_no_digit() {
    let mut state = established();
    run(&mut state, &[(500, key(1, '7')), (600, key(2, '9'))]);
    let flow = state.unwrap();
    let json = serde_json::to_string(&flow).unwrap();
    let back: CallFlow = serde_json::from_str(&json).unwrap();
    assert_eq!(back, flow);
    let debug = format!("{flow:?}");
    assert!(!debug.contains('7') && !debug.contains('9'), "{debug}");
    let actions = format!(
        "{:?}",
        Action::Report {
            digits: graph_comms_dtmf::Digits::from_keys("2468").unwrap(),
            reason: CompletionReason::MaxDigits
        }
    );
    assert!(!actions.contains("2468"), "{actions}");
}

#[test]
fn a_refused_prompt_counts_as_ended() {
    // The greeting cannot play: the collection starts anyway.
    let mut state = established();
    let actions = run(
        &mut state,
        &[
            (
                200,
                FlowEvent::PromptFailed {
                    prompt: PromptKind::Greeting,
                },
            ),
            (900, key(1, '#')),
        ],
    );
    assert_eq!(reports(&actions).len(), 1, "{actions:?}");
    // The confirmation cannot play: the bot hangs up; a stale failure of
    // another prompt changes nothing.
    let stale = run(
        &mut state,
        &[(
            950,
            FlowEvent::PromptFailed {
                prompt: PromptKind::Greeting,
            },
        )],
    );
    assert!(stale.is_empty());
    let end = run(
        &mut state,
        &[(
            1_000,
            FlowEvent::PromptFailed {
                prompt: PromptKind::Confirmation,
            },
        )],
    );
    assert_eq!(end, [Action::HangUp]);
}

#[test]
fn a_batch_becomes_each_calls_events_in_order() {
    let body = br##"{"value": [
      {"changeType": "updated", "resourceUrl": "/communications/calls/a",
       "resourceData": {"@odata.type": "#microsoft.graph.call", "toneInfo": {"sequenceId": 2, "tone": "tone2"}}},
      {"changeType": "updated", "resourceUrl": "/communications/calls/b",
       "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "established"}},
      {"changeType": "deleted", "resourceUrl": "/communications/calls/a/operations/op1",
       "resourceData": {"@odata.type": "#microsoft.graph.playPromptOperation", "status": "completed",
                        "clientContext": "ivr-bot-greeting"}},
      {"changeType": "updated", "resourceUrl": "/communications/calls/a",
       "resourceData": {"@odata.type": "#microsoft.graph.call", "toneInfo": {"sequenceId": 3, "tone": "pound"}}}
    ]}"##;
    let batch = CommsNotifications::from_slice(body).unwrap();
    let (calls, unreadable) = events_by_call(&batch);
    assert_eq!(unreadable, 0);
    let ids: Vec<&str> = calls.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(calls[1].1, [FlowEvent::Established]);
    assert_eq!(
        calls[0].1,
        [
            key(2, '2'),
            FlowEvent::OperationEnded {
                operation_id: "op1".into(),
                client_context: Some("ivr-bot-greeting".into())
            },
            key(3, '#'),
        ]
    );
}

#[test]
fn the_cancel_answer_alone_starts_the_collection_after_barge_in() {
    // No notification for the cancelled greeting ever comes: the cancel's
    // 2xx answer ends the greeting, and the PIN still completes.
    let mut state = established();
    let actions = run(&mut state, &[(200, key(1, '1'))]);
    assert_eq!(actions, [Action::CancelMedia]);
    assert!(run(&mut state, &[(300, FlowEvent::MediaCancelled)]).is_empty());
    assert!(state.as_ref().unwrap().waiting_for.is_none());
    let actions = run(
        &mut state,
        &[(400, key(2, '2')), (500, key(3, '3')), (600, key(4, '4'))],
    );
    assert_eq!(
        reports(&actions),
        [("1234".into(), CompletionReason::MaxDigits)]
    );
    assert!(actions.contains(&Action::PlayPrompt(PromptKind::Confirmation)));
    // The greeting's notification, late: a duplicate, nothing happens.
    assert!(run(&mut state, &[(700, ended(PromptKind::Greeting))]).is_empty());
    assert_eq!(state.as_ref().unwrap().phase(), Phase::Confirming);
}

#[test]
fn a_cancel_answer_changes_nothing_without_barge_in_or_after_the_notification() {
    // Before any key: the bot did not cancel, so an answer is not its own.
    let mut state = established();
    assert!(run(&mut state, &[(150, FlowEvent::MediaCancelled)]).is_empty());
    assert!(state.as_ref().unwrap().waiting_for.is_some());
    // The notification first, then the cancel's answer: applied once.
    run(&mut state, &[(200, key(1, '1'))]);
    run(&mut state, &[(300, ended(PromptKind::Greeting))]);
    let before = state.clone();
    assert!(run(&mut state, &[(400, FlowEvent::MediaCancelled)]).is_empty());
    assert_eq!(state, before);
}

#[test]
fn prompt_urls_are_under_the_base() {
    assert_eq!(
        PromptKind::Greeting.uri("https://media.example/ivr/"),
        "https://media.example/ivr/enter-pin.wav"
    );
    assert_eq!(
        PromptKind::Confirmation.uri("https://media.example/ivr"),
        "https://media.example/ivr/pin-received.wav"
    );
    assert_eq!(
        PromptKind::NotReceived.uri(crate::DEFAULT_PROMPT_BASE_URL),
        "https://cdn.contoso.com/ivr-bot/pin-not-received.wav"
    );
}
