//! `GET /api/v1/subscription` and `POST /api/v1/subscription/checkout`:
//! the operator's own Ringledger plan.

use crate::error::ApiResult;
use crate::extract::Operator;
use actix_web::{get, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::payments::subscription::{self as use_case, SubscriptionError};
use ringledger_shared::api::payments::{CheckoutView, SubscriptionView};

crate::edge!(SubscriptionError {
    TenantNotFound => NotFound,
});

/// The operator's plan: status, period, when an unpaid tenant is suspended.
#[utoipa::path(get, path = "/api/v1/subscription", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = SubscriptionView),
        (status = 403, description = "a reseller's staff", body = ringledger_shared::error::ErrorBody)))]
#[get("/subscription")]
pub async fn get_subscription(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<SubscriptionView>> {
    let view = use_case::subscription(state.deps(), &staff).await?;
    Ok(web::Json(view))
}

/// Starts paying for Ringledger with a card (Stripe Checkout).
#[utoipa::path(post, path = "/api/v1/subscription/checkout", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = CheckoutView), (status = 409, body = ringledger_shared::error::ErrorBody),
        (status = 403, description = "a reseller's staff", body = ringledger_shared::error::ErrorBody)))]
#[post("/subscription/checkout")]
pub async fn subscription_checkout(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<CheckoutView>> {
    let checkout = use_case::subscription_checkout(state.deps(), &staff).await?;
    Ok(web::Json(checkout))
}
