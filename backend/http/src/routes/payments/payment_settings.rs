//! `GET/PUT/DELETE /api/v1/settings/payments`: the seller's own Stripe
//! account. Without one, the product says so and payments are recorded by
//! hand.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, delete, get, put, web};
use ringledger_core::services::payments::gateway;
use ringledger_core::state::AppState;
use ringledger_core::usecases::payments::payment_settings::{
    self as use_case, PaymentSettingsError,
};
use ringledger_shared::api::payments::{ConnectStripeRequest, PaymentSettingsView};

crate::edge!(PaymentSettingsError {
    SellerNotFound => NotFound,
});

/// Whether card payments are configured, and how.
#[utoipa::path(get, path = "/api/v1/settings/payments", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = PaymentSettingsView)))]
#[get("/settings/payments")]
pub async fn get_payment_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PaymentSettingsView>> {
    let view = use_case::payment_settings(state.deps(), &staff).await?;
    Ok(web::Json(view))
}

/// Connects the seller's own Stripe account: the key is checked with
/// Stripe, our webhook endpoint is registered there, and both secrets are
/// stored sealed. Replaces an earlier connection.
#[utoipa::path(put, path = "/api/v1/settings/payments", tag = "payments", request_body = ConnectStripeRequest,
    security(("bearer" = [])),
    responses((status = 200, body = PaymentSettingsView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 503, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/payments")]
pub async fn put_payment_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<ConnectStripeRequest>,
) -> ApiResult<web::Json<PaymentSettingsView>> {
    let view = use_case::connect_stripe(state.deps(), &staff, &body.0).await?;
    Ok(web::Json(view))
}

/// Disconnects the seller's Stripe account (card payments stop).
#[utoipa::path(delete, path = "/api/v1/settings/payments", tag = "payments", security(("bearer" = [])),
    responses((status = 204)))]
#[delete("/settings/payments")]
pub async fn delete_payment_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    gateway::disconnect(state.deps(), &staff).await?;
    Ok(HttpResponse::NoContent().finish())
}
