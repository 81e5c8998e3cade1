//! `POST /api/v1/tenants`: an operator signs its company up.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, post, web};
use ringledger_core::auth::{password, session};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::views::tenant_view;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{sellers, tenants, users};
use ringledger_db::repo::is_unique_violation;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{SignupRequest, SignupResponse, TenantStatus};
use ringledger_shared::billing::TaxMode;
use ringledger_shared::ids::TenantId;
use ringledger_shared::status::{AccountKind, MarkupKind, SellerKind, StaffRole};
use uuid::Uuid;

fn slug_taken() -> AppError {
    AppError::new(ErrorCode::SlugTaken, "this portal address is already taken").with_field("slug")
}

/// Creates the tenant, its operator seller (with a default brand) and the
/// owner login, atomically, and returns the owner's first session.
#[utoipa::path(post, path = "/api/v1/tenants", tag = "tenants", request_body = SignupRequest, responses(
    (status = 201, body = SignupResponse),
    (status = 400, description = "a field is invalid", body = ringledger_shared::error::ErrorBody),
    (status = 409, description = "slug taken", body = ringledger_shared::error::ErrorBody)))]
#[post("/tenants")]
pub async fn create_tenant(
    state: web::Data<AppState>,
    body: JsonBody<SignupRequest>,
) -> ApiResult<HttpResponse> {
    let signup = body.0.parse().map_err(AppError::from_fields)?;
    let password_hash = password::hash(signup.password.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let now = state.clock().now();
    let tenant_id = Uuid::now_v7();

    let platform = state.repos().platform().await?;
    if platform
        .tenant_by_slug(signup.slug.as_str())
        .await?
        .is_some()
    {
        return Err(slug_taken().into());
    }
    let plan = ringledger_core::services::payments::platform::initial(&state, now);
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
    let seller = tx
        .insert_seller(sellers::Model {
            tenant_id,
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
        })
        .await?;
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
        })
        .await?;
    let session = session::issue_staff(&state, &tx, &user, &tenant, None).await?;
    tx.commit().await?;

    tracing::info!(tenant = %tenant_id, slug = %tenant.slug, "operator signed up");
    Ok(HttpResponse::Created()
        .cookie(crate::cookies::refresh_cookie(
            &state,
            &session.refresh_token,
        ))
        .json(SignupResponse {
            tenant: tenant_view(&state, &tenant),
            session,
        }))
}
