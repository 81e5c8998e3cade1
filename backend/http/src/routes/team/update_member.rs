//! `PATCH /api/v1/team/members/{id}`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{patch, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::team::update_member as use_case;
use ringledger_shared::api::team::{MemberView, UpdateMemberRequest};
use uuid::Uuid;

/// Changes a member's role (from their next request). Only an owner makes
/// or changes an owner; the last owner cannot be demoted (`409`).
#[utoipa::path(patch, path = "/api/v1/team/members/{id}", tag = "team", request_body = UpdateMemberRequest,
    security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = MemberView),
    (status = 409, description = "the last owner", body = ringledger_shared::error::ErrorBody)))]
#[patch("/team/members/{id}")]
pub async fn update_member(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<UpdateMemberRequest>,
) -> ApiResult<web::Json<MemberView>> {
    Ok(web::Json(
        use_case::update_member(state.repos(), &staff, *id, &body.0).await?,
    ))
}
