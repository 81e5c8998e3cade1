//! Operators pay for Ringledger: a monthly plan on the platform's own
//! Stripe account (Checkout in subscription mode, with trial days). The
//! platform's webhook keeps each tenant's plan status; a tenant unpaid for
//! longer than the grace period is suspended, and paying lifts it.

use super::failure_error;
use super::stripe_api::{Metadata, StripeClient, Subscription, SubscriptionCheckout};
use super::webhook::{Outcome, parse};
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use chrono::{DateTime, Duration, Utc};
use ringledger_db::entities::tenants;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::api::payments::SubscriptionView;
use ringledger_shared::ids::TenantId;
use ringledger_shared::status::PlanStatus;
use secrecy::ExposeSecret;
use uuid::Uuid;

/// A new tenant's plan.
pub struct PlanStart {
    /// `none` (the platform does not bill) or `trialing`.
    pub status: PlanStatus,
    /// End of the trial.
    pub period_end: Option<DateTime<Utc>>,
}

/// Whether the platform bills operators (a platform key is set).
pub fn billing_enabled(deps: Deps<'_>) -> bool {
    deps.settings()
        .platform_stripe_secret_key
        .as_ref()
        .is_some_and(|k| !k.expose_secret().trim().is_empty())
}

/// The plan a tenant starts on.
pub fn initial(deps: Deps<'_>, now: DateTime<Utc>) -> PlanStart {
    if billing_enabled(deps) {
        PlanStart {
            status: PlanStatus::Trialing,
            period_end: Some(now + Duration::days(i64::from(deps.settings().platform_trial_days))),
        }
    } else {
        PlanStart {
            status: PlanStatus::None,
            period_end: None,
        }
    }
}

fn api(deps: Deps<'_>) -> AppResult<Box<dyn StripeClient>> {
    let key = deps
        .settings()
        .platform_stripe_secret_key
        .as_ref()
        .map(|k| k.expose_secret().to_owned())
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::PaymentsNotConfigured,
                "this Ringledger installation does not bill operators",
            )
        })?;
    deps.stripe()
        .connect(&key)
        .map_err(|e| AppError::internal(anyhow::anyhow!(e.to_string())))
}

/// When a tenant in `t`'s state gets suspended, if it stays unpaid.
fn suspends_at(deps: Deps<'_>, t: &tenants::Model) -> Option<DateTime<Utc>> {
    let grace = Duration::days(i64::from(deps.settings().platform_grace_days));
    match t.plan_status {
        PlanStatus::PastDue | PlanStatus::Canceled => {
            Some(t.past_due_since.unwrap_or(t.updated_at) + grace)
        }
        PlanStatus::Trialing if t.stripe_subscription_id.is_none() => {
            t.plan_period_end.map(|e| e + grace)
        }
        _ => None,
    }
}

/// The tenant's plan, as the console shows it.
pub fn view(deps: Deps<'_>, t: &tenants::Model) -> SubscriptionView {
    SubscriptionView {
        billing_enabled: billing_enabled(deps),
        status: t.plan_status.to_string(),
        period_end: t.plan_period_end,
        past_due_since: t.past_due_since,
        suspends_at: suspends_at(deps, t),
        trial_days: deps.settings().platform_trial_days,
    }
}

/// Starts (or resumes) paying for Ringledger: a Checkout Session in
/// subscription mode; the trial days left carry over.
pub async fn checkout(deps: Deps<'_>, tenant: TenantId, email: &str) -> AppResult<String> {
    let api = api(deps)?;
    let price = deps.settings().platform_price_id.trim().to_owned();
    if price.is_empty() {
        return Err(AppError::new(
            ErrorCode::PaymentsNotConfigured,
            "no platform price is configured (RINGLEDGER_PLATFORM_PRICE_ID)",
        ));
    }
    let tx = deps.repos().platform_read().await?;
    let t = tx
        .tenant(tenant)
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    tx.commit().await?;
    if t.plan_status == PlanStatus::Active && t.stripe_subscription_id.is_some() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "the plan is already paid",
        ));
    }
    let now = deps.clock().now();
    let trial = match (t.plan_status, t.plan_period_end) {
        (PlanStatus::Trialing, Some(end)) if end > now => {
            Some(((end - now).num_hours() / 24).max(1) as u32)
        }
        _ => None,
    };
    let mut meta = Metadata::new();
    meta.insert("tenant_id".into(), tenant.as_uuid().to_string());
    // The console runs on the operator's portal host.
    let console = format!("{}/console/settings", deps.portal_url(&t.slug));
    let session = api
        .subscription_checkout(
            &SubscriptionCheckout {
                customer_email: email,
                price: &price,
                trial_days: trial,
                success_url: &format!("{console}?checkout={{CHECKOUT_SESSION_ID}}"),
                cancel_url: &format!("{console}?checkout=canceled"),
                metadata: &meta,
            },
            &format!("plan:{}:{}", tenant.as_uuid(), Uuid::now_v7()),
        )
        .await
        .map_err(failure_error)?;
    session
        .url
        .filter(|u| !u.is_empty())
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("Stripe returned no Checkout URL")))
}

