//! The cards of one batch, for the CSV the seller prints or hands out.

use crate::auth::principal::StaffPrincipal;
use ringledger_db::entities::calling_cards;
use ringledger_db::repo::Repos;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a batch's cards could not be listed.
    pub enum ExportBatchError {
        /// No batch of the staff member's seller has this id (or the
        /// tenant is gone).
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// A batch's cards and the currency their balances are in.
#[derive(Debug)]
pub struct BatchCards {
    /// The batch.
    pub batch_id: Uuid,
    /// The operator's currency (ISO 4217).
    pub currency: String,
    /// Every card of the batch.
    pub cards: Vec<calling_cards::Model>,
}

/// The cards of batch `id` of the staff member's seller.
pub async fn export_batch(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<BatchCards, ExportBatchError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let batch = tx
        .customers()
        .card_batch(id)
        .await?
        .filter(|b| b.seller_id == staff.seller_id.as_uuid())
        .ok_or(ExportBatchError::NotFound("card batch"))?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or(ExportBatchError::NotFound("tenant"))?;
    let cards = tx.customers().cards_of_batch(batch.id).await?;
    tx.commit().await?;
    Ok(BatchCards {
        batch_id: batch.id,
        currency: tenant.currency,
        cards,
    })
}
