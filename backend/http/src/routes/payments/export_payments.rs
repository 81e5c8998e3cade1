//! `GET /api/v1/payments/export.csv`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::payments::list_payments as use_case;
use ringledger_shared::api::payments::PaymentQuery;
use ringledger_shared::csv_safe;

/// The matching payments as CSV (at most 50,000, newest first):
/// `created_at,settled_at,customer,email,purpose,method,status,amount,refunded,currency,reference,failure,payment_id,invoice_id`.
#[utoipa::path(get, path = "/api/v1/payments/export.csv", tag = "payments", params(PaymentQuery),
    security(("bearer" = [])), responses((status = 200, content_type = "text/csv", body = String)))]
#[get("/payments/export.csv")]
pub async fn export_payments(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<PaymentQuery>,
) -> ApiResult<HttpResponse> {
    let payments = use_case::export_payments(state.repos(), &staff, &q).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record([
        "created_at",
        "settled_at",
        "customer",
        "email",
        "purpose",
        "method",
        "status",
        "amount",
        "refunded",
        "currency",
        "reference",
        "failure",
        "payment_id",
        "invoice_id",
    ])
    .map_err(err)?;
    for p in payments {
        let cells = [
            p.created_at.to_rfc3339(),
            p.settled_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            p.customer_name.unwrap_or_default(),
            p.customer_email.unwrap_or_default(),
            p.purpose,
            p.method,
            p.status,
            p.amount.to_string(),
            p.refunded.to_string(),
            p.currency,
            p.reference,
            p.failure.unwrap_or_default(),
            p.id.to_string(),
            p.invoice_id.map(|i| i.to_string()).unwrap_or_default(),
        ];
        w.write_record(csv_safe::record(&cells)).map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"payments.csv\""))
        .body(body))
}
