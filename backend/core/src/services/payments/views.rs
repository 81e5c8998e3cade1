//! Payment rows as the API shows them.

use ringledger_db::entities::{payments, refunds};
use ringledger_shared::api::payments::{PaymentView, RefundView};
use ringledger_shared::money::{minor_places, with_places};
use uuid::Uuid;

/// A payment with its refunds (`refunds` may hold other payments' too).
pub fn payment_view(
    p: &payments::Model,
    refunds: &[refunds::Model],
    customer_id: Option<Uuid>,
) -> PaymentView {
    let places = minor_places(&p.currency);
    PaymentView {
        id: p.id.into(),
        customer_id,
        invoice_id: p.invoice_id.map(Into::into),
        purpose: p.purpose.to_string(),
        method: p.method.to_string(),
        status: p.status.to_string(),
        amount: with_places(p.amount.0, places),
        refunded: with_places(p.refunded.0, places),
        currency: p.currency.clone(),
        reference: p.reference.clone(),
        failure: p.failure.clone(),
        attempts: p.attempts.max(0) as u32,
        next_attempt_at: p.next_attempt_at,
        created_at: p.created_at,
        settled_at: p.settled_at,
        refunds: refunds
            .iter()
            .filter(|r| r.payment_id == p.id)
            .map(|r| RefundView {
                id: r.id,
                amount: with_places(r.amount.0, places),
                status: r.status.to_string(),
                reason: r.reason.clone(),
                created_by: r.created_by.clone(),
                created_at: r.created_at,
            })
            .collect(),
        customer_name: None,
        customer_email: None,
    }
}
