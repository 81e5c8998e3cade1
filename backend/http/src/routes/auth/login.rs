//! `POST /api/v1/auth/login`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::auth::login::{self as use_case, LoginError};
use ringledger_shared::api::{LoginRequest, SessionView};

crate::edge!(LoginError {
    RateLimited => RateLimited,
    TooManyFailures => RateLimited,
    InvalidCredentials => InvalidCredentials,
    CodeNeeded => TwoFactorRequired,
    WrongCode => TwoFactorRequired,
});

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
    let device = crate::gate::device(&req);
    let session = use_case::login(
        state.deps().with_device(&device),
        &site,
        &body.0,
        crate::gate::origin(&req),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .cookie(crate::cookies::refresh_cookie(
            &state,
            &session.refresh_token,
        ))
        .json(session.view))
}
