//! `GET /api/v1/payments`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::payments::list_payments as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::payments::{PaymentQuery, PaymentView};

/// Every payment of the seller and the resellers below it, newest first:
/// received, pending, failed (with why) and refunded (with the refunds),
/// filtered by status, method, period and customer, a page at a time.
#[utoipa::path(get, path = "/api/v1/payments", tag = "payments", params(PaymentQuery),
    security(("bearer" = [])), responses((status = 200, body = Page<PaymentView>)))]
#[get("/payments")]
pub async fn list_payments(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<PaymentQuery>,
) -> ApiResult<web::Json<Page<PaymentView>>> {
    Ok(web::Json(
        use_case::list_payments(state.repos(), &staff, &q).await?,
    ))
}
