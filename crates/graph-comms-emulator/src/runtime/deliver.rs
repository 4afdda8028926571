//! Posting notifications to the bot, with the headers real callbacks carry
//! (the calling samples' request logs: microsoftgraph/microsoft-graph-comms-samples#91,
//! #191; MicrosoftDocs/msteams-docs#9170) and a signed bearer token.

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
    if shared.bot_urls.len() > 1 {
        let i = shared.next_bot.fetch_add(1, Ordering::SeqCst) % shared.bot_urls.len();
        return Some(shared.bot_urls[i].clone());
    }
    delivery
        .callback_uri
        .clone()
        .or_else(|| delivery.bot_url.clone())
        .or_else(|| shared.bot_urls.first().cloned())
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
