//! Every reseller below the staff's seller.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::resellers::views;
use crate::services::seller_tree::SellerTree;
use crate::state::AppState;
use ringledger_shared::api::resellers::ResellerView;

/// Every reseller below the staff's seller, at any depth, parents before
/// their children.
pub async fn list_resellers(
    state: &AppState,
    staff: &StaffPrincipal,
) -> Result<Vec<ResellerView>, AppError> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let tree = SellerTree::load(&tx).await?;
    let below: Vec<_> = tree
        .subtree(staff.seller_id.as_uuid())
        .into_iter()
        .skip(1)
        .filter_map(|id| tree.get(id))
        .collect();
    let out = views(state, &tx, &tree, &below).await?;
    tx.commit().await?;
    Ok(out)
}
