//! Give back all or part of a payment (through Stripe for card payments,
//! with an idempotency key).

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::ports::Deps;
use crate::services::payments::gateway::Gateway;
use crate::services::payments::stripe_api::Metadata;
use crate::services::payments::{failure_error, gateway, settle, to_minor, views::payment_view};
use ringledger_db::entities::{payments, refunds};
use ringledger_shared::api::payments::{PaymentView, RefundRequest};
use ringledger_shared::error::FieldError;
use ringledger_shared::ids::PaymentId;
use ringledger_shared::money::Currency;
use ringledger_shared::status::PaymentMethod;
use ringledger_shared::status::{PaymentStatus, RefundStatus};
use ringledger_shared::validate::{self, DisplayName};
use rust_decimal::Decimal;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a payment could not be refunded.
    pub enum RefundPaymentError {
        /// No such payment of the staff's seller.
        #[error("payment not found")]
        PaymentNotFound,
        /// Only money received can be given back (the payment's status).
        #[error("only a succeeded payment can be refunded (this one is {0})")]
        NotSucceeded(String),
    }
}

/// What step 1 reserved: the payment, the pending refund, its amount, and
/// Stripe for a card payment.
struct Reserved {
    payment: payments::Model,
    refund: refunds::Model,
    amount: Decimal,
    gateway: Option<Gateway>,
}

/// Refunds payment `id`, fully or partly; answers the payment with its
/// refunds.
pub async fn refund_payment(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    id: Uuid,
    request: &RefundRequest,
) -> Result<PaymentView, RefundPaymentError> {
    let reason = DisplayName::parse("reason", &request.reason)?;
    // 1. Reserve the amount: a pending refund row, under the account lock.
    let reserved = reserve(deps, staff, id, request, reason.as_str()).await?;
    // 2. Stripe (card payments), outside any transaction.
    let provider_ref = through_stripe(deps, staff, &reserved).await?;
    // 3. Apply it: ledger, payment, invoice.
    let tx = deps.repos().tenant(staff.tenant_id).await?;
    settle::refund_done(&tx, deps, reserved.refund.id, provider_ref.as_deref()).await?;
    let customer = tx
        .customers()
        .account(reserved.payment.account_id)
        .await?
        .map(|a| a.customer_id);
    let mut event = Event::new("refund.created", "payment", reserved.payment.id.0).changes(
        Changes::none()
            .to("refund_id", reserved.refund.id)
            .to("amount", reserved.amount)
            .to("reason", reason.as_str()),
    );
    if let Some(c) = customer {
        event = event.customer(c);
    }
    audit::by_staff(&tx, staff, event).await?;
    let p = tx
        .payments()
        .payment(reserved.payment.id)
        .await?
        .ok_or(RefundPaymentError::PaymentNotFound)?;
    let refunds = tx.payments().refunds_of(&[p.id]).await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(payment_view(&p, &refunds, None))
}

/// Step 1: checks the payment and the amount left, and stores a pending
/// refund.
async fn reserve(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    id: Uuid,
    request: &RefundRequest,
    reason: &str,
) -> Result<Reserved, RefundPaymentError> {
    let tx = deps.repos().tenant(staff.tenant_id).await?;
    let p = tx
        .payments()
        .payment(PaymentId(id))
        .await?
        .ok_or(RefundPaymentError::PaymentNotFound)?;
    let account = tx
        .customers()
        .account_for_update(p.account_id)
        .await?
        .filter(|a| a.seller_id == staff.seller_id.as_uuid())
        .ok_or(RefundPaymentError::PaymentNotFound)?;
    let p = tx
        .payments()
        .payment(p.id)
        .await?
        .ok_or(RefundPaymentError::PaymentNotFound)?;
    if p.status != PaymentStatus::Succeeded {
        return Err(RefundPaymentError::NotSucceeded(p.status.to_string()));
    }
    let reserved: Decimal = tx
        .payments()
        .refunds_of(&[p.id])
        .await?
        .iter()
        .filter(|r| r.status != RefundStatus::Failed)
        .map(|r| r.amount.0)
        .sum();
    let left = p.amount.0 - reserved;
    let currency = Currency::parse(&p.currency).unwrap_or(Currency::USD);
    let amount = match request
        .amount
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(raw) => validate::positive_amount("amount", raw, currency)?,
        None => left,
    };
    if amount > left || left <= Decimal::ZERO {
        return Err(FieldError::new(
            "amount",
            format!("at most {left} {} is left to refund", p.currency),
        )
        .into());
    }
    let actor = crate::usecases::actor(&tx, staff).await?;
    let refund = tx
        .payments()
        .insert_refund(settle::new_refund(&tx, deps, p.id, amount, reason, &actor))
        .await?;
    let gateway = if p.method == PaymentMethod::Card {
        Some(gateway::require(deps, &tx, account.seller_id).await?)
    } else {
        None
    };
    tx.commit().await?;
    Ok(Reserved {
        payment: p,
        refund,
        amount,
        gateway,
    })
}

/// Step 2: a card payment's refund through Stripe; answers Stripe's refund
/// id. If Stripe refuses, the pending refund is marked failed.
async fn through_stripe(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    reserved: &Reserved,
) -> Result<Option<String>, RefundPaymentError> {
    let Some(g) = &reserved.gateway else {
        return Ok(None);
    };
    let p = &reserved.payment;
    let intent = p.payment_intent_id.clone().unwrap_or_default();
    let minor = to_minor(reserved.amount, &p.currency).unwrap_or(0);
    let mut meta = Metadata::new();
    meta.insert("refund_id".into(), reserved.refund.id.to_string());
    match g
        .api
        .refund(
            &intent,
            minor,
            &meta,
            &format!("refund:{}", reserved.refund.id),
        )
        .await
    {
        Ok(r) => Ok(Some(r.id)),
        Err(e) => {
            let tx = deps.repos().tenant(staff.tenant_id).await?;
            if let Some(mut r) = tx.payments().refund(reserved.refund.id).await? {
                r.status = RefundStatus::Failed;
                tx.payments().update_refund(r).await?;
            }
            tx.commit().await?;
            Err(failure_error(e).into())
        }
    }
}
