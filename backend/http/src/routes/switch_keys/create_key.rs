//! `POST /api/v1/switch-keys`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::switch_keys::create_key as use_case;
use ringledger_shared::api::customers::{CreateSwitchKeyRequest, SwitchKeyView};

/// Creates a key; the answer is the only time the whole key is shown.
#[utoipa::path(post, path = "/api/v1/switch-keys", tag = "switch", request_body = CreateSwitchKeyRequest, security(("bearer" = [])),
    responses((status = 201, body = SwitchKeyView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/switch-keys")]
pub async fn create_key(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<CreateSwitchKeyRequest>,
) -> ApiResult<HttpResponse> {
    let view: SwitchKeyView =
        use_case::create_key(state.repos(), state.clock(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}
