//! `GET /api/v1/team`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::team::list_team as use_case;
use ringledger_shared::api::team::TeamView;

/// The members of the caller's seller and its open invitations.
#[utoipa::path(get, path = "/api/v1/team", tag = "team", security(("bearer" = [])),
    responses((status = 200, body = TeamView)))]
#[get("/team")]
pub async fn list_team(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<TeamView>> {
    Ok(web::Json(
        use_case::list_team(state.repos(), state.clock(), &staff).await?,
    ))
}
