//! `POST /api/v1/invoices/{id}/credit-note`: an issued invoice is never
//! edited; it is voided by a credit note for its whole amount, numbered per
//! seller like invoices.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::ledger::{self, Details};
use ringledger_core::state::AppState;
use ringledger_db::entities::credit_notes;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::billing::{CreditNoteRequest, CreditNoteView};
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::status::InvoiceStatus;
use ringledger_shared::validate::DisplayName;
use uuid::Uuid;

/// Voids the invoice with a credit note; what the invoice debited from
/// the balance is credited back in the ledger.
#[utoipa::path(post, path = "/api/v1/invoices/{id}/credit-note", tag = "billing", request_body = CreditNoteRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 201, body = CreditNoteView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/invoices/{id}/credit-note")]
pub async fn credit_note(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<CreditNoteRequest>,
) -> ApiResult<HttpResponse> {
    let reason = DisplayName::parse("reason", &body.0.reason)?;
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let invoice = tx
        .invoice(*id)
        .await?
        .filter(|i| i.seller_id == staff.seller_id.as_uuid())
        .ok_or_else(|| AppError::not_found("invoice"))?;
    if invoice.status == InvoiceStatus::Void {
        return Err(AppError::new(ErrorCode::Conflict, "this invoice is already void").into());
    }
    let seller = tx
        .seller_for_update(invoice.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    // Re-read under the seller's lock: a concurrent credit note may have
    // voided it meanwhile.
    if tx
        .invoice(invoice.id)
        .await?
        .is_none_or(|i| i.status == InvoiceStatus::Void)
    {
        return Err(AppError::new(ErrorCode::Conflict, "this invoice is already void").into());
    }
    let sequence = seller.next_credit_note_number;
    let number = format!("CN-{sequence:06}");
    let now = state.clock().now();
    let actor = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into());
    let note = tx
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
    tx.set_seller_counters(seller.id, seller.next_invoice_number, sequence + 1)
        .await?;
    tx.set_invoice_status(invoice.id, InvoiceStatus::Void)
        .await?;
    // The whole invoice was charged to the balance (usage call by call,
    // the rest when issued): credit it back.
    // The key is the invoice: a second credit note for it (a race past
    // the status check) cannot post, and fails the whole transaction.
    if !invoice.total.0.is_zero()
        && let Some(account) = tx.account_for_update(invoice.account_id).await?
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
            return Err(AppError::new(ErrorCode::Conflict, "this invoice is already void").into());
        }
    }
    tx.commit().await?;
    Ok(HttpResponse::Created().json(CreditNoteView {
        id: note.id,
        number,
        invoice_id: invoice.id,
        amount: super::views::fixed(invoice.total.0, super::views::places(&invoice.currency)),
        reason: note.reason,
    }))
}
