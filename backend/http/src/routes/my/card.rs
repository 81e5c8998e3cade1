//! The customer's saved card and auto top-up: `GET /api/v1/my/payment-profile`,
//! `POST /api/v1/my/card` (save one on Stripe Checkout), `DELETE /api/v1/my/card`,
//! `PUT /api/v1/my/auto-top-up`.

use super::my_account;
use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{delete, get, post, put, web};
use ringledger_core::auth::principal::CustomerPrincipal;
use ringledger_core::error::AppError;
use ringledger_core::services::payments::{checkout, saved_card, settle, views::payment_view};
use ringledger_core::state::AppState;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::payments::{AutoTopUpRequest, CheckoutView, PaymentProfileView};
use ringledger_shared::error::FieldError;
use ringledger_shared::money::Currency;
use ringledger_shared::status::PaymentStatus;
use ringledger_shared::validate;
use uuid::Uuid;

async fn profile_view(state: &AppState, me: &CustomerPrincipal) -> ApiResult<PaymentProfileView> {
    let tx = state.repos().tenant_read(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let profile = tx.profile(account.id).await?;
    let configured = tx.gateway(me.seller_id.as_uuid()).await?.is_some();
    let rows = tx.payments_of_account(account.id, 50).await?;
    let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
    let refunds = tx.refunds_of(&ids).await?;
    tx.commit().await?;
    let card = profile.as_ref().and_then(saved_card);
    Ok(PaymentProfileView {
        card_payments: configured,
        card,
        auto_top_up: profile.as_ref().is_some_and(|p| p.auto_top_up),
        auto_top_up_below: profile
            .as_ref()
            .and_then(|p| p.auto_top_up_below.map(|d| d.0)),
        auto_top_up_amount: profile
            .as_ref()
            .and_then(|p| p.auto_top_up_amount.map(|d| d.0)),
        payments: rows
            .iter()
            .filter(|p| p.status != PaymentStatus::Canceled)
            .map(|p| payment_view(p, &refunds, Some(customer.id)))
            .collect(),
    })
}

/// The saved card, auto top-up and payments of the calling customer.
#[utoipa::path(get, path = "/api/v1/my/payment-profile", tag = "customer", security(("bearer" = [])),
    responses((status = 200, body = PaymentProfileView)))]
#[get("/my/payment-profile")]
pub async fn get_payment_profile(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PaymentProfileView>> {
    profile_view(&state, &me).await.map(web::Json)
}

/// Saves a card on Stripe Checkout (no payment now).
#[utoipa::path(post, path = "/api/v1/my/card", tag = "customer", security(("bearer" = [])),
    responses((status = 200, body = CheckoutView), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/card")]
pub async fn save_card(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<CheckoutView>> {
    Ok(web::Json(checkout::save_card(&state, &me).await?))
}

/// Forgets the saved card (auto top-up goes off with it).
#[utoipa::path(delete, path = "/api/v1/my/card", tag = "customer", security(("bearer" = [])),
    responses((status = 200, body = PaymentProfileView)))]
#[delete("/my/card")]
pub async fn remove_card(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PaymentProfileView>> {
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (_, account) = my_account(&tx, &me).await?;
    if let Some(mut p) = tx.profile(account.id).await? {
        p.payment_method_id = None;
        p.card_brand = None;
        p.card_last4 = None;
        p.auto_top_up = false;
        p.updated_at = state.clock().now();
        tx.save_profile(p).await?;
    }
    tx.commit().await?;
    profile_view(&state, &me).await.map(web::Json)
}

/// Turns auto top-up on (needs a saved card) or off.
#[utoipa::path(put, path = "/api/v1/my/auto-top-up", tag = "customer", request_body = AutoTopUpRequest,
    security(("bearer" = [])),
    responses((status = 200, body = PaymentProfileView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[put("/my/auto-top-up")]
pub async fn set_auto_top_up(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<AutoTopUpRequest>,
) -> ApiResult<web::Json<PaymentProfileView>> {
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (_, account) = my_account(&tx, &me).await?;
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let mut profile = tx
        .profile(account.id)
        .await?
        .unwrap_or_else(|| settle::empty_profile(&tx, account.id, &state));
    if body.0.enabled {
        let mut errors = Vec::new();
        let below =
            validate::price("below", body.0.below.trim(), currency).map_err(|e| errors.push(e));
        let amount = validate::positive_amount("amount", &body.0.amount, currency)
            .map_err(|e| errors.push(e));
        if let Ok(a) = amount
            && a > rust_decimal::Decimal::from(10_000)
        {
            errors.push(FieldError::new("amount", "at most 10000 at a time"));
        }
        if !errors.is_empty() {
            return Err(AppError::from_fields(errors).into());
        }
        if profile.payment_method_id.is_none() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "save a card first: auto top-up charges the saved card",
            )
            .into());
        }
        profile.auto_top_up_below = below.ok().map(DbDecimal);
        profile.auto_top_up_amount = amount.ok().map(DbDecimal);
    }
    profile.auto_top_up = body.0.enabled;
    profile.updated_at = state.clock().now();
    tx.save_profile(profile).await?;
    tx.commit().await?;
    profile_view(&state, &me).await.map(web::Json)
}
