//! `POST /api/v1/auth/verify-email`: a staff member proves the login's
//! e-mail address with the e-mailed link.

use crate::error::ApiResult;
use crate::extract::{JsonBody, RequestSite};
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::auth::verify_staff_email as use_case;
use ringledger_shared::api::customers::VerifyEmailRequest;

/// Confirms a staff member's e-mail with the link's token. Using the same link twice is harmless.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = VerifyEmailRequest, responses(
    (status = 200, description = "verified"),
    (status = 401, description = "invalid or expired link", body = ringledger_shared::error::ErrorBody)))]
#[post("/auth/verify-email")]
pub async fn verify_staff_email(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<VerifyEmailRequest>,
) -> ApiResult<HttpResponse> {
    let email = use_case::verify_staff_email(state.repos(), state.clock(), &site, &body.0).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"verified": true, "email": email})))
}
