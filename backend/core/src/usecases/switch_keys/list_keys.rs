//! Listing the switch keys.

use super::key_view;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::SwitchKeyView;

/// Every key (without secrets), newest first.
pub async fn list_keys(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<Vec<SwitchKeyView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let keys = tx.sellers().list_switch_keys().await?;
    tx.commit().await?;
    Ok(keys.iter().map(key_view).collect())
}