/// Applies the current state of a subscription to its tenant.
async fn apply(deps: Deps<'_>, tenant: Uuid, sub: &Subscription) -> AppResult<()> {
    let now = deps.clock().now();
    let tx = deps.repos().platform().await?;
    let Some(mut t) = tx.tenant(TenantId(tenant)).await? else {
        return Ok(());
    };
    // A different, newer subscription wins over events of an older one.
    if t.stripe_subscription_id
        .as_deref()
        .is_some_and(|s| s != sub.id)
        && matches!(t.plan_status, PlanStatus::Active | PlanStatus::Trialing)
        && sub.status != "active"
        && sub.status != "trialing"
    {
        tx.commit().await?;
        return Ok(());
    }
    t.stripe_subscription_id = Some(sub.id.chars().take(64).collect());
    if let Some(c) = &sub.customer {
        t.stripe_customer_id = Some(c.chars().take(64).collect());
    }
    t.plan_period_end = sub
        .current_period_end
        .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
        .or(t.plan_period_end);
    let status = match sub.status.as_str() {
        "trialing" => PlanStatus::Trialing,
        "active" => PlanStatus::Active,
        "canceled" | "incomplete_expired" => PlanStatus::Canceled,
        _ => PlanStatus::PastDue,
    };
    t.plan_status = status;
    if matches!(status, PlanStatus::Active | PlanStatus::Trialing) {
        // Suspended for not paying: paying lifts it.
        if t.past_due_since.is_some() && t.status == TenantStatus::Suspended {
            t.status = TenantStatus::Active;
        }
        t.past_due_since = None;
    } else if t.past_due_since.is_none() {
        t.past_due_since = Some(now);
    }
    t.updated_at = now;
    tx.save_tenant_plan(t).await?;
    tx.commit().await?;
    Ok(())
}

/// Handles one delivery to the platform's endpoint.
pub async fn handle_webhook(
    deps: Deps<'_>,
    body: &[u8],
    header: Option<&str>,
) -> AppResult<Outcome> {
    let secret = deps
        .settings()
        .platform_stripe_webhook_secret
        .as_ref()
        .map(|s| s.expose_secret().to_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AppError::not_found("webhook endpoint"))?;
    super::webhook::verify(body, header, &secret)?;
    let event = parse(body)?;
    let tx = deps.repos().platform_read().await?;
    let seen = tx.platform_event_seen(&event.id).await?;
    tx.commit().await?;
    if seen {
        return Ok(Outcome::Duplicate);
    }
    let obj = &event.data.object;
    // The subscription's current state is read from Stripe, so events
    // arriving out of order all converge on the latest deps.
    let sub_id = match event.kind.as_str() {
        "checkout.session.completed" => obj.get("subscription").and_then(|v| v.as_str()),
        "customer.subscription.created"
        | "customer.subscription.updated"
        | "customer.subscription.deleted" => obj.get("id").and_then(|v| v.as_str()),
        "invoice.paid" | "invoice.payment_failed" => {
            obj.get("subscription").and_then(|v| v.as_str())
        }
        _ => None,
    };
    let outcome = match sub_id {
        Some(id) => {
            let api = api(deps)?;
            let sub = api.subscription(id).await.map_err(failure_error)?;
            let tenant = match sub
                .metadata
                .get("tenant_id")
                .and_then(|t| t.parse::<Uuid>().ok())
            {
                Some(t) => Some(t),
                None => {
                    let tx = deps.repos().platform_read().await?;
                    let t = tx.tenant_by_subscription(&sub.id).await?.map(|t| t.id);
                    tx.commit().await?;
                    t
                }
            };
            match tenant {
                Some(t) => {
                    apply(deps, t, &sub).await?;
                    Outcome::Processed
                }
                None => Outcome::Ignored,
            }
        }
        None => Outcome::Ignored,
    };
    let tx = deps.repos().platform().await?;
    let fresh = tx
        .record_platform_event(&event.id, &event.kind, deps.clock().now())
        .await?;
    tx.commit().await?;
    Ok(if fresh { outcome } else { Outcome::Duplicate })
}

/// Suspends active tenants whose plan is unpaid past the grace period
/// (or whose trial ended without a plan). Returns how many.
pub async fn enforce(deps: Deps<'_>) -> AppResult<usize> {
    if !billing_enabled(deps) {
        return Ok(0);
    }
    let now = deps.clock().now();
    // Read first (this runs every minute): a write transaction would move
    // the platform's write generation even when nothing changes.
    let tx = deps.repos().platform_read().await?;
    let (tenants, _) = tx.list_tenants(0, 100_000).await?;
    tx.commit().await?;
    let due: Vec<tenants::Model> = tenants
        .into_iter()
        .filter(|t| {
            t.status == TenantStatus::Active && suspends_at(deps, t).is_some_and(|at| at <= now)
        })
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let tx = deps.repos().platform().await?;
    let mut n = 0;
    for mut t in due {
        if t.past_due_since.is_none() {
            t.past_due_since = t.plan_period_end.or(Some(now));
            t.plan_status = PlanStatus::PastDue;
        }
        t.status = TenantStatus::Suspended;
        t.updated_at = now;
        tx.save_tenant_plan(t).await?;
        n += 1;
    }
    tx.commit().await?;
    Ok(n)
}
