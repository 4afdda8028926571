//! Posting notifications to the bot, with the headers real callbacks carry
//! (the calling samples' request logs: microsoftgraph/microsoft-graph-comms-samples#91,
//! #191; MicrosoftDocs/msteams-docs#9170) and a signed bearer token.
//!
//! Each POST is a task of its own on one shared HTTP client (its pool keeps
//! a connection per POST in flight; each POST gives up after the 5 s
//! budget): the POSTs of one call leave in the order they fall due, but one
//! does not wait for the answer to the one before, so two due at the same
//! moment may reach the bot in either order, as the service's may (its docs
//! warn that `establishing` and `established` can arrive out of order). With
//! several bot URLs, consecutive POSTs go to the next URL in turn, whatever
//! their call, so a call's notifications, and a duplicate and its original,
//! land on different workers, as behind a load balancer.
//!
//! A POST answered with an error status or not at all is not sent again:
//! whether the service retries calling callbacks is not documented.

use super::Shared;
use crate::core::{CallbackOutcome, Delivery};
use crate::scenario::Expectations;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Picks the URL: round-robin over the bot URLs when there are several (the
/// emulator is the load balancer); else the call's `callbackUri`, else the
/// URL the call started with, else the one bot URL.
fn destination(shared: &Shared, delivery: &Delivery) -> Option<String> {
    let bot_urls = shared.bot_urls();
    if bot_urls.len() > 1 {
        let i = shared.next_bot.fetch_add(1, Ordering::SeqCst) % bot_urls.len();
        return Some(bot_urls[i].clone());
    }
    delivery
        .callback_uri
        .clone()
        .or_else(|| delivery.bot_url.clone())
        .or_else(|| bot_urls.first().cloned())
}

/// Sends a delivery in the background and reports the bot's answer to the core.
pub(crate) fn spawn(shared: &Arc<Shared>, delivery: Delivery) {
    let busy = shared.busy();
    let shared = shared.clone();
    tokio::spawn(async move {
        let _busy = busy;
        let Some(url) = destination(&shared, &delivery) else {
            let now = shared.clock.now();
            shared.core().callback_answered(
                now,
                delivery.id,
                "(no bot URL)",
                CallbackOutcome::NoAnswer {
                    latency: std::time::Duration::ZERO,
                },
            );
            return;
        };
        let (app_id, tenant_id) = {
            let core = shared.core();
            (
                core.config().app_id.clone(),
                core.config().tenant_id.clone(),
            )
        };
        let token = shared
            .key
            .sign(&app_id, &tenant_id, shared.clock.system_time());
        let message_id = uuid::Uuid::new_v4().to_string();
        let body = serde_json::to_vec(&delivery.body).unwrap_or_default();
        let mut request = shared
            .http
            .post(&url)
            .timeout(Expectations::CALLBACK_BUDGET)
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("User-Agent", "Microsoft-Skype/3.0,(Calling/1.0)")
            .header("Scenario-Id", uuid::Uuid::new_v4().to_string())
            .header("X-Microsoft-Skype-Message-ID", &message_id)
            .header("X-Microsoft-Skype-Original-Message-ID", &message_id)
            .header("X-Microsoft-Tenant", &tenant_id)
            .body(body);
        if let Some(chain) = &delivery.chain_id {
            request = request.header("X-Microsoft-Skype-Chain-ID", chain);
        }
        let started = Instant::now();
        let answer = request.send().await;
        let latency = started.elapsed();
        let outcome = match answer {
            Ok(response) => CallbackOutcome::Answered {
                status: response.status().as_u16(),
                latency,
            },
            Err(_) => CallbackOutcome::NoAnswer { latency },
        };
        let now = shared.clock.now();
        shared
            .core()
            .callback_answered(now, delivery.id, &url, outcome);
    });
}
