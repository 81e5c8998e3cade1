//! The customer's saved card and auto top-up: `GET /api/v1/my/payment-profile`,
//! `POST /api/v1/my/card` (save one on Stripe Checkout), `DELETE /api/v1/my/card`,
//! `PUT /api/v1/my/auto-top-up`.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{delete, get, post, put, web};
use ringledger_core::services::payments::checkout;
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::card::{self as use_case, SetAutoTopUpError};
use ringledger_shared::api::payments::{AutoTopUpRequest, CheckoutView, PaymentProfileView};

crate::edge!(SetAutoTopUpError {
    NoSavedCard => Conflict,
});

/// The saved card, auto top-up and payments of the calling customer.
#[utoipa::path(get, path = "/api/v1/my/payment-profile", tag = "customer", security(("bearer" = [])),
    responses((status = 200, body = PaymentProfileView)))]
#[get("/my/payment-profile")]
pub async fn get_payment_profile(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PaymentProfileView>> {
    Ok(web::Json(
        use_case::payment_profile(state.deps(), &me).await?,
    ))
}

/// Saves a card on Stripe Checkout (no payment now).
#[utoipa::path(post, path = "/api/v1/my/card", tag = "customer", security(("bearer" = [])),
    responses((status = 200, body = CheckoutView), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/card")]
pub async fn save_card(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<CheckoutView>> {
    Ok(web::Json(checkout::save_card(state.deps(), &me).await?))
}

/// Forgets the saved card (auto top-up goes off with it).
#[utoipa::path(delete, path = "/api/v1/my/card", tag = "customer", security(("bearer" = [])),
    responses((status = 200, body = PaymentProfileView)))]
#[delete("/my/card")]
pub async fn remove_card(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PaymentProfileView>> {
    Ok(web::Json(use_case::remove_card(state.deps(), &me).await?))
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
    Ok(web::Json(
        use_case::set_auto_top_up(state.deps(), &me, &body.0).await?,
    ))
}
