//! `POST /api/v1/plans`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::plans::create_plan as use_case;
use ringledger_shared::api::catalog::{CreatePlanRequest, PlanView};

// Parses a service kind field (the customers handlers use it too).
pub(crate) use ringledger_core::usecases::plans::create_plan::service_kind;

/// Creates a plan for one service kind.
#[utoipa::path(post, path = "/api/v1/plans", tag = "catalog", request_body = CreatePlanRequest,
    security(("bearer" = [])), responses((status = 201, body = PlanView),
    (status = 400, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/plans")]
pub async fn create_plan(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<CreatePlanRequest>,
) -> ApiResult<HttpResponse> {
    let view = use_case::create_plan(state.repos(), state.clock(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}
