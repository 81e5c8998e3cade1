//! `PUT /api/v1/team/two-factor`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{HttpResponse, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::me::two_factor as use_case;
use ringledger_shared::api::team::TeamTwoFactorRequest;

/// Requires (or no longer requires) two-factor sign-in of the whole team
/// (owners only): members without it can do nothing but enrol.
#[utoipa::path(put, path = "/api/v1/team/two-factor", tag = "team", request_body = TeamTwoFactorRequest,
    security(("bearer" = [])), responses((status = 204)))]
#[put("/team/two-factor")]
pub async fn require_two_factor(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<TeamTwoFactorRequest>,
) -> ApiResult<HttpResponse> {
    use_case::set_team_requirement(state.repos(), &staff, &body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
