//! `POST /api/v1/my/verify-email`: the e-mailed link's token confirms the address.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::verify_email as use_case;
use ringledger_shared::api::customers::VerifyEmailRequest;

/// Confirms the e-mail and activates the customer. Using the same link twice
/// is harmless (`200`).
#[utoipa::path(post, path = "/api/v1/my/verify-email", tag = "customer", request_body = VerifyEmailRequest, responses(
    (status = 200, description = "verified"),
    (status = 401, description = "invalid or expired link", body = ringledger_shared::error::ErrorBody)))]
#[post("/my/verify-email")]
pub async fn verify_email(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<VerifyEmailRequest>,
) -> ApiResult<HttpResponse> {
    let email = use_case::verify_email(state.repos(), state.clock(), &site, &body.0).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"verified": true, "email": email})))
}
