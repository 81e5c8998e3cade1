//! An operator signs its company up: the tenant, its operator seller (with
//! a default brand) and the owner's login, atomically, and the owner's
//! first session.

use crate::auth::{password, rate_limit, session};
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::staff_email;
use crate::views::tenant_view;
use chrono::{DateTime, Utc};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{sellers, tenants, users};
use ringledger_db::repo::is_unique_violation;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{SignupRequest, SignupResponse, TenantStatus};
use ringledger_shared::billing::TaxMode;
use ringledger_shared::ids::TenantId;
use ringledger_shared::locale::Locale;
use ringledger_shared::status::{AccountKind, MarkupKind, SellerKind, StaffRole};
use std::net::IpAddr;
use uuid::Uuid;

/// `409 slug_taken`, naming the field.
fn slug_taken() -> AppError {
    AppError::new(ErrorCode::SlugTaken, "this portal address is already taken").with_field("slug")
}

/// Creates the tenant, its operator seller and the owner login in one
/// transaction, and answers the new tenant with the owner's first session
/// and its hand-off token. Sign-ups from one client address are limited
/// (`operator_signups_per_ip_per_hour`), before any password is hashed.
pub async fn create_tenant(
    deps: Deps<'_>,
    req: &SignupRequest,
    ip: Option<IpAddr>,
) -> Result<SignupResponse, AppError> {
    let signup = req.parse().map_err(AppError::from_fields)?;
    if !rate_limit::check_operator_signup(deps.repos(), deps.settings(), ip).await? {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many sign-ups from your network; try again in an hour",
        ));
    }
    let password_hash = password::hash(signup.password.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let now = deps.clock().now();
    let tenant_id = Uuid::now_v7();

    let platform = deps.repos().platform().await?;
    if platform
        .tenant_by_slug(signup.slug.as_str())
        .await?
        .is_some()
    {
        return Err(slug_taken());
    }
    let plan = crate::services::payments::platform::initial(deps, now);
    let tenant = platform
        .insert_tenant(tenants::Model {
            id: tenant_id,
            slug: signup.slug.to_string(),
            company_name: signup.company_name.as_str().to_owned(),
            currency: signup.currency.to_string(),
            country: signup.country.map(|c| c.as_str().to_owned()),
            status: TenantStatus::Active,
            created_at: now,
            updated_at: now,
            plan_status: plan.status,
            stripe_customer_id: None,
            stripe_subscription_id: None,
            plan_period_end: plan.period_end,
            past_due_since: None,
        })
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                slug_taken()
            } else {
                e.into()
            }
        })?;

    let tx = platform.into_tenant(TenantId(tenant_id)).await?;
    let seller = tx.insert_seller(operator_seller(&tenant, now)).await?;
    let user = tx
        .insert_user(users::Model {
            tenant_id,
            id: Uuid::now_v7(),
            seller_id: seller.id,
            email: signup.email.to_string(),
            password_hash,
            role: StaffRole::Owner,
            created_at: now,
            last_login_at: Some(now),
            email_verified_at: None,
            email_token_hash: None,
            email_token_expires_at: None,
            deactivated_at: None,
            totp_secret: None,
            totp_pending: None,
            totp_enabled_at: None,
            totp_last_step: None,
            recovery_codes: None,
        })
        .await?;
    // The owner proves the address before the console takes payments or
    // creates resellers.
    let portal = deps.portal_url(&tenant.slug);
    staff_email::send_link(
        &tx,
        &user,
        &portal,
        &tenant.company_name,
        now,
        staff_email::LinkFor::Welcome,
    )
    .await?;
    // Its refresh token is a short-lived hand-off token: the browser signed
    // up on the platform's site and carries it to the new portal's.
    let session = session::issue_handoff(deps, &tx, &user, &tenant).await?;
    deps.mail().after_commit(tx.commit().await?);

    tracing::info!(tenant = %tenant_id, slug = %tenant.slug, "operator signed up");
    Ok(SignupResponse {
        tenant: tenant_view(deps.urls(), &tenant),
        session: session.view,
        handoff_token: session.refresh_token,
    })
}

/// The new tenant's operator seller, with the default brand and terms.
fn operator_seller(tenant: &tenants::Model, now: DateTime<Utc>) -> sellers::Model {
    sellers::Model {
        tenant_id: tenant.id,
        id: Uuid::now_v7(),
        kind: SellerKind::Operator,
        parent_id: None,
        slug: tenant.slug.clone(),
        name: tenant.company_name.clone(),
        primary_color: "#1d4ed8".into(),
        accent_color: "#f59e0b".into(),
        support_email: None,
        created_at: now,
        pin_length: 10,
        account_kind: AccountKind::Prepaid,
        default_credit_limit: DbDecimal::default(),
        billing_day: 1,
        invoice_prefix: "INV-".into(),
        next_invoice_number: 1,
        next_credit_note_number: 1,
        address: String::new(),
        tax_id: String::new(),
        tax_mode: TaxMode::Exclusive,
        payment_terms_days: 14,
        grace_days: 14,
        markup_kind: MarkupKind::Percent,
        markup_value: DbDecimal::default(),
        reseller_fee: DbDecimal::default(),
        wholesale_account_id: None,
        max_reseller_depth: 2,
        own_deck_id: None,
        require_two_factor: false,
        sip_server: None,
        languages: Locale::join(&Locale::ALL),
        mask_called_digits: 0,
        itemized_invoices: false,
        on_net_rate: DbDecimal::default(),
    }
}
