//! `GET /api/v1/onboarding`: the dashboard's checklist.

use crate::error::ApiResult;
use crate::extract::Operator;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::onboarding::first_steps as use_case;
use ringledger_shared::api::onboarding::FirstStepsView;

/// Which first steps the operator has taken: a rate deck, a plan, a switch
/// key, a customer and a bill run.
#[utoipa::path(get, path = "/api/v1/onboarding", tag = "tenants", security(("bearer" = [])),
    responses((status = 200, body = FirstStepsView)))]
#[get("/onboarding")]
pub async fn first_steps(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<FirstStepsView>> {
    Ok(web::Json(
        use_case::first_steps(state.repos(), &staff).await?,
    ))
}
