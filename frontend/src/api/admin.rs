//! The platform console: operators (tenants).

use super::{ApiError, get_json, post_json};
use ringledger_shared::api::{Page, TenantView};
use ringledger_shared::ids::TenantId;

/// `GET /api/v1/admin/tenants`.
pub async fn list_tenants(token: &str) -> Result<Page<TenantView>, ApiError> {
    get_json("/admin/tenants", Some(token)).await
}

/// `POST /api/v1/admin/tenants/{id}/suspend`.
pub async fn suspend_tenant(token: &str, id: TenantId) -> Result<TenantView, ApiError> {
    post_json(
        &format!("/admin/tenants/{id}/suspend"),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}

/// `POST /api/v1/admin/tenants/{id}/reactivate`.
pub async fn reactivate_tenant(token: &str, id: TenantId) -> Result<TenantView, ApiError> {
    post_json(
        &format!("/admin/tenants/{id}/reactivate"),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}
