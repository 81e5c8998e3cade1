//! `POST /api/v1/auth/refresh`: trade a refresh token for a new session.

use super::presented_refresh_token;
use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::auth::principal::suspended;
use ringledger_core::auth::{refresh, session};
use ringledger_core::error::AppError;
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{RefreshRequest, SessionView, TenantStatus};
use ringledger_shared::ids::{AdminId, UserId};
use ringledger_shared::status::CustomerStatus;

fn invalid() -> AppError {
    AppError::new(
        ErrorCode::InvalidToken,
        "the session has ended; sign in again",
    )
}

/// Rotates the refresh token: the presented one is revoked and a new session
/// issued in the same family. Presenting an already-rotated token is taken
/// as theft: the whole family is revoked.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, body = SessionView),
    (status = 401, description = "token invalid, expired or revoked", body = ringledger_shared::error::ErrorBody),
    (status = 403, description = "tenant suspended", body = ringledger_shared::error::ErrorBody)))]
#[post("/auth/refresh")]
pub async fn refresh_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let token = presented_refresh_token(&req, &body)?.ok_or_else(invalid)?;
    let (id, secret) = refresh::parse(&token).ok_or_else(invalid)?;
    let now = state.clock().now();

    let session: SessionView = match site {
        Site::Platform => {
            let tx = state.repos().platform().await?;
            let row = tx
                .admin_refresh(id)
                .await?
                .filter(|r| refresh::matches(secret, &r.token_hash));
            let row = row.ok_or_else(invalid)?;
            if row.revoked_at.is_some() {
                tx.revoke_admin_family(row.family_id, now).await?;
                tx.commit().await?;
                return Err(invalid().into());
            }
            if row.expires_at <= now {
                return Err(invalid().into());
            }
            tx.revoke_admin_family(row.family_id, now).await?;
            let admin = tx.admin(AdminId(row.admin_id)).await?.ok_or_else(invalid)?;
            let session = session::issue_admin(&state, &tx, &admin, Some(row.family_id)).await?;
            tx.commit().await?;
            session
        }
        Site::Seller(s) => {
            let tx = state.repos().tenant(s.tenant_id).await?;
            let row = tx
                .refresh(id)
                .await?
                .filter(|r| refresh::matches(secret, &r.token_hash));
            let row = row.ok_or_else(invalid)?;
            if row.revoked_at.is_some() {
                tx.revoke_family(row.family_id, now).await?;
                tx.commit().await?;
                return Err(invalid().into());
            }
            if row.expires_at <= now || !tx.revoke_refresh(row.id, now).await? {
                return Err(invalid().into());
            }
            let tenant = tx.tenant().await?.ok_or_else(invalid)?;
            if tenant.status != TenantStatus::Active {
                return Err(suspended().into());
            }
            // Customers' sessions rotate like staff's (a portal reload, or
            // the way back from a payment page, restores them).
            let session = if row.subject_kind == ringledger_shared::status::SubjectKind::Customer {
                let customer = tx
                    .customer(row.subject_id)
                    .await?
                    .filter(|c| {
                        c.seller_id == s.seller_id.as_uuid()
                            && c.status != CustomerStatus::Suspended
                            && c.status != CustomerStatus::Closed
                    })
                    .ok_or_else(invalid)?;
                session::issue_customer(&state, &tx, &customer, &tenant, Some(row.family_id))
                    .await?
            } else {
                let user = tx.user(UserId(row.subject_id)).await?.ok_or_else(invalid)?;
                session::issue_staff(&state, &tx, &user, &tenant, Some(row.family_id)).await?
            };
            tx.commit().await?;
            session
        }
    };
    Ok(HttpResponse::Ok()
        .cookie(crate::cookies::refresh_cookie(
            &state,
            &session.refresh_token,
        ))
        .json(session))
}
