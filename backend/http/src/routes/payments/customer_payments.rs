//! `GET/POST /api/v1/customers/{id}/payments`: a customer's payments, and
//! payments received by hand (transfer, cash) — the way to get paid when
//! card payments are not configured.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, get, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::payments::customer_payments::{
    self as use_case, RecordPaymentError,
};
use ringledger_shared::api::Page;
use ringledger_shared::api::payments::{ManualPaymentRequest, PaymentView};
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

crate::edge!(RecordPaymentError {
    PaymentNotFound => NotFound,
    NotOwnSeller => Forbidden,
});

/// The customer's payments and attempts, newest first (at most 200).
#[utoipa::path(get, path = "/api/v1/customers/{id}/payments", tag = "payments", params(("id" = Uuid, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Page<PaymentView>), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}/payments")]
pub async fn list_customer_payments(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<PaymentView>>> {
    let items = use_case::list_customer_payments(state.deps(), &staff, CustomerId(*id)).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}

/// Records a payment received by hand; it credits the balance and, if
/// given, pays the invoice.
#[utoipa::path(post, path = "/api/v1/customers/{id}/payments", tag = "payments", request_body = ManualPaymentRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 201, body = PaymentView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/payments")]
pub async fn record_payment(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<ManualPaymentRequest>,
) -> ApiResult<HttpResponse> {
    let payment = use_case::record_payment(state.deps(), &staff, CustomerId(*id), &body.0).await?;
    Ok(HttpResponse::Created().json(payment))
}
