//! Events from a seller's Stripe account. The signature is checked with
//! that seller's endpoint secret; each event id is stored in the same
//! transaction as its effect, so a duplicate delivery does nothing and a
//! failed one is retried by Stripe. Every effect is itself idempotent
//! (credits check the payment's status under the account lock), so events
//! arriving late or out of order are harmless.
//!
//! An event only names an object: nothing in its body is trusted. The
//! object is read again from the seller's Stripe account with the seller's
//! key, and acted on only when it matches one of our rows of that same
//! seller (the payment's account is a customer of the seller whose endpoint
//! received the event; the session or PaymentIntent is the one we created
//! for the payment, for exactly its amount and currency). Exactly our
//! row's amount is credited; anything else is ignored with a warning.

use super::checkout::{Verdict, refuse, save_session_card, settle_paid_session};
use super::gateway::{self, Gateway};
use super::settle;
use super::settle::card_of;
use super::stripe_api::{Metadata, PaymentIntent};
use super::{found, same_currency, to_minor};
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use crate::signature::{self, SignatureError};
use ringledger_db::entities::payments;
use ringledger_shared::ids::{PaymentId, TenantId};
use ringledger_shared::status::RefundStatus;
use ringledger_shared::status::{PaymentMethod, PaymentPurpose};
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

fn meta_uuid(metadata: &Metadata, key: &str) -> Option<Uuid> {
    metadata.get(key)?.parse().ok()
}

fn outcome(verdict: Verdict) -> Outcome {
    match verdict {
        Verdict::Applied => Outcome::Processed,
        Verdict::NotYet | Verdict::Refused => Outcome::Ignored,
    }
}

/// Handles one delivery to a seller's endpoint.
pub async fn handle(
    deps: Deps<'_>,
    tenant: TenantId,
    seller: Uuid,
    body: &[u8],
    header: Option<&str>,
) -> AppResult<Outcome> {
    let tx = deps.repos().tenant_read(tenant).await?;
    let g = gateway::of_seller(deps, &tx, seller)
        .await?
        .ok_or_else(|| AppError::not_found("webhook endpoint"))?;
    deps.mail().after_commit(tx.commit().await?);
    verify(body, header, &g.webhook_secret)?;
    let event = parse(body)?;

    // Seen before? (Checked again, atomically, when it is recorded.)
    let tx = deps.repos().tenant_read(tenant).await?;
    let seen = tx.payments().stripe_event_seen(&event.id).await?;
    deps.mail().after_commit(tx.commit().await?);
    if seen {
        return Ok(Outcome::Duplicate);
    }

    // Only the object's id is taken from the event.
    let id = event
        .data
        .object
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let now = deps.clock().now();
    let outcome = if id.is_empty() {
        Outcome::Ignored
    } else {
        match event.kind.as_str() {
            "checkout.session.completed" => session_completed(deps, &g, tenant, id).await?,
            "payment_intent.succeeded" => intent_succeeded(deps, &g, tenant, id).await?,
            "payment_intent.payment_failed" => intent_failed(deps, &g, tenant, id).await?,
            "charge.refunded" => refunded_elsewhere(deps, &g, tenant, id).await?,
            _ => Outcome::Ignored,
        }
    };
    // Record the event; a concurrent duplicate loses here and did nothing
    // twice, because every effect above is idempotent.
    let tx = deps.repos().tenant(tenant).await?;
    let fresh = tx
        .payments()
        .record_event(&event.id, &event.kind, now)
        .await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(if fresh { outcome } else { Outcome::Duplicate })
}

/// A Checkout Session completed: re-read from the seller's Stripe account,
/// it pays our payment or saves a card if it is one we created for an
/// account of this seller (see [`settle_paid_session`] and
/// [`save_session_card`]).
async fn session_completed(
    deps: Deps<'_>,
    g: &Gateway,
    tenant: TenantId,
    id: &str,
) -> AppResult<Outcome> {
    let Some(session) = found(g.api.checkout_session(id).await)? else {
        return Ok(Outcome::Ignored);
    };
    let verdict = match session.mode.as_str() {
        "payment" => settle_paid_session(deps, g, tenant, &session, None).await?,
        "setup" => save_session_card(deps, g, tenant, &session).await?,
        _ => Verdict::Refused,
    };
    Ok(outcome(verdict))
}

