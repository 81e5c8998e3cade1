//! `POST /api/v1/admin/tenants/{id}/suspend` and `…/reactivate`.

use crate::error::ApiResult;
use crate::extract::Admin;
use actix_web::{post, web};
use ringledger_core::auth::principal::AdminPrincipal;
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::views::tenant_view;
use ringledger_shared::api::{TenantStatus, TenantView};
use ringledger_shared::ids::TenantId;
use uuid::Uuid;

async fn set_status(
    state: &AppState,
    admin: AdminPrincipal,
    id: Uuid,
    status: TenantStatus,
) -> ApiResult<TenantView> {
    let tx = state.repos().platform().await?;
    let updated = tx
        .set_tenant_status(TenantId(id), status, state.clock().now())
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    tx.commit().await?;
    tracing::info!(tenant = %id, admin = %admin.admin_id, status = status.as_str(), "tenant status changed");
    Ok(tenant_view(state, &updated))
}

/// Suspends a tenant: its users can no longer log in or call the API.
/// Idempotent.
#[utoipa::path(post, path = "/api/v1/admin/tenants/{id}/suspend", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "tenant id")), responses(
    (status = 200, body = TenantView),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/admin/tenants/{id}/suspend")]
pub async fn suspend_tenant(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TenantView>> {
    set_status(&state, admin, id.into_inner(), TenantStatus::Suspended)
        .await
        .map(web::Json)
}

/// Lifts a suspension. Idempotent.
#[utoipa::path(post, path = "/api/v1/admin/tenants/{id}/reactivate", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "tenant id")), responses(
    (status = 200, body = TenantView),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/admin/tenants/{id}/reactivate")]
pub async fn reactivate_tenant(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TenantView>> {
    set_status(&state, admin, id.into_inner(), TenantStatus::Active)
        .await
        .map(web::Json)
}
