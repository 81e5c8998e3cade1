//! The events several services write: a payment succeeded or failed, an
//! invoice paid in full, a refund made, an account suspended or given back
//! — each in the transaction of the change.

use super::{Emit, emit, objects};
use chrono::{DateTime, Utc};
use ringledger_db::entities::{accounts, customers, payments, refunds};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::webhooks::WebhookEventType;
use ringledger_shared::ids::InvoiceId;
use ringledger_shared::status::{AccountStatus, InvoiceStatus};
use sea_orm::DbErr;

/// `payment.succeeded` or `payment.failed` for `p` of `account`.
pub async fn payment(
    tx: &TenantTx,
    kind: WebhookEventType,
    p: &payments::Model,
    account: &accounts::Model,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let object = objects::payment(p, account.customer_id);
    emit(
        tx,
        Emit::new(kind, account.seller_id, "payment", p.id, object, at),
    )
    .await
}

/// `invoice.paid` when invoice `id` is now paid in full.
pub async fn invoice_paid(tx: &TenantTx, id: InvoiceId, at: DateTime<Utc>) -> Result<(), DbErr> {
    let Some(inv) = tx.billing().invoice(id).await? else {
        return Ok(());
    };
    if inv.status != InvoiceStatus::Paid {
        return Ok(());
    }
    let object = objects::invoice(&inv);
    let event = Emit::new(
        WebhookEventType::InvoicePaid,
        inv.seller_id,
        "invoice",
        inv.id,
        object,
        at,
    );
    emit(tx, event).await
}

/// `refund.created` once refund `r` of payment `p` is made.
pub async fn refund(
    tx: &TenantTx,
    r: &refunds::Model,
    p: &payments::Model,
    account: &accounts::Model,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let object = objects::refund(r, p, account.customer_id);
    let event = Emit::new(
        WebhookEventType::RefundCreated,
        account.seller_id,
        "refund",
        r.id,
        object,
        at,
    );
    emit(tx, event).await
}

/// `customer.status_changed` for an account that went from `from` to its
/// status now (suspended for an unpaid invoice, or given back on payment;
/// the console's own changes write theirs in the use case).
pub async fn status_changed(
    tx: &TenantTx,
    c: &customers::Model,
    account: &accounts::Model,
    from: AccountStatus,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut object = objects::customer(c, account);
    object["account_status"] = serde_json::json!(account.status);
    object["previous_account_status"] = serde_json::json!(from);
    let event = Emit::new(
        WebhookEventType::CustomerStatusChanged,
        account.seller_id,
        "customer",
        c.id,
        object,
        at,
    );
    emit(tx, event).await
}
