//! `POST /api/v1/payments/{id}/refunds`: give back all or part of a payment
//! (through Stripe for card payments, with an idempotency key).

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::payments::refund_payment::{self as use_case, RefundPaymentError};
use ringledger_shared::api::payments::{PaymentView, RefundRequest};
use uuid::Uuid;

crate::edge!(RefundPaymentError {
    PaymentNotFound => NotFound,
    NotSucceeded => Conflict,
});

/// Refunds a payment, fully or partly.
#[utoipa::path(post, path = "/api/v1/payments/{id}/refunds", tag = "payments", request_body = RefundRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 201, body = PaymentView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/payments/{id}/refunds")]
pub async fn refund_payment(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<RefundRequest>,
) -> ApiResult<HttpResponse> {
    let payment = use_case::refund_payment(state.deps(), &staff, *id, &body.0).await?;
    Ok(HttpResponse::Created().json(payment))
}
