//! `POST /api/v1/admin/tenants/{id}/suspend` and `…/reactivate`.

use crate::error::ApiResult;
use crate::extract::Admin;
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::admin::set_tenant_status::{self as use_case, SetTenantStatusError};
use ringledger_shared::api::{TenantStatus, TenantView};
use uuid::Uuid;

crate::edge!(SetTenantStatusError {
    TenantNotFound => NotFound,
});

/// Suspends a tenant: its users can no longer log in or call the API.
/// Idempotent.
#[utoipa::path(post, path = "/api/v1/admin/tenants/{id}/suspend", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "tenant id")), responses(
    (status = 200, body = TenantView),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/admin/tenants/{id}/suspend")]
pub async fn suspend_tenant(
    req: actix_web::HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TenantView>> {
    let view = use_case::set_tenant_status(
        state.repos(),
        state.clock(),
        state.urls(),
        &admin,
        crate::gate::origin(&req),
        id.into_inner(),
        TenantStatus::Suspended,
    )
    .await?;
    Ok(web::Json(view))
}

/// Lifts a suspension. Idempotent.
#[utoipa::path(post, path = "/api/v1/admin/tenants/{id}/reactivate", tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "tenant id")), responses(
    (status = 200, body = TenantView),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/admin/tenants/{id}/reactivate")]
pub async fn reactivate_tenant(
    req: actix_web::HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TenantView>> {
    let view = use_case::set_tenant_status(
        state.repos(),
        state.clock(),
        state.urls(),
        &admin,
        crate::gate::origin(&req),
        id.into_inner(),
        TenantStatus::Active,
    )
    .await?;
    Ok(web::Json(view))
}
