//! A seller's own Stripe account: connecting it (the keys are checked,
//! our webhook endpoint is registered and its signing secret kept, both
//! sealed at rest), and opening a client for it.

use super::stripe_api::{StripeClient, StripeFailure};
use crate::auth::secret_box::Binding;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use ringledger_db::entities::payment_gateways;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::payments::{ConnectStripeRequest, PaymentSettingsView};
use ringledger_shared::error::FieldError;
use ringledger_shared::ids::TenantId;
use uuid::Uuid;

/// The events our endpoint subscribes to.
pub const EVENTS: &[&str] = &[
    "checkout.session.completed",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "setup_intent.succeeded",
    "charge.refunded",
];

/// A connected Stripe account, ready to call.
pub struct Gateway {
    /// The client.
    pub api: Box<dyn StripeClient>,
    /// The stored connection.
    pub row: payment_gateways::Model,
    /// The webhook signing secret, opened.
    pub webhook_secret: String,
}

/// Where Stripe sends a seller's events.
pub fn webhook_url(deps: Deps<'_>, tenant: TenantId, seller: Uuid) -> String {
    format!(
        "{}/api/v1/webhooks/stripe/{}/{seller}",
        deps.public_url(&deps.settings().base_domain),
        tenant.as_uuid()
    )
}

/// The seller's gateway, if connected.
pub async fn of_seller(deps: Deps<'_>, tx: &TenantTx, seller: Uuid) -> AppResult<Option<Gateway>> {
    let Some(row) = tx.payments().gateway(seller).await? else {
        return Ok(None);
    };
    let tenant = row.tenant_id;
    let secret = deps
        .secrets()
        .open(&row.secret_key_sealed, &Binding::stripe_key(tenant, seller))
        .map_err(AppError::internal)?;
    let webhook_secret = deps
        .secrets()
        .open(
            &row.webhook_secret_sealed,
            &Binding::stripe_webhook(tenant, seller),
        )
        .map_err(AppError::internal)?;
    let api = deps
        .stripe()
        .connect(&secret)
        .map_err(|e| AppError::internal(anyhow::anyhow!(e.to_string())))?;
    Ok(Some(Gateway {
        api,
        row,
        webhook_secret,
    }))
}

/// The seller's gateway, or `409 payments_not_configured`.
pub async fn require(deps: Deps<'_>, tx: &TenantTx, seller: Uuid) -> AppResult<Gateway> {
    of_seller(deps, tx, seller)
        .await?
        .ok_or_else(not_configured)
}

/// `409 payments_not_configured`.
pub fn not_configured() -> AppError {
    AppError::new(
        ErrorCode::PaymentsNotConfigured,
        "card payments are not configured: the operator has not connected a Stripe account",
    )
}

/// The settings view of a seller.
pub fn view(
    deps: Deps<'_>,
    tenant: TenantId,
    seller: Uuid,
    grace_days: i32,
    row: Option<&payment_gateways::Model>,
) -> PaymentSettingsView {
    PaymentSettingsView {
        configured: row.is_some(),
        mode: row.map(|r| if r.livemode { "live" } else { "test" }.to_owned()),
        key_hint: row.map(|r| r.key_hint.clone()),
        publishable_key: row.map(|r| r.publishable_key.clone()),
        webhook_url: webhook_url(deps, tenant, seller),
        connected_at: row.map(|r| r.connected_at),
        connected_by: row.map(|r| r.connected_by.clone()),
        grace_days: grace_days.max(0) as u32,
    }
}

/// The checked keys of a connect request.
struct Keys {
    secret: String,
    publishable: String,
    live: bool,
}

