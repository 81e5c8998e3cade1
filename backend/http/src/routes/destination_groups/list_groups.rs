//! `GET /api/v1/destination-groups`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::destination_groups::list_groups as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::GroupView;

/// Every destination group, by name.
#[utoipa::path(get, path = "/api/v1/destination-groups", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = Page<GroupView>)))]
#[get("/destination-groups")]
pub async fn list_groups(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Page<GroupView>>> {
    let items = use_case::list_groups(state.repos(), &staff).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
