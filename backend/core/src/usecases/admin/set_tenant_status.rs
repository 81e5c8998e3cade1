//! A platform administrator suspends a tenant or lifts its suspension.

use crate::audit::{self, Actor, Changes, Event};
use crate::auth::principal::{AdminPrincipal, Origin};
use crate::clock::Clock;
use crate::urls::Urls;
use crate::views::tenant_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::{TenantStatus, TenantView};
use ringledger_shared::ids::TenantId;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a tenant's status could not be set.
    pub enum SetTenantStatusError {
        /// No tenant has this id.
        #[error("tenant not found")]
        TenantNotFound,
    }
}

/// Sets tenant `id`'s status (idempotent); suspended, its users can no
/// longer log in or call the API.
pub async fn set_tenant_status(
    repos: &Repos,
    clock: &dyn Clock,
    urls: &Urls,
    admin: &AdminPrincipal,
    origin: Origin,
    id: Uuid,
    status: TenantStatus,
) -> Result<TenantView, SetTenantStatusError> {
    let now = clock.now();
    let tx = repos.platform().await?;
    let email = tx
        .admin(admin.admin_id)
        .await?
        .map(|a| a.email)
        .unwrap_or_else(|| "platform admin".into());
    let before = tx.tenant(TenantId(id)).await?.map(|t| t.status);
    let updated = tx
        .set_tenant_status(TenantId(id), status, now)
        .await?
        .ok_or(SetTenantStatusError::TenantNotFound)?;
    // The operator's audit log records it, in the same transaction.
    let tx = tx.into_tenant(TenantId(id)).await?;
    if before != Some(status) {
        let event = Event::new("tenant.status_changed", "tenant", id)
            .changes(Changes::none().set("status", before, status));
        let actor = Actor::Admin {
            id: admin.admin_id.as_uuid(),
            email,
        };
        audit::record(&tx, &actor, origin, event, now).await?;
    }
    tx.commit().await?;
    tracing::info!(tenant = %id, admin = %admin.admin_id, status = status.as_str(), "tenant status changed");
    Ok(tenant_view(urls, &updated))
}
