//! Events from a seller's Stripe account. The signature is checked with
//! that seller's endpoint secret; each event id is stored in the same
//! transaction as its effect, so a duplicate delivery does nothing and a
//! failed one is retried by Stripe. Every effect is itself idempotent
//! (credits check the payment's status under the account lock), so events
//! arriving late or out of order are harmless.

use super::checkout::{card_of, settle_paid_session};
use super::gateway;
use super::settle;
use super::signature::{self, SignatureError};
use super::stripe_api::{CheckoutSession, PaymentIntent};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use ringledger_shared::ids::TenantId;
use serde::Deserialize;
use uuid::Uuid;

/// The envelope of a Stripe event.
#[derive(Debug, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: EventData,
}

/// `data` of an event.
#[derive(Debug, Deserialize)]
pub struct EventData {
    pub object: serde_json::Value,
}

/// Parses a verified body.
pub fn parse(body: &[u8]) -> AppResult<Event> {
    serde_json::from_slice(body).map_err(|e| {
        AppError::new(
            ringledger_shared::ErrorCode::InvalidJson,
            format!("not a Stripe event: {e}"),
        )
    })
}

/// Checks a delivery's signature against `secret` (system time: the
/// tolerance is about real replays, not the application's clock).
pub fn verify(body: &[u8], header: Option<&str>, secret: &str) -> AppResult<()> {
    signature::verify(
        body,
        header,
        secret,
        chrono::Utc::now().timestamp(),
        signature::TOLERANCE_SECS,
    )
    .map_err(|e: SignatureError| {
        AppError::from(ringledger_shared::error::FieldError::new(
            "Stripe-Signature",
            e.message(),
        ))
    })
}

/// What processing an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Applied now.
    Processed,
    /// Seen before: nothing done.
    Duplicate,
    /// Not an event we act on (or not about our objects).
    Ignored,
}

fn meta_uuid(object: &serde_json::Value, key: &str) -> Option<Uuid> {
    object.get("metadata")?.get(key)?.as_str()?.parse().ok()
}

