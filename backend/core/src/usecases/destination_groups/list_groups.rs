//! Listing the destination groups.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::api::catalog::GroupView;

/// Every destination group with its prefixes, by name.
pub async fn list_groups(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<Vec<GroupView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let groups = tx.catalog().list_groups().await?;
    tx.commit().await?;
    Ok(groups
        .into_iter()
        .map(|(g, prefixes)| GroupView {
            id: g.id,
            name: g.name,
            prefixes,
        })
        .collect())
}
