//! Revoking an API key.

use crate::audit::{self, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use uuid::Uuid;

/// Revokes a key of the caller's seller at once; again is harmless,
/// another seller's is `404`.
pub async fn revoke_api_key(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<(), AppError> {
    let tx = repos.tenant(staff.tenant_id).await?;
    tx.team()
        .api_key(id)
        .await?
        .filter(|k| k.seller_id == staff.seller_id.as_uuid())
        .ok_or_else(|| AppError::not_found("API key"))?;
    if tx.team().revoke_api_key(id, staff.origin.at).await? {
        audit::by_staff(&tx, staff, Event::new("api_key.revoked", "api_key", id)).await?;
    }
    tx.commit().await?;
    Ok(())
}
