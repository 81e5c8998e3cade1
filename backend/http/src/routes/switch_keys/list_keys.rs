//! `GET /api/v1/switch-keys`.

use crate::error::ApiResult;
use crate::extract::Operator;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::switch_keys::list_keys as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::SwitchKeyView;

/// Every key (without secrets), newest first.
#[utoipa::path(get, path = "/api/v1/switch-keys", tag = "switch", security(("bearer" = [])),
    responses((status = 200, body = Page<SwitchKeyView>)))]
#[get("/switch-keys")]
pub async fn list_keys(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Page<SwitchKeyView>>> {
    let items = use_case::list_keys(state.repos(), &staff).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
