//! The sender: claims due deliveries (the oldest pending one of each
//! endpoint and object), signs each with its endpoint's secret, posts it,
//! and records the answer: delivered on a 2xx, otherwise tried again with
//! back-off until three days after the event (`schedule`).

use super::schedule;
use crate::auth::secret_box::Binding;
use crate::state::AppState;
use futures_util::StreamExt;
use ringledger_db::entities::webhook_deliveries;
use ringledger_db::repo::WebhookAttempt;
use ringledger_shared::api::webhooks::{EVENT_ID_HEADER, SIGNATURE_HEADER};
use ringledger_shared::ids::TenantId;
use ringledger_shared::status::WebhookDeliveryStatus;
use std::time::Instant;

/// How long a claimed delivery is left to its sender before another one
/// (after a crash) may take it.
const CLAIM_LEASE: chrono::Duration = chrono::Duration::minutes(2);

/// Deliveries claimed at a time.
const BATCH: u64 = 50;

/// Endpoints sent to at once.
const CONCURRENCY: usize = 8;

/// Delivers what is due, batch after batch, until nothing is left that
/// can go now or the process is stopping. Returns how many were delivered.
pub async fn flush(state: &AppState) -> anyhow::Result<usize> {
    let _guard = state.webhook_lock().lock().await;
    let mut delivered = 0;
    loop {
        let (claimed, ok) = flush_batch(state).await?;
        delivered += ok;
        // Nothing claimed, or nothing went through (endpoints down): the
        // rest waits for the next pass.
        if claimed == 0 || ok == 0 || state.jobs().stopping() {
            return Ok(delivered);
        }
    }
}

/// Claims and attempts one batch: (claimed, delivered).
async fn flush_batch(state: &AppState) -> anyhow::Result<(usize, usize)> {
    let now = state.clock().now();
    let tx = state.repos().platform_claims().await?;
    let due = tx
        .claim_webhook_deliveries(BATCH, now, now + CLAIM_LEASE)
        .await?;
    tx.commit().await?;
    let claimed = due.len();
    // Endpoint by endpoint, several endpoints at once: one slow endpoint
    // holds back only its own deliveries, and each endpoint gets its
    // deliveries in the order of their events.
    let mut by_endpoint: Vec<Vec<webhook_deliveries::Model>> = Vec::new();
    for delivery in due {
        match by_endpoint
            .iter_mut()
            .find(|g| g[0].endpoint_id == delivery.endpoint_id)
        {
            Some(group) => group.push(delivery),
            None => by_endpoint.push(vec![delivery]),
        }
    }
    let outcomes: Vec<anyhow::Result<usize>> = futures_util::stream::iter(by_endpoint)
        .map(|group| async move {
            let mut ok = 0;
            for delivery in group {
                ok += usize::from(send_one(state, &delivery).await?);
            }
            Ok(ok)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut delivered = 0;
    for outcome in outcomes {
        delivered += outcome?;
    }
    Ok((claimed, delivered))
}

/// Attempts one delivery and records the outcome; `true` when delivered.
async fn send_one(state: &AppState, delivery: &webhook_deliveries::Model) -> anyhow::Result<bool> {
    let attempt = attempt(state, delivery).await;
    let ok = attempt.status == WebhookDeliveryStatus::Delivered;
    if !ok {
        tracing::info!(delivery = %delivery.id, error = ?attempt.error,
            code = ?attempt.response_code, "webhook delivery failed");
    }
    let tx = state.repos().platform_claims().await?;
    tx.record_webhook_attempt(delivery.tenant_id, delivery.id, attempt)
        .await?;
    tx.commit().await?;
    Ok(ok)
}

/// Makes one attempt of `delivery` and says how it went.
async fn attempt(state: &AppState, delivery: &webhook_deliveries::Model) -> WebhookAttempt {
    let failed = |error: String, code: Option<i32>, latency: Option<i32>, give_up: bool| {
        let now = state.clock().now();
        let next = if give_up {
            None
        } else {
            schedule::next_attempt(delivery.created_at, delivery.attempts + 1, now)
        };
        WebhookAttempt {
            status: if next.is_some() {
                WebhookDeliveryStatus::Pending
            } else {
                WebhookDeliveryStatus::Failed
            },
            at: now,
            response_code: code,
            latency_ms: latency,
            error: Some(error),
            next_attempt_at: next,
        }
    };
    let (endpoint, event) = match load(state, delivery).await {
        Ok(Some(found)) => found,
        Ok(None) => return failed("the endpoint was removed".into(), None, None, true),
        Err(e) => return failed(format!("reading the delivery: {e}"), None, None, false),
    };
    if !endpoint.enabled {
        return failed("the endpoint is paused".into(), None, None, true);
    }
    let binding = Binding::webhook_endpoint(endpoint.tenant_id, endpoint.id);
    let secret = match state.secrets().open(&endpoint.secret_sealed, &binding) {
        Ok(s) => s,
        Err(_) => {
            return failed(
                "the endpoint's secret cannot be opened".into(),
                None,
                None,
                false,
            );
        }
    };
    let allow_private = state.settings().webhooks_allow_private;
    let url = match super::target::parse(&endpoint.url, allow_private) {
        Ok(url) => url,
        Err(why) => return failed(format!("the URL {why}"), None, None, true),
    };
    // Signed at the wall clock's time: the receiver compares it with its own.
    let signature = crate::signature::sign(
        event.payload.as_bytes(),
        &secret,
        chrono::Utc::now().timestamp(),
    );
    let started = Instant::now();
    let sent = state
        .webhook_client()
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature)
        .header(EVENT_ID_HEADER, super::emit::wire_id(event.id))
        .body(event.payload.clone())
        .send()
        .await;
    let latency = i32::try_from(started.elapsed().as_millis()).ok();
    match sent {
        Ok(res) if res.status().is_success() => WebhookAttempt {
            status: WebhookDeliveryStatus::Delivered,
            at: state.clock().now(),
            response_code: Some(i32::from(res.status().as_u16())),
            latency_ms: latency,
            error: None,
            next_attempt_at: None,
        },
        Ok(res) => {
            let code = res.status().as_u16();
            failed(
                format!("the endpoint answered {code}"),
                Some(i32::from(code)),
                latency,
                false,
            )
        }
        Err(e) => failed(describe(&e), None, latency, false),
    }
}

/// The endpoint (unless removed) and the event of a delivery.
async fn load(
    state: &AppState,
    delivery: &webhook_deliveries::Model,
) -> anyhow::Result<
    Option<(
        ringledger_db::entities::webhook_endpoints::Model,
        ringledger_db::entities::webhook_events::Model,
    )>,
> {
    let tx = state
        .repos()
        .tenant_read(TenantId(delivery.tenant_id))
        .await?;
    let endpoint = tx.webhooks().endpoint(delivery.endpoint_id).await?;
    let event = tx.webhooks().event(delivery.event_id).await?;
    tx.commit().await?;
    Ok(endpoint.zip(event))
}

/// A transport error in a line the console can show.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("no answer within {} s", super::target::TIMEOUT.as_secs())
    } else if e.is_connect() {
        let mut source: Option<&dyn std::error::Error> = Some(e);
        let mut last = String::new();
        while let Some(s) = source {
            last = s.to_string();
            source = s.source();
        }
        format!("could not connect: {last}")
    } else {
        e.to_string()
    }
}

/// Sends what is due now, in the background.
pub fn kick(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let Some(_unit) = state.jobs().enter() else {
            return;
        };
        if let Err(e) = flush(&state).await {
            tracing::warn!(error = %e, "webhook flush failed");
        }
    });
}
