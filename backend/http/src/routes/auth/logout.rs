//! `POST /api/v1/auth/logout`: end the session.

use super::presented_refresh_token;
use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::auth::refresh;
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
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
    if let Some((id, secret)) = token.as_deref().and_then(refresh::parse) {
        let now = state.clock().now();
        match site {
            Site::Platform => {
                let tx = state.repos().platform().await?;
                if let Some(row) = tx.admin_refresh(id).await?
                    && refresh::matches(secret, &row.token_hash)
                {
                    tx.revoke_admin_family(row.family_id, now).await?;
                }
                tx.commit().await?;
            }
            Site::Seller(s) => {
                let tx = state.repos().tenant(s.tenant_id).await?;
                if let Some(row) = tx.refresh(id).await?
                    && refresh::matches(secret, &row.token_hash)
                {
                    tx.revoke_family(row.family_id, now).await?;
                }
                tx.commit().await?;
            }
        }
    }
    Ok(HttpResponse::NoContent()
        .cookie(crate::cookies::clear_refresh_cookie(&state))
        .finish())
}
