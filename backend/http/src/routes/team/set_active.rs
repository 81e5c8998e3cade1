//! `POST /api/v1/team/members/{id}/deactivate` and `…/reactivate`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::team::set_active as use_case;
use ringledger_shared::api::team::MemberView;
use uuid::Uuid;

/// Deactivates a member: every session ends at once and they cannot sign
/// in; their history stays. Not oneself; not the last owner (`409`).
#[utoipa::path(post, path = "/api/v1/team/members/{id}/deactivate", tag = "team", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = MemberView),
    (status = 409, description = "oneself, or the last owner", body = ringledger_shared::error::ErrorBody)))]
#[post("/team/members/{id}/deactivate")]
pub async fn deactivate_member(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<MemberView>> {
    Ok(web::Json(
        use_case::set_active(state.repos(), state.clock(), &staff, *id, false).await?,
    ))
}

/// Lets a deactivated member sign in again.
#[utoipa::path(post, path = "/api/v1/team/members/{id}/reactivate", tag = "team", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = MemberView)))]
#[post("/team/members/{id}/reactivate")]
pub async fn reactivate_member(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<MemberView>> {
    Ok(web::Json(
        use_case::set_active(state.repos(), state.clock(), &staff, *id, true).await?,
    ))
}
