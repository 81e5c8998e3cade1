//! Listing the bundles.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::views::bundle_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::catalog::BundleView;

/// Every bundle with its allowances, by name.
pub async fn list_bundles(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<Vec<BundleView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let bundles = tx.catalog().list_bundles().await?;
    let names = tx.catalog().group_names().await?;
    tx.commit().await?;
    Ok(bundles
        .iter()
        .map(|(b, s, a)| bundle_view(b, s, a, &names))
        .collect())
}
