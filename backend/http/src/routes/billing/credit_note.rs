//! `POST /api/v1/invoices/{id}/credit-note`: an issued invoice is never
//! edited; it is voided by a credit note for its whole amount, numbered per
//! seller like invoices.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::billing::credit_note::{self as use_case, CreditNoteError};
use ringledger_shared::api::billing::{CreditNoteRequest, CreditNoteView};
use uuid::Uuid;

crate::edge!(CreditNoteError {
    NotFound => NotFound,
    AlreadyVoid => Conflict,
});

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
    let note = use_case::credit_note(state.repos(), state.clock(), &staff, *id, &body.0).await?;
    Ok(HttpResponse::Created().json(note))
}