/// Handles one delivery to a seller's endpoint.
pub async fn handle(
    state: &AppState,
    tenant: TenantId,
    seller: Uuid,
    body: &[u8],
    header: Option<&str>,
) -> AppResult<Outcome> {
    let tx = state.repos().tenant_read(tenant).await?;
    let g = gateway::of_seller(state, &tx, seller)
        .await?
        .ok_or_else(|| AppError::not_found("webhook endpoint"))?;
    tx.commit().await?;
    verify(body, header, &g.webhook_secret)?;
    let event = parse(body)?;

    // Seen before? (Checked again, atomically, when it is recorded.)
    let tx = state.repos().tenant_read(tenant).await?;
    let seen = tx.stripe_event_seen(&event.id).await?;
    tx.commit().await?;
    if seen {
        return Ok(Outcome::Duplicate);
    }

    let obj = &event.data.object;
    let now = state.clock().now();
    let outcome = match event.kind.as_str() {
        "checkout.session.completed" => {
            let session: CheckoutSession = serde_json::from_value(obj.clone()).unwrap_or_default();
            match session.mode.as_str() {
                "payment" if session.payment_status == "paid" => {
                    let tx = state.repos().tenant_read(tenant).await?;
                    let payment = match meta_uuid(obj, "payment_id") {
                        Some(id) => tx.payment(id).await?,
                        None => tx.payment_by_session(&session.id).await?,
                    };
                    tx.commit().await?;
                    match payment {
                        Some(p) => {
                            settle_paid_session(state, &g, tenant, p.id, &session).await?;
                            Outcome::Processed
                        }
                        None => Outcome::Ignored,
                    }
                }
                "setup" => {
                    let account = meta_uuid(obj, "account_id");
                    let intent = match &session.setup_intent {
                        Some(si) => g.api.setup_intent(si).await.ok(),
                        None => None,
                    };
                    match (account, intent) {
                        (Some(account), Some(si)) => {
                            let card = card_of(
                                &g.api,
                                si.payment_method.as_deref(),
                                si.customer.as_deref(),
                            )
                            .await;
                            let tx = state.repos().tenant(tenant).await?;
                            if let Some(card) = card
                                && tx.account(account).await?.is_some()
                            {
                                settle::save_card(&tx, state, account, &card).await?;
                            }
                            tx.commit().await?;
                            Outcome::Processed
                        }
                        _ => Outcome::Ignored,
                    }
                }
                _ => Outcome::Ignored,
            }
        }
        "payment_intent.succeeded" => {
            let pi: PaymentIntent = serde_json::from_value(obj.clone()).unwrap_or_default();
            let tx = state.repos().tenant_read(tenant).await?;
            let payment = match meta_uuid(obj, "payment_id") {
                Some(id) => tx.payment(id).await?,
                None => tx.payment_by_intent(&pi.id).await?,
            };
            tx.commit().await?;
            match payment {
                Some(p) => {
                    let save = pi.setup_future_usage.is_some();
                    let card =
                        card_of(&g.api, pi.payment_method.as_deref(), pi.customer.as_deref()).await;
                    let received =
                        super::from_minor(pi.amount_received.max(pi.amount), &pi.currency);
                    let tx = state.repos().tenant(tenant).await?;
                    settle::succeed(
                        &tx,
                        state,
                        p.id,
                        Some(received),
                        Some(&pi.id),
                        card.as_ref(),
                        save,
                    )
                    .await?;
                    tx.commit().await?;
                    Outcome::Processed
                }
                None => Outcome::Ignored,
            }
        }
        "payment_intent.payment_failed" => {
            // Off-session charges carry their attempt number; a failure on
            // the Checkout page is the customer's to retry there.
            let attempt = obj
                .get("metadata")
                .and_then(|m| m.get("attempt"))
                .and_then(|a| a.as_str())
                .and_then(|a| a.parse::<i32>().ok());
            match (meta_uuid(obj, "payment_id"), attempt) {
                (Some(p), Some(attempt)) => {
                    let message = obj
                        .get("last_payment_error")
                        .and_then(|e| e.get("message"))
                        .and_then(|m| m.as_str())
                        .unwrap_or("the card was declined")
                        .to_owned();
                    let tx = state.repos().tenant(tenant).await?;
                    if tx.payment(p).await?.is_some() {
                        settle::fail(&tx, state, p, attempt, &message).await?;
                    }
                    tx.commit().await?;
                    Outcome::Processed
                }
                _ => Outcome::Ignored,
            }
        }
        "charge.refunded" => refunded_elsewhere(state, tenant, obj).await?,
        _ => Outcome::Ignored,
    };
    // Record the event; a concurrent duplicate loses here and did nothing
    // twice, because every effect above is idempotent.
    let tx = state.repos().tenant(tenant).await?;
    let fresh = tx.record_event(&event.id, &event.kind, now).await?;
    tx.commit().await?;
    Ok(if fresh { outcome } else { Outcome::Duplicate })
}

/// A refund made in Stripe's dashboard (not through us): the difference
/// between Stripe's refunded total and ours (pending refunds counted) is
/// recorded as a refund.
async fn refunded_elsewhere(
    state: &AppState,
    tenant: TenantId,
    charge: &serde_json::Value,
) -> AppResult<Outcome> {
    let Some(pi) = charge.get("payment_intent").and_then(|v| v.as_str()) else {
        return Ok(Outcome::Ignored);
    };
    let refunded_minor = charge
        .get("amount_refunded")
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let tx = state.repos().tenant(tenant).await?;
    let Some(p) = tx.payment_by_intent(pi).await? else {
        tx.commit().await?;
        return Ok(Outcome::Ignored);
    };
    let account = tx.account_for_update(p.account_id).await?;
    let Some(p) = tx.payment(p.id).await? else {
        return Ok(Outcome::Ignored);
    };
    let ours: rust_decimal::Decimal = tx
        .refunds_of(&[p.id])
        .await?
        .iter()
        .filter(|r| r.status != "failed")
        .map(|r| r.amount.0)
        .sum();
    let theirs = super::from_minor(refunded_minor, &p.currency);
    if account.is_none() || theirs <= ours {
        tx.commit().await?;
        return Ok(Outcome::Ignored);
    }
    let r = settle::new_refund(
        &tx,
        state,
        p.id,
        theirs - ours,
        "refunded in Stripe",
        "stripe",
    );
    let r = tx.insert_refund(r).await?;
    settle::refund_done(&tx, state, r.id, None).await?;
    tx.commit().await?;
    Ok(Outcome::Processed)
}
