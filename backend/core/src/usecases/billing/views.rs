//! Invoice and bill-run rows as wire views (shared by the billing use
//! cases and the resellers' wholesale invoices).

use chrono::NaiveDate;
use ringledger_db::entities::{bill_runs, invoice_lines, invoices};
use ringledger_shared::api::billing::{BillRunView, InvoiceLineView, InvoiceView};
pub use ringledger_shared::money::{minor_places as places, with_places as fixed};
use ringledger_shared::status::InvoiceStatus;

/// A bill run.
pub fn run_view(r: &bill_runs::Model) -> BillRunView {
    BillRunView {
        id: r.id,
        as_of: r.as_of,
        status: r.status.to_string(),
        total_accounts: r.total_accounts.max(0) as u64,
        done_accounts: r.done_accounts.max(0) as u64,
        invoices: r.invoices.max(0) as u64,
        invoiced: fixed(r.invoiced.0, 2),
        started_by: r.started_by.clone(),
        started_at: r.started_at,
        finished_at: r.finished_at,
    }
}

/// An invoice; `open` past its due date shows as `overdue`.
pub fn invoice_view(i: &invoices::Model, customer_name: &str, today: NaiveDate) -> InvoiceView {
    let status = if i.status == InvoiceStatus::Open && i.due_on < today {
        "overdue".to_owned()
    } else {
        i.status.to_string()
    };
    let p = places(&i.currency);
    InvoiceView {
        id: i.id.into(),
        number: i.number.clone(),
        customer_id: i.customer_id.into(),
        customer_name: customer_name.to_owned(),
        period_start: i.period_start,
        period_end: i.period_end.pred_opt().unwrap_or(i.period_end),
        issued_on: i.issued_on,
        due_on: i.due_on,
        currency: i.currency.clone(),
        subtotal: fixed(i.subtotal.0, p),
        tax_total: fixed(i.tax_total.0, p),
        total: fixed(i.total.0, p),
        brought_forward: fixed(i.brought_forward.0, p),
        payments: fixed(i.payments.0, p),
        amount_due: fixed(i.amount_due.0, p),
        status,
        prepaid: i.prepaid,
        amount_paid: fixed(i.amount_paid.0, p),
    }
}

/// An invoice line, amounts with `p` decimals.
pub fn line_view(l: &invoice_lines::Model, p: u32) -> InvoiceLineView {
    InvoiceLineView {
        kind: l.kind.as_str().to_owned(),
        service_kind: l.service_kind.clone(),
        description: l.description.clone(),
        calls: l.calls.max(0) as u64,
        billable_secs: l.billable_secs.max(0) as u64,
        allowance_secs: l.allowance_secs.max(0) as u64,
        net: fixed(l.net.0, p),
        tax_rate: l.tax_rate.0.normalize(),
        tax: fixed(l.tax.0, p),
        gross: fixed(l.gross.0, p),
    }
}
