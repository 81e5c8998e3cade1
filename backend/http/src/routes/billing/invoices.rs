//! `GET /api/v1/invoices` (by status), `GET /api/v1/invoices/{id}` and
//! `GET /api/v1/invoices/{id}/pdf`; the customer's own under `/my/invoices`.

use super::views::{invoice_view, line_view, places};
use crate::error::ApiResult;
use crate::extract::{Customer, Staff};
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::auth::principal::StaffPrincipal;
use ringledger_core::error::{AppError, AppResult};
use ringledger_core::services::billing::document;
use ringledger_core::services::seller_tree::SellerScope;
use ringledger_core::state::AppState;
use ringledger_db::repo::InvoiceFilter;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::{InvoiceDetail, InvoiceView};
use ringledger_shared::ids::TenantId;
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Filters and paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct InvoiceQuery {
    /// `open`, `overdue`, `paid` or `void`.
    pub status: Option<String>,
    /// One customer's invoices.
    pub customer_id: Option<Uuid>,
    /// Skip this many.
    pub offset: Option<u64>,
    /// At most this many (1–200, default 50).
    pub limit: Option<u64>,
}

async fn page(
    state: &AppState,
    tenant: TenantId,
    sellers: Option<Vec<Uuid>>,
    account: Option<Uuid>,
    q: &InvoiceQuery,
) -> ApiResult<Page<InvoiceView>> {
    let status = q.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = status
        && !["open", "overdue", "paid", "void"].contains(&s)
    {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "status must be open, overdue, paid or void",
        )
        .with_field("status")
        .into());
    }
    let today = state.clock().now().date_naive();
    let tx = state.repos().tenant_read(tenant).await?;
    let account = match (account, q.customer_id) {
        (Some(a), _) => Some(a),
        (None, Some(c)) => Some(
            tx.account_of(c)
                .await?
                .map(|a| a.id)
                .ok_or_else(|| AppError::not_found("customer"))?,
        ),
        (None, None) => None,
    };
    let filter = InvoiceFilter {
        status: status.map(str::to_owned),
        account_id: account,
        sellers,
        today: Some(today),
    };
    let (rows, total) = tx
        .list_invoices(
            &filter,
            q.offset.unwrap_or(0),
            q.limit.unwrap_or(50).clamp(1, 200),
        )
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|i| i.customer_id).collect();
    let names: HashMap<Uuid, String> = tx
        .customers_by_ids(&ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    tx.commit().await?;
    Ok(Page {
        items: rows
            .iter()
            .map(|i| invoice_view(i, names.get(&i.customer_id).map_or("", |n| n), today))
            .collect(),
        total,
    })
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
    let scope = staff_scope(&state, &staff).await?;
    page(&state, staff.tenant_id, Some(scope.ids), None, &q)
        .await
        .map(web::Json)
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
    let tx = state.repos().tenant_read(me.tenant_id).await?;
    let account = tx
        .account_of(me.customer_id)
        .await?
        .ok_or_else(|| AppError::not_found("account"))?;
    tx.commit().await?;
    let q = InvoiceQuery {
        customer_id: None,
        ..q.into_inner()
    };
    page(&state, me.tenant_id, None, Some(account.id), &q)
        .await
        .map(web::Json)
}

/// The sellers a staff member sees (their own and every one below it).
pub(crate) async fn staff_scope(
    state: &AppState,
    staff: &StaffPrincipal,
) -> ApiResult<SellerScope> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let scope = SellerScope::of(&tx, staff).await?;
    tx.commit().await?;
    Ok(scope)
}

/// An invoice the caller may see (staff: their seller's; customer: their own).
async fn visible(
    state: &AppState,
    tenant: TenantId,
    id: Uuid,
    allowed: impl Fn(&document::Document) -> bool,
) -> AppResult<document::Document> {
    document::load(state, tenant, id)
        .await?
        .filter(allowed)
        .ok_or_else(|| AppError::not_found("invoice"))
}

fn detail(state: &AppState, d: &document::Document) -> InvoiceDetail {
    let today = state.clock().now().date_naive();
    InvoiceDetail {
        invoice: invoice_view(&d.invoice, &d.customer.name, today),
        lines: d
            .lines
            .iter()
            .map(|l| line_view(l, places(&d.invoice.currency)))
            .collect(),
        credit_note: d.credit_note.clone(),
        payments: d.payments.clone(),
    }
}

fn pdf(d: &document::Document) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/pdf"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.pdf\"", d.invoice.number),
        ))
        .body(d.render())
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
    let scope = staff_scope(&state, &staff).await?;
    let d = visible(&state, staff.tenant_id, *id, |d| {
        scope.contains(d.invoice.seller_id)
    })
    .await?;
    Ok(web::Json(detail(&state, &d)))
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
    let scope = staff_scope(&state, &staff).await?;
    let d = visible(&state, staff.tenant_id, *id, |d| {
        scope.contains(d.invoice.seller_id)
    })
    .await?;
    Ok(pdf(&d))
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
    let d = visible(&state, me.tenant_id, *id, |d| {
        d.customer.id == me.customer_id
    })
    .await?;
    Ok(web::Json(detail(&state, &d)))
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
    let d = visible(&state, me.tenant_id, *id, |d| {
        d.customer.id == me.customer_id
    })
    .await?;
    Ok(pdf(&d))
}
