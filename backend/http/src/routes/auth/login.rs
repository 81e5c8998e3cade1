//! `POST /api/v1/auth/login`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::auth::principal::suspended;
use ringledger_core::auth::{password, session};
use ringledger_core::error::AppError;
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::{LoginRequest, SessionView, TenantStatus};
use ringledger_shared::ids::UserId;

fn invalid_credentials() -> AppError {
    AppError::new(
        ErrorCode::InvalidCredentials,
        "the e-mail or the password is wrong",
    )
}

/// Logs a user in: staff on a seller portal, platform admins on the bare host.
/// Unknown e-mails cost the same argon2 work as wrong passwords.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = SessionView),
    (status = 400, description = "a field is invalid", body = ringledger_shared::error::ErrorBody),
    (status = 401, description = "wrong e-mail or password", body = ringledger_shared::error::ErrorBody),
    (status = 403, description = "tenant suspended", body = ringledger_shared::error::ErrorBody),
    (status = 429, description = "too many attempts", body = ringledger_shared::error::ErrorBody)))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let login = body.0.parse().map_err(AppError::from_fields)?;
    let scope = match &site {
        Site::Platform => "platform".to_owned(),
        Site::Seller(s) => s.tenant_id.to_string(),
    };
    let ip = req.peer_addr().map(|a| a.ip());
    if !ringledger_core::auth::rate_limit::check_login(
        &state,
        &format!("{scope}:{}", login.email),
        ip,
    )
    .await?
    {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many sign-in attempts; wait a few minutes and try again",
        )
        .into());
    }

    let session: SessionView = match site {
        Site::Platform => {
            let tx = state.repos().platform().await?;
            let admin = tx.admin_by_email(login.email.as_str()).await?;
            let ok = password::verify(
                login.password,
                admin.as_ref().map(|a| a.password_hash.clone()),
            )
            .await;
            let admin = admin.filter(|_| ok).ok_or_else(invalid_credentials)?;
            let session = session::issue_admin(&state, &tx, &admin, None).await?;
            tx.commit().await?;
            session
        }
        Site::Seller(s) => {
            let tx = state.repos().tenant(s.tenant_id).await?;
            let user = tx.user_by_email(login.email.as_str()).await?;
            let ok = password::verify(
                login.password,
                user.as_ref().map(|u| u.password_hash.clone()),
            )
            .await;
            // Staff sign in on their own seller's site: a reseller's staff
            // on the reseller's portal, the operator's on the operator's.
            let user = user
                .filter(|u| ok && u.seller_id == s.seller_id.as_uuid())
                .ok_or_else(invalid_credentials)?;
            let tenant = tx.tenant().await?.ok_or_else(invalid_credentials)?;
            if tenant.status != TenantStatus::Active {
                return Err(suspended().into());
            }
            tx.touch_login(UserId(user.id), state.clock().now()).await?;
            let session = session::issue_staff(&state, &tx, &user, &tenant, None).await?;
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
