//! `POST /api/v1/auth/refresh`: trade a refresh token for a new session.

use super::presented_refresh_token;
use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::auth::refresh::{self as use_case, RefreshError};
use ringledger_shared::api::{RefreshRequest, SessionView};

crate::edge!(RefreshError {
    InvalidToken => InvalidToken,
});

/// Rotates the refresh token: the presented one is revoked and a new session
/// issued in the same family. Presenting an already-rotated token is taken
/// as theft: the whole family is revoked. Without any token (no cookie, no
/// body) the answer is `204`: nobody is signed in, which is no error (a
/// visitor's first page load asks).
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, body = SessionView),
    (status = 204, description = "no refresh token presented: nobody is signed in"),
    (status = 401, description = "token invalid, expired or revoked", body = ringledger_shared::error::ErrorBody),
    (status = 403, description = "tenant suspended", body = ringledger_shared::error::ErrorBody)))]
#[post("/auth/refresh")]
pub async fn refresh_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let device = crate::gate::device(&req);
    let Some(token) = presented_refresh_token(&req, &body)? else {
        return Ok(HttpResponse::NoContent().finish());
    };
    let session =
        use_case::refresh_session(state.deps().with_device(&device), &site, Some(&token)).await?;
    Ok(HttpResponse::Ok()
        .cookie(crate::cookies::refresh_cookie(
            &state,
            &session.refresh_token,
        ))
        .json(session.view))
}
