//! A platform administrator suspends a tenant or lifts its suspension.

use crate::auth::principal::AdminPrincipal;
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
    id: Uuid,
    status: TenantStatus,
) -> Result<TenantView, SetTenantStatusError> {
    let tx = repos.platform().await?;
    let updated = tx
        .set_tenant_status(TenantId(id), status, clock.now())
        .await?
        .ok_or(SetTenantStatusError::TenantNotFound)?;
    tx.commit().await?;
    tracing::info!(tenant = %id, admin = %admin.admin_id, status = status.as_str(), "tenant status changed");
    Ok(tenant_view(urls, &updated))
}
