//! `POST /api/v1/destination-groups`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::destination_groups::create_group as use_case;
use ringledger_shared::api::catalog::{CreateGroupRequest, GroupView};

/// Creates a destination group (e.g. "North America" = `1`).
#[utoipa::path(post, path = "/api/v1/destination-groups", tag = "catalog", request_body = CreateGroupRequest,
    security(("bearer" = [])), responses((status = 201, body = GroupView),
    (status = 400, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/destination-groups")]
pub async fn create_group(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<CreateGroupRequest>,
) -> ApiResult<HttpResponse> {
    let view = use_case::create_group(state.repos(), state.clock(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}
