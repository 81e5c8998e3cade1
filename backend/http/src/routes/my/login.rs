//! `POST /api/v1/my/login`: a customer signs in on their seller's portal.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::login::{self as use_case, CustomerLoginError};
use ringledger_shared::api::{LoginRequest, SessionView};

crate::edge!(CustomerLoginError {
    NotOnPortal => PortalNotFound,
    RateLimited => RateLimited,
    TooManyFailures => RateLimited,
    InvalidCredentials => InvalidCredentials,
    EmailNotVerified => EmailNotVerified,
    NotFound => NotFound,
});

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
    let device = crate::gate::device(&req);
    let session = use_case::customer_login(
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
