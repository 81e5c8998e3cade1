//! One reseller below the staff's seller.

use crate::auth::principal::StaffPrincipal;
use crate::config::Settings;
use crate::error::AppError;
use crate::services::resellers::{below, view_one};
use ringledger_db::repo::Repos;
use ringledger_shared::api::resellers::ResellerView;
use uuid::Uuid;

/// Reseller `id`, if it is below the staff's seller (`reseller not found`
/// for any other).
pub async fn get_reseller(
    repos: &Repos,
    settings: &Settings,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<ResellerView, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let (tree, seller) = below(&tx, staff, id).await?;
    let v = view_one(settings, &tx, &tree, &seller).await?;
    tx.commit().await?;
    Ok(v)
}
