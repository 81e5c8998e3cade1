//! Listing the API keys.

use super::view;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::api::team::ApiKeyView;

/// The keys of the caller's seller (without secrets), newest first.
pub async fn list_api_keys(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<Vec<ApiKeyView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let keys = tx.team().api_keys(staff.seller_id).await?;
    tx.commit().await?;
    Ok(keys.iter().map(view).collect())
}
