//! `POST /api/v1/my/invoices/{id}/checkout`, `POST /api/v1/my/top-ups` and
//! `POST /api/v1/my/checkout/{session}/confirm`: the customer pays by card
//! on Stripe Checkout, then comes back and sees the result.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{post, web};
use ringledger_core::services::payments::checkout;
use ringledger_core::state::AppState;
use ringledger_shared::api::payments::{CheckoutRequest, CheckoutResult, CheckoutView};
use uuid::Uuid;

/// Starts paying one of the customer's open invoices; answers the
/// Checkout page to send the browser to.
#[utoipa::path(post, path = "/api/v1/my/invoices/{id}/checkout", tag = "customer", request_body = CheckoutRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = CheckoutView), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/invoices/{id}/checkout")]
pub async fn pay_invoice(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<CheckoutRequest>,
) -> ApiResult<web::Json<CheckoutView>> {
    Ok(web::Json(
        checkout::pay_invoice(state.deps(), &me, *id, &body.0).await?,
    ))
}

/// Starts a top-up of the balance by card.
#[utoipa::path(post, path = "/api/v1/my/top-ups", tag = "customer", request_body = CheckoutRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CheckoutView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/top-ups")]
pub async fn top_up(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<CheckoutRequest>,
) -> ApiResult<web::Json<CheckoutView>> {
    Ok(web::Json(
        checkout::top_up(state.deps(), &me, &body.0).await?,
    ))
}

/// The customer is back from Checkout: the payment is credited now if
/// Stripe says it is paid (once, whatever the webhook does).
#[utoipa::path(post, path = "/api/v1/my/checkout/{session}/confirm", tag = "customer",
    params(("session" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = CheckoutResult), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, description = "card payments are not configured", body = ringledger_shared::error::ErrorBody)))]
#[post("/my/checkout/{session}/confirm")]
pub async fn confirm_checkout(
    Customer(me): Customer,
    state: web::Data<AppState>,
    session: web::Path<String>,
) -> ApiResult<web::Json<CheckoutResult>> {
    Ok(web::Json(
        checkout::confirm(state.deps(), &me, &session).await?,
    ))
}
