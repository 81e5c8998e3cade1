//! The objects events carry (`data.object`), built from stored rows: ids
//! as strings, money as decimal strings with their currency, dates as
//! ISO 8601. Secrets never.

use ringledger_db::entities::{
    account_services, accounts, bill_runs, customers, invoices, payments, refunds,
};
use ringledger_shared::money::{minor_places, round_half_away, with_places};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// An amount in `currency` with its minor units (`12.00`, never
/// `12.000000` as PostgreSQL reads it back).
fn money(value: Decimal, currency: &str) -> String {
    let places = minor_places(currency);
    with_places(round_half_away(value, places), places).to_string()
}

/// A customer and its account.
pub fn customer(c: &customers::Model, account: &accounts::Model) -> Value {
    json!({
        "email": c.email,
        "name": c.name,
        "status": c.status,
        "country": c.country,
        "account_id": account.id.as_uuid().to_string(),
        "account_kind": account.kind,
        "currency": account.currency,
        "created_at": c.created_at,
    })
}

/// A service of an account.
pub fn service(s: &account_services::Model, customer_id: impl ToString) -> Value {
    json!({
        "customer_id": customer_id.to_string(),
        "account_id": s.account_id.as_uuid().to_string(),
        "kind": s.kind,
        "status": s.status,
        "plan_id": s.plan_id.map(|p| p.as_uuid().to_string()),
        "created_at": s.created_at,
    })
}

/// An invoice's header (its lines are in `GET /api/v1/invoices/{id}`).
pub fn invoice(i: &invoices::Model) -> Value {
    json!({
        "number": i.number,
        "customer_id": i.customer_id.as_uuid().to_string(),
        "account_id": i.account_id.as_uuid().to_string(),
        "bill_run_id": i.bill_run_id.map(|r| r.to_string()),
        "status": i.status,
        "currency": i.currency,
        "period_start": i.period_start,
        "period_end": i.period_end,
        "issued_on": i.issued_on,
        "due_on": i.due_on,
        "subtotal": money(i.subtotal.0, &i.currency),
        "tax_total": money(i.tax_total.0, &i.currency),
        "total": money(i.total.0, &i.currency),
        "amount_due": money(i.amount_due.0, &i.currency),
        "amount_paid": money(i.amount_paid.0, &i.currency),
        "paid_at": i.paid_at,
    })
}

/// A payment (`customer_id` from its account).
pub fn payment(p: &payments::Model, customer_id: impl ToString) -> Value {
    json!({
        "customer_id": customer_id.to_string(),
        "account_id": p.account_id.as_uuid().to_string(),
        "invoice_id": p.invoice_id.map(|i| i.as_uuid().to_string()),
        "purpose": p.purpose,
        "method": p.method,
        "status": p.status,
        "amount": money(p.amount.0, &p.currency),
        "refunded": money(p.refunded.0, &p.currency),
        "currency": p.currency,
        "reference": p.reference,
        "failure": p.failure,
        "created_at": p.created_at,
        "settled_at": p.settled_at,
    })
}

/// A refund of a payment.
pub fn refund(r: &refunds::Model, p: &payments::Model, customer_id: impl ToString) -> Value {
    json!({
        "customer_id": customer_id.to_string(),
        "account_id": p.account_id.as_uuid().to_string(),
        "payment_id": r.payment_id.as_uuid().to_string(),
        "status": r.status,
        "amount": money(r.amount.0, &p.currency),
        "currency": p.currency,
        "reason": r.reason,
        "created_at": r.created_at,
    })
}

/// An account's balance (a low-balance alert).
pub fn balance(a: &accounts::Model, threshold: Decimal) -> Value {
    json!({
        "customer_id": a.customer_id.as_uuid().to_string(),
        "kind": a.kind,
        "currency": a.currency,
        "balance": money(a.balance.0, &a.currency),
        "threshold": money(threshold, &a.currency),
    })
}

/// A finished bill run.
pub fn bill_run(r: &bill_runs::Model, currency: &str) -> Value {
    json!({
        "as_of": r.as_of,
        "status": r.status,
        "accounts": r.total_accounts,
        "invoices": r.invoices,
        "invoiced": money(r.invoiced.0, currency),
        "currency": currency,
        "started_at": r.started_at,
        "finished_at": r.finished_at,
    })
}
