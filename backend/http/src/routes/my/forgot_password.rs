//! `POST /api/v1/my/password-reset` and `…/confirm`: a customer's forgotten
//! password, on their seller's portal.

use crate::error::ApiResult;
use crate::extract::{JsonBody, RequestSite};
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::forgot_password as use_case;
use ringledger_shared::api::team::{PasswordResetConfirm, PasswordResetRequest};

/// E-mails a reset link (valid one hour, single use) to the customer with
/// this address, if there is one: the answer is the same either way. At
/// most 5 requests per address and 20 per client per hour (`429`).
#[utoipa::path(post, path = "/api/v1/my/password-reset", tag = "portal", request_body = PasswordResetRequest,
    responses((status = 202, description = "sent if the address is a customer here"),
    (status = 429, description = "too many requests", body = ringledger_shared::error::ErrorBody)))]
#[post("/my/password-reset")]
pub async fn request_customer_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    use_case::request_reset(state.deps(), &site, &body.0, crate::gate::origin(&req)).await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({"sent": true})))
}

/// Sets the customer's new password with the link's token; every session
/// of theirs ends. The link works once.
#[utoipa::path(post, path = "/api/v1/my/password-reset/confirm", tag = "portal", request_body = PasswordResetConfirm,
    responses((status = 200, description = "the password is changed"),
    (status = 401, description = "invalid, used or expired link", body = ringledger_shared::error::ErrorBody)))]
#[post("/my/password-reset/confirm")]
pub async fn confirm_customer_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    use_case::confirm_reset(state.deps(), &site, &body.0, crate::gate::origin(&req)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"reset": true})))
}
