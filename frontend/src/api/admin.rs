//! The platform console: operators (tenants).

use super::{ApiError, get_json, post_json};
use ringledger_shared::api::routes;
use ringledger_shared::api::{Page, TenantView};
use ringledger_shared::ids::TenantId;

/// `GET /api/v1/admin/tenants`.
pub async fn list_tenants(token: &str) -> Result<Page<TenantView>, ApiError> {
    get_json(routes::LIST_TENANTS.rel(), Some(token)).await
}

/// `POST /api/v1/admin/tenants/{id}/suspend`.
pub async fn suspend_tenant(token: &str, id: TenantId) -> Result<TenantView, ApiError> {
    post_json(
        &routes::SUSPEND_TENANT.fill(&[&id]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}

/// `POST /api/v1/admin/tenants/{id}/reactivate`.
pub async fn reactivate_tenant(token: &str, id: TenantId) -> Result<TenantView, ApiError> {
    post_json(
        &routes::REACTIVATE_TENANT.fill(&[&id]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}
