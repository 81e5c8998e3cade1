//! An issued invoice is never edited; it is voided by a credit note for
//! its whole amount, numbered per seller like invoices.

use super::views::{fixed, places};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::services::ledger::{self, Details};
use ringledger_db::entities::credit_notes;
use ringledger_db::repo::Repos;
use ringledger_shared::api::billing::{CreditNoteRequest, CreditNoteView};
use ringledger_shared::ids::InvoiceId;
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::status::InvoiceStatus;
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

crate::use_case_error! {
    /// Why an invoice could not be credited.
    pub enum CreditNoteError {
        /// The invoice (or its seller) is not the staff's seller's.
        #[error("{0} not found")]
        NotFound(&'static str),
        /// A credit note voided it before (or at the same moment).
        #[error("this invoice is already void")]
        AlreadyVoid,
    }
}

/// Voids invoice `id` with a credit note; what the invoice debited from
/// the balance is credited back in the ledger.
pub async fn credit_note(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: Uuid,
    request: &CreditNoteRequest,
) -> Result<CreditNoteView, CreditNoteError> {
    let reason = DisplayName::parse("reason", &request.reason)?;
    let tx = repos.tenant(staff.tenant_id).await?;
    let invoice = tx
        .billing()
        .invoice(InvoiceId(id))
        .await?
        .filter(|i| i.seller_id == staff.seller_id.as_uuid())
        .ok_or(CreditNoteError::NotFound("invoice"))?;
    if invoice.status == InvoiceStatus::Void {
        return Err(CreditNoteError::AlreadyVoid);
    }
    let seller = tx
        .billing()
        .seller_for_update(invoice.seller_id)
        .await?
        .ok_or(CreditNoteError::NotFound("seller"))?;
    // Re-read under the seller's lock: a concurrent credit note may have
    // voided it meanwhile.
    if tx
        .billing()
        .invoice(invoice.id)
        .await?
        .is_none_or(|i| i.status == InvoiceStatus::Void)
    {
        return Err(CreditNoteError::AlreadyVoid);
    }
    let sequence = seller.next_credit_note_number;
    let number = format!("CN-{sequence:06}");
    let now = clock.now();
    let actor = crate::usecases::actor(&tx, staff).await?;
    let note = tx
        .billing()
        .insert_credit_note(credit_notes::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            invoice_id: invoice.id,
            seller_id: seller.id,
            sequence,
            number: number.clone(),
            amount: invoice.total,
            reason: reason.as_str().to_owned(),
            created_by: actor.clone(),
            created_at: now,
        })
        .await?;
    tx.billing()
        .set_seller_counters(seller.id, seller.next_invoice_number, sequence + 1)
        .await?;
    tx.billing()
        .set_invoice_status(invoice.id, InvoiceStatus::Void)
        .await?;
    // The whole invoice was charged to the balance (usage call by call,
    // the rest when issued): credit it back.
    // The key is the invoice: a second credit note for it (a race past
    // the status check) cannot post, and fails the whole transaction.
    if !invoice.total.0.is_zero()
        && let Some(account) = tx
            .customers()
            .account_for_update(invoice.account_id)
            .await?
    {
        let journal = ledger::transfer(
            JournalKind::CreditNote,
            &account,
            Book::CreditNotes,
            invoice.total.0,
            format!("credit_note:{}", invoice.id),
            now,
        )
        .memo(format!(
            "credit note {number} voids invoice {}",
            invoice.number
        ))
        .actor(actor)
        .cause("credit_note", note.id);
        if !ledger::post(&tx, journal).await? {
            return Err(CreditNoteError::AlreadyVoid);
        }
    }
    let customer = tx
        .customers()
        .account(invoice.account_id)
        .await?
        .map(|a| a.customer_id);
    let mut event = Event::new("invoice.credited", "invoice", invoice.id).changes(
        Changes::none()
            .set("status", invoice.status, InvoiceStatus::Void)
            .to("credit_note", &number)
            .to("amount", invoice.total.0)
            .to("reason", reason.as_str()),
    );
    if let Some(c) = customer {
        event = event.customer(c);
    }
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(CreditNoteView {
        id: note.id,
        number,
        invoice_id: invoice.id.into(),
        amount: fixed(invoice.total.0, places(&invoice.currency)),
        reason: note.reason,
    })
}
