//! Invoices: the staff's (their seller's and every seller's below it) by
//! status, one with its lines, one as a PDF; the customer's own likewise.

use super::views::{invoice_view, line_view, places};
use crate::auth::principal::{CustomerPrincipal, StaffPrincipal};
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::billing::document::{self, Document};
use crate::services::seller_tree::SellerScope;
use crate::urls::Urls;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::{InvoiceFilter, Repos};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::Page;
use ringledger_shared::api::billing::{InvoiceDetail, InvoiceView};
use ringledger_shared::ids::{AccountId, CustomerId, InvoiceId, TenantId};
use std::collections::HashMap;
use uuid::Uuid;

crate::use_case_error! {
    /// Why invoices could not be listed or shown.
    pub enum InvoicesError {
        /// The invoice, the customer or the account is not the caller's.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// Which invoices to list, as the query string gave them.
#[derive(Debug, Clone, Copy, Default)]
pub struct InvoiceSearch<'a> {
    /// `open`, `overdue`, `paid` or `void`.
    pub status: Option<&'a str>,
    /// One customer's invoices.
    pub customer_id: Option<Uuid>,
    /// Skip this many.
    pub offset: Option<u64>,
    /// At most this many (1–200, default 50).
    pub limit: Option<u64>,
    /// The order (default: newest first).
    pub sort: Option<ringledger_shared::api::sort::Sort>,
}

/// The columns the invoices list sorts by.
pub const SORT_COLUMNS: &[&str] = &["number", "issued_on", "due_on", "total", "status"];

/// An invoice as a PDF file.
#[derive(Debug, Clone)]
pub struct InvoicePdf {
    /// The invoice's number (the file is named after it).
    pub number: String,
    /// The PDF.
    pub bytes: Vec<u8>,
}

async fn page(
    repos: &Repos,
    clock: &dyn Clock,
    tenant: TenantId,
    sellers: Option<Vec<Uuid>>,
    account: Option<AccountId>,
    q: InvoiceSearch<'_>,
) -> Result<Page<InvoiceView>, InvoicesError> {
    let status = q.status.map(str::trim).filter(|s| !s.is_empty());
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
    let today = clock.now().date_naive();
    let tx = repos.tenant_read(tenant).await?;
    let account = match (account, q.customer_id) {
        (Some(a), _) => Some(a),
        (None, Some(c)) => Some(
            tx.customers()
                .account_of(CustomerId(c))
                .await?
                .map(|a| a.id)
                .ok_or(InvoicesError::NotFound("customer"))?,
        ),
        (None, None) => None,
    };
    let filter = InvoiceFilter {
        status: status.map(str::to_owned),
        account_id: account,
        sellers,
        today: Some(today),
        sort: q.sort,
    };
    let (rows, total) = tx
        .billing()
        .list_invoices(
            &filter,
            q.offset.unwrap_or(0),
            q.limit.unwrap_or(50).clamp(1, 200),
        )
        .await?;
    let ids: Vec<_> = rows.iter().map(|i| i.customer_id).collect();
    let names: HashMap<_, String> = tx
        .billing()
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

/// The sellers a staff member sees (their own and every one below it).
async fn staff_scope(repos: &Repos, staff: &StaffPrincipal) -> Result<SellerScope, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let scope = tx.scope().clone();
    tx.commit().await?;
    Ok(scope)
}

/// The invoices the staff see, newest first; `status=overdue` lists open
/// invoices past their due date.
pub async fn list_invoices(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    search: InvoiceSearch<'_>,
) -> Result<Page<InvoiceView>, InvoicesError> {
    let scope = staff_scope(repos, staff).await?;
    page(repos, clock, staff.tenant_id, Some(scope.ids), None, search).await
}

/// The signed-in customer's invoices (`customer_id` is ignored).
pub async fn my_invoices(
    repos: &Repos,
    clock: &dyn Clock,
    me: &CustomerPrincipal,
    search: InvoiceSearch<'_>,
) -> Result<Page<InvoiceView>, InvoicesError> {
    let tx = repos.tenant_read(me.tenant_id).await?;
    let account = tx
        .customers()
        .account_of(me.customer_id)
        .await?
        .ok_or(InvoicesError::NotFound("account"))?;
    tx.commit().await?;
    let search = InvoiceSearch {
        customer_id: None,
        ..search
    };
    page(repos, clock, me.tenant_id, None, Some(account.id), search).await
}

/// An invoice the caller may see (staff: their seller's; customer: their own).
async fn visible(
    repos: &Repos,
    urls: &Urls,
    tenant: TenantId,
    id: Uuid,
    allowed: impl Fn(&Document) -> bool,
) -> Result<Document, InvoicesError> {
    document::load(repos, urls, tenant, InvoiceId(id))
        .await?
        .filter(allowed)
        .ok_or(InvoicesError::NotFound("invoice"))
}

/// An invoice the staff see.
async fn staff_visible(
    repos: &Repos,
    urls: &Urls,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<Document, InvoicesError> {
    let scope = staff_scope(repos, staff).await?;
    visible(repos, urls, staff.tenant_id, id, |d| {
        scope.contains(d.invoice.seller_id)
    })
    .await
}

/// One of the customer's own invoices.
async fn own(
    repos: &Repos,
    urls: &Urls,
    me: &CustomerPrincipal,
    id: Uuid,
) -> Result<Document, InvoicesError> {
    visible(repos, urls, me.tenant_id, id, |d| {
        d.customer.id == me.customer_id
    })
    .await
}

fn detail(clock: &dyn Clock, d: &Document) -> InvoiceDetail {
    let today = clock.now().date_naive();
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

fn pdf(d: &Document) -> InvoicePdf {
    InvoicePdf {
        number: d.invoice.number.clone(),
        bytes: d.render(),
    }
}

/// Invoice `id` with its lines, if the staff see it.
pub async fn get_invoice(
    repos: &Repos,
    clock: &dyn Clock,
    urls: &Urls,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<InvoiceDetail, InvoicesError> {
    let d = staff_visible(repos, urls, staff, id).await?;
    Ok(detail(clock, &d))
}

/// Invoice `id` as a branded PDF, if the staff see it.
pub async fn invoice_pdf(
    repos: &Repos,
    urls: &Urls,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<InvoicePdf, InvoicesError> {
    let d = staff_visible(repos, urls, staff, id).await?;
    Ok(pdf(&d))
}

/// One of the customer's invoices with its lines.
pub async fn my_invoice(
    repos: &Repos,
    clock: &dyn Clock,
    urls: &Urls,
    me: &CustomerPrincipal,
    id: Uuid,
) -> Result<InvoiceDetail, InvoicesError> {
    let d = own(repos, urls, me, id).await?;
    Ok(detail(clock, &d))
}

/// One of the customer's invoices as a PDF.
pub async fn my_invoice_pdf(
    repos: &Repos,
    urls: &Urls,
    me: &CustomerPrincipal,
    id: Uuid,
) -> Result<InvoicePdf, InvoicesError> {
    let d = own(repos, urls, me, id).await?;
    Ok(pdf(&d))
}
