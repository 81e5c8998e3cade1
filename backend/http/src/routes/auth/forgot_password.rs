//! `POST /api/v1/auth/password-reset` and `…/confirm`: a staff member's
//! (on their seller's portal) or a platform admin's (on the platform's own
//! site) forgotten password.

use crate::error::ApiResult;
use crate::extract::{JsonBody, RequestSite};
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::auth::forgot_password as use_case;
use ringledger_shared::api::team::{PasswordResetConfirm, PasswordResetRequest};

/// E-mails a reset link (valid one hour, single use) to the login with this
/// address, if there is one: the answer is the same either way. At most 5
/// requests per address and 20 per client per hour (`429`).
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = PasswordResetRequest,
    responses((status = 202, description = "sent if the address signs in here"),
    (status = 429, description = "too many requests", body = ringledger_shared::error::ErrorBody)))]
#[post("/auth/password-reset")]
pub async fn request_staff_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    use_case::request_reset(state.deps(), &site, &body.0, crate::gate::origin(&req)).await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({"sent": true})))
}

/// Sets the new password with the link's token; every session of the login
/// ends. The link works once.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = PasswordResetConfirm,
    responses((status = 200, description = "the password is changed"),
    (status = 401, description = "invalid, used or expired link", body = ringledger_shared::error::ErrorBody)))]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_staff_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    use_case::confirm_reset(state.deps(), &site, &body.0, crate::gate::origin(&req)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"reset": true})))
}