/// Our payment a PaymentIntent (re-read from the seller's Stripe account)
/// is about — the one that stored it, else the one its metadata names — if
/// that payment's account is a customer of `g`'s seller.
async fn payment_of_intent(
    deps: Deps<'_>,
    g: &Gateway,
    tenant: TenantId,
    pi: &PaymentIntent,
) -> AppResult<Option<payments::Model>> {
    let tx = deps.repos().tenant_read(tenant).await?;
    let payment = match tx.payments().payment_by_intent(&pi.id).await? {
        Some(p) => Some(p),
        None => match meta_uuid(&pi.metadata, "payment_id") {
            Some(p) => tx.payments().payment(PaymentId(p)).await?,
            None => None,
        },
    };
    let account = match &payment {
        Some(p) => tx.customers().account(p.account_id).await?,
        None => None,
    };
    deps.mail().after_commit(tx.commit().await?);
    let Some(p) = payment else {
        return Ok(None);
    };
    if account.is_none_or(|a| a.seller_id != g.row.seller_id) {
        refuse(&pi.id, &format!("payment {} is not of this seller", p.id));
        return Ok(None);
    }
    Ok(Some(p))
}

/// Why a PaymentIntent does not belong to our automatic (off-session)
/// payment `p`, if it does not: it must carry `p`'s id, be for exactly
/// `p`'s amount and currency, and be the intent `p` stored, if any.
fn off_session_mismatch(p: &payments::Model, pi: &PaymentIntent) -> Option<String> {
    let Some(expected) = to_minor(p.amount.0, &p.currency) else {
        return Some(format!("payment {} has an amount out of range", p.id));
    };
    if p.method != PaymentMethod::Card
        || !matches!(
            p.purpose,
            PaymentPurpose::AutoTopUp | PaymentPurpose::AutoCharge
        )
    {
        return Some(format!("payment {} is not an automatic charge", p.id));
    }
    if meta_uuid(&pi.metadata, "payment_id") != Some(p.id.into()) {
        return Some(format!("does not carry the id of payment {}", p.id));
    }
    if p.payment_intent_id
        .as_deref()
        .is_some_and(|ours| ours != pi.id)
    {
        return Some(format!(
            "payment {} was paid by another PaymentIntent",
            p.id
        ));
    }
    if pi.amount != expected || !same_currency(&pi.currency, &p.currency) {
        return Some(format!(
            "{} {} asked, payment {} is of {expected} {}",
            pi.amount, pi.currency, p.id, p.currency
        ));
    }
    None
}

/// A PaymentIntent succeeded. Re-read from the seller's Stripe account; a
/// payment made through Checkout is settled from the session we created
/// for it (which must name this intent); an automatic charge only when the
/// intent is ours and for exactly the payment's amount.
async fn intent_succeeded(
    deps: Deps<'_>,
    g: &Gateway,
    tenant: TenantId,
    id: &str,
) -> AppResult<Outcome> {
    let Some(pi) = found(g.api.payment_intent(id).await)? else {
        return Ok(Outcome::Ignored);
    };
    let Some(p) = payment_of_intent(deps, g, tenant, &pi).await? else {
        return Ok(Outcome::Ignored);
    };
    if let Some(session) = &p.checkout_session_id {
        let Some(session) = found(g.api.checkout_session(session).await)? else {
            refuse(
                &pi.id,
                &format!("the session of payment {} cannot be read", p.id),
            );
            return Ok(Outcome::Ignored);
        };
        let verdict = settle_paid_session(deps, g, tenant, &session, Some(&pi.id)).await?;
        return Ok(outcome(verdict));
    }
    if let Some(why) = off_session_mismatch(&p, &pi) {
        refuse(&pi.id, &why);
        return Ok(Outcome::Ignored);
    }
    let Some(expected) = to_minor(p.amount.0, &p.currency) else {
        return Ok(Outcome::Ignored);
    };
    if pi.status != "succeeded" || pi.amount_received != expected {
        refuse(
            &pi.id,
            &format!(
                "{} received ({}), not {expected}",
                pi.amount_received, pi.status
            ),
        );
        return Ok(Outcome::Ignored);
    }
    let save = pi.setup_future_usage.is_some();
    let card = card_of(
        g.api.as_ref(),
        pi.payment_method.as_deref(),
        pi.customer.as_deref(),
    )
    .await;
    let tx = deps.repos().tenant(tenant).await?;
    settle::succeed(
        &tx,
        deps,
        p.id,
        Some(p.amount.0),
        Some(&pi.id),
        card.as_ref(),
        save,
    )
    .await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(Outcome::Processed)
}

