//! Listing the seller's card batches.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::card_batch_view;
use ringledger_shared::api::customers::CardBatchView;

/// The staff member's seller's card batches, newest first.
pub async fn list_batches(
    state: &AppState,
    staff: &StaffPrincipal,
) -> Result<Vec<CardBatchView>, AppError> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let batches = tx
        .customers()
        .list_card_batches(staff.seller_id.as_uuid())
        .await?;
    tx.commit().await?;
    Ok(batches.iter().map(card_batch_view).collect())
}
