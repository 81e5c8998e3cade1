//! `GET /api/v1/invoices` (by status), `GET /api/v1/invoices/{id}` and
//! `GET /api/v1/invoices/{id}/pdf`; the customer's own under `/my/invoices`.

use crate::error::ApiResult;
use crate::extract::{Customer, Staff};
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::billing::invoices::{
    self as use_case, InvoicePdf, InvoiceSearch, InvoicesError,
};
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::{InvoiceDetail, InvoiceView};
use ringledger_shared::api::sort::Sort;
use serde::Deserialize;
use uuid::Uuid;

crate::edge!(InvoicesError {
    NotFound => NotFound,
});

/// Filters and paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct InvoiceQuery {
    /// `open`, `overdue`, `paid` or `void`.
    pub status: Option<String>,
    /// One customer's invoices.
    pub customer_id: Option<Uuid>,
    /// Skip this many.
    #[serde(default, deserialize_with = "crate::query::offset_opt")]
    #[param(maximum = 10_000_000)]
    pub offset: Option<u64>,
    /// At most this many (1–200, default 50).
    #[serde(default, deserialize_with = "crate::query::limit")]
    pub limit: Option<u64>,
    /// Order: `number`, `issued_on`, `due_on`, `total` or `status`, `-` in
    /// front for descending (default `-issued_on`, newest first).
    #[serde(default)]
    pub sort: String,
}

impl InvoiceQuery {
    /// The filters, order and paging, for the use case.
    fn search(&self) -> Result<InvoiceSearch<'_>, AppError> {
        Ok(InvoiceSearch {
            status: self.status.as_deref(),
            customer_id: self.customer_id,
            offset: self.offset,
            limit: self.limit,
            sort: Sort::parse("sort", &self.sort, use_case::SORT_COLUMNS)?,
        })
    }
}

/// The seller's invoices, newest first; `status=overdue` lists open
/// invoices past their due date.
#[utoipa::path(get, path = "/api/v1/invoices", tag = "billing", params(InvoiceQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<InvoiceView>), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/invoices")]
pub async fn list_invoices(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<InvoiceQuery>,
) -> ApiResult<web::Json<Page<InvoiceView>>> {
    let page = use_case::list_invoices(state.repos(), state.clock(), &staff, q.search()?).await?;
    Ok(web::Json(page))
}

/// The signed-in customer's invoices.
#[utoipa::path(get, path = "/api/v1/my/invoices", tag = "portal", params(InvoiceQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<InvoiceView>)))]
#[get("/my/invoices")]
pub async fn my_invoices(
    Customer(me): Customer,
    state: web::Data<AppState>,
    q: web::Query<InvoiceQuery>,
) -> ApiResult<web::Json<Page<InvoiceView>>> {
    let page = use_case::my_invoices(state.repos(), state.clock(), &me, q.search()?).await?;
    Ok(web::Json(page))
}

fn pdf(file: InvoicePdf) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/pdf"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.pdf\"", file.number),
        ))
        .body(file.bytes)
}

/// An invoice with its lines.
#[utoipa::path(get, path = "/api/v1/invoices/{id}", tag = "billing", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = InvoiceDetail), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/invoices/{id}")]
pub async fn get_invoice(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InvoiceDetail>> {
    let detail =
        use_case::get_invoice(state.repos(), state.clock(), state.urls(), &staff, *id).await?;
    Ok(web::Json(detail))
}

/// The invoice as a branded PDF.
#[utoipa::path(get, path = "/api/v1/invoices/{id}/pdf", tag = "billing", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/invoices/{id}/pdf")]
pub async fn invoice_pdf(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let file = use_case::invoice_pdf(state.repos(), state.urls(), &staff, *id).await?;
    Ok(pdf(file))
}

/// One of the customer's invoices with its lines.
#[utoipa::path(get, path = "/api/v1/my/invoices/{id}", tag = "portal", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = InvoiceDetail), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/invoices/{id}")]
pub async fn my_invoice(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InvoiceDetail>> {
    let detail = use_case::my_invoice(state.repos(), state.clock(), state.urls(), &me, *id).await?;
    Ok(web::Json(detail))
}

/// One of the customer's invoices as a PDF.
#[utoipa::path(get, path = "/api/v1/my/invoices/{id}/pdf", tag = "portal", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/invoices/{id}/pdf")]
pub async fn my_invoice_pdf(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let file = use_case::my_invoice_pdf(state.repos(), state.urls(), &me, *id).await?;
    Ok(pdf(file))
}