/// An off-session charge failed (they carry their attempt number; a
/// failure on the Checkout page is the customer's to retry there).
/// Re-read from the seller's Stripe account, and recorded only for our
/// automatic payment of this seller that the intent matches.
async fn intent_failed(
    deps: Deps<'_>,
    g: &Gateway,
    tenant: TenantId,
    id: &str,
) -> AppResult<Outcome> {
    let Some(pi) = found(g.api.payment_intent(id).await)? else {
        return Ok(Outcome::Ignored);
    };
    let Some(attempt) = pi
        .metadata
        .get("attempt")
        .and_then(|a| a.parse::<i32>().ok())
    else {
        return Ok(Outcome::Ignored);
    };
    let Some(p) = payment_of_intent(deps, g, tenant, &pi).await? else {
        return Ok(Outcome::Ignored);
    };
    if let Some(why) = off_session_mismatch(&p, &pi) {
        refuse(&pi.id, &why);
        return Ok(Outcome::Ignored);
    }
    if pi.status == "succeeded" || attempt < 1 || attempt > p.attempts + 1 {
        refuse(
            &pi.id,
            &format!("attempt {attempt} ({}) of payment {}", pi.status, p.id),
        );
        return Ok(Outcome::Ignored);
    }
    let message = pi
        .last_payment_error
        .and_then(|e| e.message)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "the card was declined".to_owned());
    let tx = deps.repos().tenant(tenant).await?;
    settle::fail(&tx, deps, p.id, attempt, &message).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(Outcome::Processed)
}

/// A refund made in Stripe's dashboard (not through us): the charge is
/// re-read from the seller's Stripe account, and for our payment of this
/// seller that it paid, the difference between Stripe's refunded total and
/// ours (pending refunds counted) is recorded as a refund.
async fn refunded_elsewhere(
    deps: Deps<'_>,
    g: &Gateway,
    tenant: TenantId,
    id: &str,
) -> AppResult<Outcome> {
    let Some(charge) = found(g.api.charge(id).await)? else {
        return Ok(Outcome::Ignored);
    };
    let Some(pi) = charge.payment_intent.as_deref() else {
        return Ok(Outcome::Ignored);
    };
    let tx = deps.repos().tenant(tenant).await?;
    let Some(p) = tx.payments().payment_by_intent(pi).await? else {
        deps.mail().after_commit(tx.commit().await?);
        return Ok(Outcome::Ignored);
    };
    let account = tx.customers().account_for_update(p.account_id).await?;
    if account.is_none_or(|a| a.seller_id != g.row.seller_id) {
        deps.mail().after_commit(tx.commit().await?);
        refuse(
            &charge.id,
            &format!("payment {} is not of this seller", p.id),
        );
        return Ok(Outcome::Ignored);
    }
    let Some(p) = tx.payments().payment(p.id).await? else {
        deps.mail().after_commit(tx.commit().await?);
        return Ok(Outcome::Ignored);
    };
    if to_minor(p.amount.0, &p.currency) != Some(charge.amount)
        || !same_currency(&charge.currency, &p.currency)
        || !(0..=charge.amount).contains(&charge.amount_refunded)
    {
        deps.mail().after_commit(tx.commit().await?);
        refuse(
            &charge.id,
            &format!(
                "{} refunded of {} {}, payment {} is of {} {}",
                charge.amount_refunded,
                charge.amount,
                charge.currency,
                p.id,
                p.amount.0,
                p.currency
            ),
        );
        return Ok(Outcome::Ignored);
    }
    let ours: rust_decimal::Decimal = tx
        .payments()
        .refunds_of(&[p.id])
        .await?
        .iter()
        .filter(|r| r.status != RefundStatus::Failed)
        .map(|r| r.amount.0)
        .sum();
    let theirs = super::from_minor(charge.amount_refunded, &p.currency);
    if theirs <= ours {
        deps.mail().after_commit(tx.commit().await?);
        return Ok(Outcome::Ignored);
    }
    let r = settle::new_refund(
        &tx,
        deps,
        p.id,
        theirs - ours,
        "refunded in Stripe",
        "stripe",
    );
    let r = tx.payments().insert_refund(r).await?;
    settle::refund_done(&tx, deps, r.id, None).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(Outcome::Processed)
}
