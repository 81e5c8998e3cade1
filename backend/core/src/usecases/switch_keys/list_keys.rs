//! Listing the switch keys.

use super::key_view;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::state::AppState;
use ringledger_shared::api::customers::SwitchKeyView;

/// Every key (without secrets), newest first.
pub async fn list_keys(
    state: &AppState,
    staff: &StaffPrincipal,
) -> Result<Vec<SwitchKeyView>, AppError> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let keys = tx.sellers().list_switch_keys().await?;
    tx.commit().await?;
    Ok(keys.iter().map(key_view).collect())
}
