//! Removing a webhook endpoint.

use super::endpoint_of;
use crate::audit::{self, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use uuid::Uuid;

/// Removes endpoint `id` of the caller's seller: nothing more is sent to
/// it (deliveries still pending are given up); its history is kept for
/// the audit log.
pub async fn delete_endpoint(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<(), AppError> {
    let tx = repos.tenant(staff.tenant_id).await?;
    let mut endpoint = endpoint_of(&tx, staff, id).await?;
    endpoint.deleted_at = Some(staff.origin.at);
    endpoint.enabled = false;
    tx.webhooks().save_endpoint(endpoint).await?;
    audit::by_staff(
        &tx,
        staff,
        Event::new("webhook_endpoint.removed", "webhook_endpoint", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
