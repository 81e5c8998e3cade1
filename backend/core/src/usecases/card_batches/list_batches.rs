//! Listing the seller's card batches.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::views::card_batch_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::CardBatchView;

/// The staff member's seller's card batches, newest first.
pub async fn list_batches(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<Vec<CardBatchView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let batches = tx
        .customers()
        .list_card_batches(staff.seller_id.as_uuid())
        .await?;
    tx.commit().await?;
    Ok(batches.iter().map(card_batch_view).collect())
}
