//! Revoking a switch key.

use crate::audit::{self, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use ringledger_db::repo::Repos;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a key could not be revoked.
    pub enum RevokeKeyError {
        /// The tenant has no such key.
        #[error("switch key not found")]
        NotFound,
    }
}

/// Revokes key `id` at once. Revoking it again is harmless.
pub async fn revoke_key(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<(), RevokeKeyError> {
    let tx = repos.tenant(staff.tenant_id).await?;
    if tx.sellers().switch_key(id).await?.is_none() {
        return Err(RevokeKeyError::NotFound);
    }
    tx.sellers().revoke_switch_key(id, clock.now()).await?;
    let event = Event::new("switch_key.revoked", "switch_key", id);
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(())
}
