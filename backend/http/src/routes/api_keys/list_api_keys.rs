//! `GET /api/v1/api-keys`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::api_keys::list_api_keys as use_case;
use ringledger_shared::api::team::ApiKeyView;

/// The seller's API keys (never the secret), newest first, with when and
/// from where each was last used.
#[utoipa::path(get, path = "/api/v1/api-keys", tag = "team", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiKeyView>)))]
#[get("/api-keys")]
pub async fn list_api_keys(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<ApiKeyView>>> {
    Ok(web::Json(
        use_case::list_api_keys(state.repos(), &staff).await?,
    ))
}
