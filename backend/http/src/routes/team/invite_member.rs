//! `POST /api/v1/team/invitations` and `POST …/{id}/resend`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::team::invite_member as use_case;
use ringledger_shared::api::team::{InvitationView, InviteRequest};
use uuid::Uuid;

/// Invites someone by e-mail with a role; the single-use link (valid 72
/// hours) lets them choose a password on this seller's portal. An earlier
/// open invitation to the same address is withdrawn. Only an owner may
/// invite an owner.
#[utoipa::path(post, path = "/api/v1/team/invitations", tag = "team", request_body = InviteRequest,
    security(("bearer" = [])), responses((status = 201, body = InvitationView),
    (status = 409, description = "the e-mail already signs in here", body = ringledger_shared::error::ErrorBody)))]
#[post("/team/invitations")]
pub async fn invite_member(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<InviteRequest>,
) -> ApiResult<HttpResponse> {
    let view = use_case::invite_member(state.deps(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}

/// Sends an open invitation again with a new link (the old one stops
/// working), valid for another 72 hours.
#[utoipa::path(post, path = "/api/v1/team/invitations/{id}/resend", tag = "team", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = InvitationView)))]
#[post("/team/invitations/{id}/resend")]
pub async fn resend_invitation(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<InvitationView>> {
    Ok(web::Json(
        use_case::resend_invitation(state.deps(), &staff, *id).await?,
    ))
}
