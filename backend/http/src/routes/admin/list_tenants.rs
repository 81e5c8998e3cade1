//! `GET /api/v1/admin/tenants`.

use crate::error::ApiResult;
use crate::extract::Admin;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::admin::list_tenants as use_case;
use ringledger_shared::api::{Page, TenantView};
use serde::Deserialize;

/// Paging of lists.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// Items to skip (default 0).
    #[serde(default, deserialize_with = "crate::query::offset")]
    #[param(maximum = 10_000_000)]
    pub offset: u64,
    /// Items per page, 1–500 (default 100).
    #[serde(default, deserialize_with = "crate::query::limit")]
    pub limit: Option<u64>,
}

impl Paging {
    /// The page size, 1–500 (default 100).
    pub fn limit(&self) -> u64 {
        self.limit.unwrap_or(100).clamp(1, 500)
    }
}

/// Every tenant with its status, newest first.
#[utoipa::path(get, path = "/api/v1/admin/tenants", tag = "admin", params(Paging), security(("bearer" = [])), responses(
    (status = 200, body = Page<TenantView>),
    (status = 401, body = ringledger_shared::error::ErrorBody),
    (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[get("/admin/tenants")]
pub async fn list_tenants(
    Admin(_admin): Admin,
    state: web::Data<AppState>,
    paging: web::Query<Paging>,
) -> ApiResult<web::Json<Page<TenantView>>> {
    let page =
        use_case::list_tenants(state.repos(), state.urls(), paging.offset, paging.limit()).await?;
    Ok(web::Json(page))
}
