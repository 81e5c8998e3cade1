//! `GET /api/v1/subscription` and `POST /api/v1/subscription/checkout`:
//! the operator's own Ringledger plan.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::payments::platform;
use ringledger_core::state::AppState;
use ringledger_shared::api::payments::{CheckoutView, SubscriptionView};

/// The operator's plan: status, period, when an unpaid tenant is suspended.
#[utoipa::path(get, path = "/api/v1/subscription", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = SubscriptionView)))]
#[get("/subscription")]
pub async fn get_subscription(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<SubscriptionView>> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let t = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    tx.commit().await?;
    Ok(web::Json(platform::view(&state, &t)))
}

/// Starts paying for Ringledger with a card (Stripe Checkout).
#[utoipa::path(post, path = "/api/v1/subscription/checkout", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = CheckoutView), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/subscription/checkout")]
pub async fn subscription_checkout(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<CheckoutView>> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let email = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    tx.commit().await?;
    let url = platform::checkout(&state, staff.tenant_id, &email).await?;
    Ok(web::Json(CheckoutView {
        payment_id: None,
        url,
    }))
}
