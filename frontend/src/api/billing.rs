//! Bills: bill runs, invoices and their PDFs, credit notes; the customer's
//! own invoices.

use super::catalog::query;
use super::{ApiError, get_json, post_json, send, url, with_token};
use gloo_net::http::Request;
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::{
    BillRunRequest, BillRunView, CreditNoteRequest, CreditNoteView, InvoiceDetail, InvoiceView,
};
use ringledger_shared::api::routes;
use uuid::Uuid;

/// `POST /api/v1/bill-runs` (empty `as_of`: today).
pub async fn start_bill_run(token: &str, as_of: &str) -> Result<BillRunView, ApiError> {
    let as_of = (!as_of.trim().is_empty()).then(|| as_of.trim().to_owned());
    post_json(
        routes::START_BILL_RUN.rel(),
        Some(token),
        &BillRunRequest { as_of },
    )
    .await
}

/// `GET /api/v1/bill-runs`.
pub async fn list_bill_runs(token: &str) -> Result<Vec<BillRunView>, ApiError> {
    get_json(routes::LIST_BILL_RUNS.rel(), Some(token)).await
}

/// `GET /api/v1/bill-runs/{id}`.
pub async fn get_bill_run(token: &str, id: Uuid) -> Result<BillRunView, ApiError> {
    get_json(&routes::GET_BILL_RUN.fill(&[&id]), Some(token)).await
}

/// `GET /api/v1/invoices?status=&sort=&offset=&limit=`.
pub async fn list_invoices(
    token: &str,
    (status, sort): (&str, &str),
    offset: u64,
    limit: u64,
) -> Result<Page<InvoiceView>, ApiError> {
    let status = (!status.is_empty()).then(|| status.to_owned());
    let qs = query(&[
        ("status", status),
        ("sort", (!sort.is_empty()).then(|| sort.to_owned())),
        ("offset", Some(offset.to_string())),
        ("limit", Some(limit.to_string())),
    ]);
    get_json(&format!("{}{qs}", routes::LIST_INVOICES.rel()), Some(token)).await
}

/// `GET /api/v1/invoices?customer_id=…`: one customer's invoices (the
/// latest 100).
pub async fn customer_invoices(
    token: &str,
    customer_id: Uuid,
) -> Result<Page<InvoiceView>, ApiError> {
    get_json(
        &format!(
            "{}?customer_id={customer_id}&limit=100",
            routes::LIST_INVOICES.rel()
        ),
        Some(token),
    )
    .await
}

/// `GET /api/v1/my/invoices/{id}`: one of the customer's invoices, with its
/// lines and payments.
pub async fn my_invoice(token: &str, id: Uuid) -> Result<InvoiceDetail, ApiError> {
    get_json(&routes::MY_INVOICE.fill(&[&id]), Some(token)).await
}

/// `GET /api/v1/my/invoices`.
pub async fn my_invoices(token: &str) -> Result<Page<InvoiceView>, ApiError> {
    get_json(
        &format!("{}?limit=100", routes::MY_INVOICES.rel()),
        Some(token),
    )
    .await
}

/// `POST /api/v1/invoices/{id}/credit-note`.
pub async fn void_invoice(token: &str, id: Uuid, reason: &str) -> Result<CreditNoteView, ApiError> {
    post_json(
        &routes::CREDIT_NOTE.fill(&[&id]),
        Some(token),
        &CreditNoteRequest {
            reason: reason.to_owned(),
        },
    )
    .await
}

/// The PDF at `path` (`/invoices/{id}/pdf` or `/my/invoices/{id}/pdf`).
pub async fn invoice_pdf(token: &str, path: &str) -> Result<Vec<u8>, ApiError> {
    let response = send(with_token(Request::get(&url(path)), Some(token)).build()).await?;
    let status = response.status();
    response
        .binary()
        .await
        .map_err(|_| ApiError::unexpected(status))
}

/// `GET /api/v1/settings/billing`.
pub async fn get_billing_settings(
    token: &str,
) -> Result<ringledger_shared::api::billing::BillingSettings, ApiError> {
    get_json(routes::GET_BILLING_SETTINGS.rel(), Some(token)).await
}

/// `PUT /api/v1/settings/billing`.
pub async fn put_billing_settings(
    token: &str,
    settings: &ringledger_shared::api::billing::BillingSettings,
) -> Result<ringledger_shared::api::billing::BillingSettings, ApiError> {
    super::put_json(routes::PUT_BILLING_SETTINGS.rel(), Some(token), settings).await
}
