//! `POST /api/v1/bundles`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::bundles::create_bundle as use_case;
use ringledger_shared::api::catalog::{BundleView, CreateBundleRequest};

/// Creates a bundle with its allowances.
#[utoipa::path(post, path = "/api/v1/bundles", tag = "catalog", request_body = CreateBundleRequest,
    security(("bearer" = [])), responses((status = 201, body = BundleView),
    (status = 400, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/bundles")]
pub async fn create_bundle(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<CreateBundleRequest>,
) -> ApiResult<HttpResponse> {
    let view = use_case::create_bundle(state.repos(), state.clock(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}
