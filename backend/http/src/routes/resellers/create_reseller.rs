//! `POST /api/v1/resellers`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::services::resellers;
use ringledger_core::state::AppState;
use ringledger_shared::api::resellers::{CreateResellerRequest, ResellerView};

/// Creates a reseller directly under the caller's seller, with its owner's
/// login and its wholesale account with the caller.
#[utoipa::path(post, path = "/api/v1/resellers", tag = "resellers", request_body = CreateResellerRequest, security(("bearer" = [])),
    responses((status = 201, body = ResellerView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 403, description = "deeper than the operator allows", body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/resellers")]
pub async fn create_reseller(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<CreateResellerRequest>,
) -> ApiResult<HttpResponse> {
    let view = resellers::create(state.deps(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}
