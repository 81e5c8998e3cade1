//! `POST /api/v1/switch/lookup` with `{"pin"|"ani"|"sip_user": …}`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Switch};
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::switch::lookup as use_case;
use ringledger_shared::api::customers::{LookupRequest, LookupView};

/// The same lookup with the identifier in the body: the only way to look a PIN up.
#[utoipa::path(post, path = "/api/v1/switch/lookup", tag = "switch", request_body = LookupRequest,
    security(("switch_key" = [])),
    responses((status = 200, body = LookupView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 401, body = ringledger_shared::error::ErrorBody), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/switch/lookup")]
pub async fn lookup_by_body(
    Switch(sw): Switch,
    state: web::Data<AppState>,
    body: JsonBody<LookupRequest>,
) -> ApiResult<web::Json<LookupView>> {
    let view = use_case::lookup(
        state.repos(),
        state.secrets(),
        &sw,
        body.0.pin.as_deref(),
        body.0.ani.as_deref(),
        body.0.sip_user.as_deref(),
    )
    .await?;
    Ok(web::Json(view))
}