fn parse_keys(req: &ConnectStripeRequest) -> Result<Keys, Vec<FieldError>> {
    let mut errors = Vec::new();
    let secret = req.secret_key.trim().to_owned();
    let publishable = req.publishable_key.trim().to_owned();
    let secret_mode = ["sk_test_", "rk_test_", "sk_live_", "rk_live_"]
        .iter()
        .find(|p| secret.starts_with(**p))
        .map(|p| p.ends_with("live_"));
    let well_formed = |k: &str| {
        k.len() >= 12 && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    if secret_mode.is_none() || !well_formed(&secret) {
        errors.push(FieldError::new(
            "secret_key",
            "must be a Stripe secret key (sk_test_…, sk_live_…) or restricted key (rk_…)",
        ));
    }
    let pub_mode = if publishable.starts_with("pk_test_") {
        Some(false)
    } else if publishable.starts_with("pk_live_") {
        Some(true)
    } else {
        None
    };
    if pub_mode.is_none() || !well_formed(&publishable) {
        errors.push(FieldError::new(
            "publishable_key",
            "must be a Stripe publishable key (pk_test_… or pk_live_…)",
        ));
    } else if secret_mode.is_some() && pub_mode != secret_mode {
        errors.push(FieldError::new(
            "publishable_key",
            "is not of the same mode (test or live) as the secret key",
        ));
    }
    if let Some(g) = req.grace_days
        && g > 90
    {
        errors.push(FieldError::new("grace_days", "0 to 90 days"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Keys {
        secret,
        publishable,
        live: secret_mode.unwrap_or(false),
    })
}

/// Connects (or replaces) the seller's Stripe account, as `staff` (named
/// `actor`; the audit log records it).
pub async fn connect(
    deps: Deps<'_>,
    staff: &crate::auth::principal::StaffPrincipal,
    req: &ConnectStripeRequest,
    actor: &str,
) -> AppResult<PaymentSettingsView> {
    let (tenant, seller) = (staff.tenant_id, staff.seller_id);
    let keys = parse_keys(req).map_err(AppError::from_fields)?;
    let api = deps
        .stripe()
        .connect(&keys.secret)
        .map_err(|e| AppError::internal(anyhow::anyhow!(e.to_string())))?;
    api.check_key().await.map_err(|e| match e {
        StripeFailure::Unavailable(_) => super::failure_error(e),
        other => AppError::from(FieldError::new(
            "secret_key",
            format!("Stripe refused this key ({other})"),
        )),
    })?;
    let seller_id = seller.as_uuid();
    let endpoint = api
        .create_webhook_endpoint(
            &webhook_url(deps, tenant, seller_id),
            EVENTS,
            &format!("webhook-endpoint:{}", Uuid::now_v7()),
        )
        .await
        .map_err(super::failure_error)?;
    let Some(webhook_secret) = endpoint.secret.filter(|s| !s.is_empty()) else {
        return Err(AppError::internal(anyhow::anyhow!(
            "Stripe returned a webhook endpoint without its secret"
        )));
    };
    let sealed_key = deps
        .secrets()
        .seal(
            &keys.secret,
            &Binding::stripe_key(tenant.as_uuid(), seller_id),
        )
        .map_err(AppError::internal)?;
    let sealed_hook = deps
        .secrets()
        .seal(
            &webhook_secret,
            &Binding::stripe_webhook(tenant.as_uuid(), seller_id),
        )
        .map_err(AppError::internal)?;
    let now = deps.clock().now();
    let row = payment_gateways::Model {
        tenant_id: tenant.as_uuid(),
        seller_id,
        provider: ringledger_shared::status::PaymentProvider::Stripe,
        secret_key_sealed: sealed_key,
        key_hint: keys
            .secret
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect(),
        publishable_key: keys.publishable,
        livemode: keys.live,
        webhook_endpoint_id: endpoint.id.chars().take(64).collect(),
        webhook_secret_sealed: sealed_hook,
        connected_by: actor.chars().take(100).collect(),
        connected_at: now,
    };
    let tx = deps.repos().tenant(tenant).await?;
    let previous = of_seller(deps, &tx, seller_id).await?;
    tx.payments().save_gateway(row.clone()).await?;
    if let Some(g) = req.grace_days {
        tx.payments().set_grace_days(seller_id, g as i32).await?;
    }
    let grace = tx.seller(seller).await?.map(|s| s.grace_days).unwrap_or(14);
    let event = crate::audit::Event::new("settings.payments_connected", "seller", seller_id)
        .changes(
            crate::audit::Changes::none()
                .set(
                    "stripe_account_ending",
                    previous.as_ref().map(|p| p.row.key_hint.clone()),
                    &row.key_hint,
                )
                .to("livemode", row.livemode),
        );
    crate::audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    if let Some(old) = previous {
        // Best effort: the old endpoint would only send events we refuse.
        if let Err(e) = old
            .api
            .delete_webhook_endpoint(&old.row.webhook_endpoint_id)
            .await
        {
            tracing::warn!(error = %e, "could not remove the previous Stripe webhook endpoint");
        }
    }
    Ok(view(deps, tenant, seller_id, grace, Some(&row)))
}

/// Disconnects the seller's Stripe account, as `staff`.
pub async fn disconnect(
    deps: Deps<'_>,
    staff: &crate::auth::principal::StaffPrincipal,
) -> AppResult<()> {
    let (tenant, seller) = (staff.tenant_id, staff.seller_id);
    let tx = deps.repos().tenant(tenant).await?;
    let previous = of_seller(deps, &tx, seller.as_uuid()).await?;
    tx.payments().delete_gateway(seller.as_uuid()).await?;
    if previous.is_some() {
        let event =
            crate::audit::Event::new("settings.payments_disconnected", "seller", seller.as_uuid());
        crate::audit::by_staff(&tx, staff, event).await?;
    }
    tx.commit().await?;
    if let Some(old) = previous
        && let Err(e) = old
            .api
            .delete_webhook_endpoint(&old.row.webhook_endpoint_id)
            .await
    {
        tracing::warn!(error = %e, "could not remove the Stripe webhook endpoint");
    }
    Ok(())
}
