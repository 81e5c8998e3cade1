//! `GET /api/v1/customers`.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::plans::create_plan::service_kind;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::list_customers as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::api::sort::Sort;
use serde::Deserialize;

/// Search and paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CustomerSearch {
    /// Part of the e-mail or name.
    #[serde(default)]
    pub q: String,
    /// Only customers holding a service of this kind.
    pub service: Option<String>,
    /// Rows to skip.
    #[serde(default, deserialize_with = "crate::query::offset")]
    #[param(maximum = 10_000_000)]
    pub offset: u64,
    /// Rows per page, 1–500 (default 50).
    #[serde(default, deserialize_with = "crate::query::limit")]
    pub limit: Option<u64>,
    /// Order: `name`, `email`, `status` or `created_at`, `-` in front for
    /// descending (default `-created_at`, newest first).
    #[serde(default)]
    pub sort: String,
}

/// The customers of the seller and of every reseller below it, newest first.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(CustomerSearch), security(("bearer" = [])),
    responses((status = 200, body = Page<CustomerView>), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers")]
pub async fn list_customers(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    search: web::Query<CustomerSearch>,
) -> ApiResult<web::Json<Page<CustomerView>>> {
    let kind = match search.service.as_deref().filter(|s| !s.is_empty()) {
        Some(k) => Some(service_kind("service", k)?),
        None => None,
    };
    let limit = search.limit.unwrap_or(50).clamp(1, 500);
    let sort = Sort::parse("sort", &search.sort, use_case::SORT_COLUMNS)
        .map_err(ringledger_core::error::AppError::from)?;
    let page = use_case::list_customers(
        state.repos(),
        state.clock(),
        state.secrets(),
        &staff,
        use_case::CustomerSearch {
            q: &search.q,
            kind,
            offset: search.offset,
            limit,
            sort,
        },
    )
    .await?;
    Ok(web::Json(page))
}
