//! A customer's payments, and payments received by hand (transfer, cash) —
//! the way to get paid when card payments are not configured.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::payments::{settle, views::payment_view};
use crate::usecases::customers::staff_customer;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::payments;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::payments::{ManualPaymentRequest, PaymentView};
use ringledger_shared::error::FieldError;
use ringledger_shared::ids::{CustomerId, InvoiceId};
use ringledger_shared::money::Currency;
use ringledger_shared::status::{InvoiceStatus, PaymentStatus};
use ringledger_shared::status::{PaymentMethod, PaymentPurpose};
use ringledger_shared::validate::{self, DisplayName};
use rust_decimal::Decimal;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a payment could not be recorded.
    pub enum RecordPaymentError {
        /// The payment just recorded is gone.
        #[error("payment not found")]
        PaymentNotFound,
        /// A reseller's customer pays the reseller: its parent may look,
        /// not record money (the rule balance adjustments have).
        #[error("only the customer's own seller can record its payments")]
        NotOwnSeller,
    }
}

/// Customer `id`'s payments and attempts, newest first (at most 200).
pub async fn list_customer_payments(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    id: CustomerId,
) -> Result<Vec<PaymentView>, AppError> {
    let tx = StaffTx::open_read(deps.repos(), staff).await?;
    let (customer, account) = staff_customer(&tx, id).await?;
    let rows = tx.payments().payments_of_account(account.id, 200).await?;
    let ids: Vec<_> = rows.iter().map(|p| p.id).collect();
    let refunds = tx.payments().refunds_of(&ids).await?;
    tx.commit().await?;
    Ok(rows
        .iter()
        .map(|p| payment_view(p, &refunds, Some(customer.id.into())))
        .collect())
}

/// Records a payment customer `id` made by hand; it credits the balance
/// and, if given, pays the invoice.
pub async fn record_payment(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    id: CustomerId,
    request: &ManualPaymentRequest,
) -> Result<PaymentView, RecordPaymentError> {
    let reference = DisplayName::parse("reference", &request.reference)?;
    let tx = StaffTx::open(deps.repos(), staff).await?;
    let (customer, account) = staff_customer(&tx, id).await?;
    if account.seller_id != staff.seller_id.as_uuid() {
        return Err(RecordPaymentError::NotOwnSeller);
    }
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let amount = validate::positive_amount("amount", &request.amount, currency)?;
    if let Some(inv) = request.invoice_id {
        let invoice = tx
            .billing()
            .invoice(ringledger_shared::ids::InvoiceId(inv))
            .await?
            .filter(|i| i.account_id == account.id)
            .ok_or_else(|| FieldError::new("invoice_id", "is not an invoice of this customer"))?;
        if invoice.status == InvoiceStatus::Void {
            // A conflict that names the field: stays an `AppError`.
            return Err(AppError::new(ErrorCode::Conflict, "the invoice is void")
                .with_field("invoice_id")
                .into());
        }
    }
    let actor = crate::usecases::actor(&tx, staff).await?;
    let now = deps.clock().now();
    let p = tx
        .payments()
        .insert_payment(payments::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7().into(),
            account_id: account.id,
            invoice_id: request.invoice_id.map(InvoiceId),
            purpose: if request.invoice_id.is_some() {
                PaymentPurpose::Invoice
            } else {
                PaymentPurpose::TopUp
            },
            method: PaymentMethod::Manual,
            status: PaymentStatus::Pending,
            amount: DbDecimal(amount),
            refunded: DbDecimal(Decimal::ZERO),
            currency: account.currency.clone(),
            checkout_session_id: None,
            payment_intent_id: None,
            reference: reference.as_str().to_owned(),
            failure: None,
            attempts: 0,
            next_attempt_at: None,
            created_by: actor.chars().take(100).collect(),
            created_at: now,
            settled_at: None,
        })
        .await?;
    settle::succeed(&tx, deps, p.id, None, None, None, false).await?;
    // The balance as the ledger left it, under the lock `succeed` took (the
    // account read above was not locked: another posting may have come first).
    let after = tx
        .customers()
        .account(account.id)
        .await?
        .map_or(account.balance.0 + amount, |a| a.balance.0);
    let event = Event::new("payment.recorded", "payment", p.id.0)
        .customer(id)
        .changes(
            Changes::none()
                .to("amount", amount)
                .to("invoice_id", request.invoice_id)
                .to("reference", reference.as_str())
                .set("balance", after - amount, after),
        );
    audit::by_staff(&tx, staff, event).await?;
    let p = tx
        .payments()
        .payment(p.id)
        .await?
        .ok_or(RecordPaymentError::PaymentNotFound)?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(payment_view(&p, &[], Some(customer.id.into())))
}
