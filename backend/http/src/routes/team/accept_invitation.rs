//! `POST /api/v1/team/invitations/accept`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, RequestSite};
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::team::accept_invitation as use_case;
use ringledger_shared::api::team::{AcceptInvitationRequest, AcceptedView};

/// The invitee chooses a password with the e-mailed link's token, on the
/// inviting seller's portal; they then sign in. The link works once.
#[utoipa::path(post, path = "/api/v1/team/invitations/accept", tag = "team", request_body = AcceptInvitationRequest,
    responses((status = 201, body = AcceptedView),
    (status = 401, description = "invalid, used or expired link", body = ringledger_shared::error::ErrorBody),
    (status = 409, description = "the e-mail already signs in here", body = ringledger_shared::error::ErrorBody)))]
#[post("/team/invitations/accept")]
pub async fn accept_invitation(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<AcceptInvitationRequest>,
) -> ApiResult<actix_web::HttpResponse> {
    let view = use_case::accept_invitation(
        state.repos(),
        state.clock(),
        &site,
        crate::gate::origin(&req),
        &body.0,
    )
    .await?;
    Ok(actix_web::HttpResponse::Created().json(view))
}
