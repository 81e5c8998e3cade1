//! `POST /api/v1/api-keys`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::api_keys::create_api_key as use_case;
use ringledger_shared::api::team::{ApiKeyView, CreateApiKeyRequest};

/// Creates an API key for the seller's own systems, with a scope
/// (`read_only`, `billing`, `catalog`, `customers`) and an optional last
/// day; the answer is the only time the whole key is shown. Send it as
/// `Authorization: Bearer rlak_…` to this seller's host.
#[utoipa::path(post, path = "/api/v1/api-keys", tag = "team", request_body = CreateApiKeyRequest,
    security(("bearer" = [])), responses((status = 201, body = ApiKeyView)))]
#[post("/api-keys")]
pub async fn create_api_key(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    let key = use_case::create_api_key(state.repos(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(key))
}
