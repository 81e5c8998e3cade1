//! Every reseller below the staff's seller.

use crate::auth::principal::StaffPrincipal;
use crate::config::Settings;
use crate::error::AppError;
use crate::services::resellers::views;
use crate::services::seller_tree::SellerTree;
use ringledger_db::repo::Repos;
use ringledger_shared::api::resellers::ResellerView;

/// Every reseller below the staff's seller, at any depth, parents before
/// their children.
pub async fn list_resellers(
    repos: &Repos,
    settings: &Settings,
    staff: &StaffPrincipal,
) -> Result<Vec<ResellerView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let tree = SellerTree::load(&tx).await?;
    let below: Vec<_> = tree
        .subtree(staff.seller_id.as_uuid())
        .into_iter()
        .skip(1)
        .filter_map(|id| tree.get(id))
        .collect();
    let out = views(settings, &tx, &tree, &below).await?;
    tx.commit().await?;
    Ok(out)
}
