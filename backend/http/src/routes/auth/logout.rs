//! `POST /api/v1/auth/logout`: end the session.

use super::presented_refresh_token;
use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::auth::logout as use_case;
use ringledger_shared::api::RefreshRequest;

/// Revokes the session's whole refresh family and clears the cookie.
/// Idempotent: an unknown or already revoked token also answers 204.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "logged out")))]
#[post("/auth/logout")]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let token = presented_refresh_token(&req, &body)?;
    use_case::logout(state.repos(), state.clock(), &site, token.as_deref()).await?;
    Ok(HttpResponse::NoContent()
        .cookie(crate::cookies::clear_refresh_cookie(&state))
        .finish())
}
