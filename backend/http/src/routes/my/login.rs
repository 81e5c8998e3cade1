//! `POST /api/v1/my/login`: a customer signs in on their seller's portal.

use super::account_unavailable;
use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::auth::{password, session};
use ringledger_core::error::AppError;
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{LoginRequest, SessionView, TenantStatus};
use ringledger_shared::status::CustomerStatus;

/// Signs a customer in. Unverified e-mail answers `403 email_not_verified`
/// (after the password is checked).
#[utoipa::path(post, path = "/api/v1/my/login", tag = "customer", request_body = LoginRequest, responses(
    (status = 200, body = SessionView),
    (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 401, body = ringledger_shared::error::ErrorBody),
    (status = 403, description = "e-mail not verified, or account suspended", body = ringledger_shared::error::ErrorBody),
    (status = 429, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/login")]
pub async fn customer_login(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let login = body.0.parse().map_err(AppError::from_fields)?;
    let Site::Seller(site) = site else {
        return Err(AppError::new(
            ErrorCode::PortalNotFound,
            "customers sign in on their provider's portal",
        )
        .into());
    };
    let ip = req.peer_addr().map(|a| a.ip());
    let key = format!("{}:customer:{}", site.tenant_id, login.email);
    if !ringledger_core::auth::rate_limit::check_login(&state, &key, ip).await? {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many sign-in attempts; wait a few minutes",
        )
        .into());
    }
    let tx = state.repos().tenant(site.tenant_id).await?;
    let customer = tx
        .customer_by_email(site.seller_id.as_uuid(), login.email.as_str())
        .await?;
    let ok = password::verify(
        login.password,
        customer.as_ref().map(|c| c.password_hash.clone()),
    )
    .await;
    let customer = customer.filter(|_| ok).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidCredentials,
            "the e-mail or the password is wrong",
        )
    })?;
    if site.status != TenantStatus::Active {
        return Err(ringledger_core::auth::principal::suspended().into());
    }
    if customer.email_verified_at.is_none() {
        return Err(AppError::new(
            ErrorCode::EmailNotVerified,
            "confirm your e-mail first: follow the link we sent you",
        )
        .into());
    }
    if customer.status == CustomerStatus::Suspended || customer.status == CustomerStatus::Closed {
        return Err(account_unavailable().into());
    }
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("portal"))?;
    let session: SessionView =
        session::issue_customer(&state, &tx, &customer, &tenant, None).await?;
    tx.commit().await?;
    Ok(HttpResponse::Ok()
        .cookie(crate::cookies::refresh_cookie(
            &state,
            &session.refresh_token,
        ))
        .json(session))
}
