//! `GET /api/v1/customers`.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::plans::create_plan::service_kind;
use actix_web::{get, web};
use ringledger_core::services::customer_view::{Secrets, load_many};
use ringledger_core::services::seller_tree::SellerScope;
use ringledger_core::state::AppState;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::CustomerView;
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
    #[serde(default)]
    pub offset: u64,
    /// Rows per page, 1–500 (default 50).
    pub limit: Option<u64>,
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
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let scope = SellerScope::of(&tx, &staff).await?;
    let (rows, total) = tx
        .list_customers(
            &scope.ids,
            &search.q,
            kind.map(|k| k.as_str()),
            search.offset,
            limit,
        )
        .await?;
    let items = load_many(&state, &tx, &rows, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(web::Json(Page { items, total }))
}
