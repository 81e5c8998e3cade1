//! `POST /api/v1/portal/signup`: a visitor signs up for several services at once.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::customer_signup::{Origin, sign_up};
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerSignupResponse};

/// Creates the customer, the account and every service with its
/// credentials in one transaction, and e-mails a verification link. The
/// answer shows each PIN and password once. Until the link is followed the
/// customer cannot sign in and every call is refused (`email_unverified`).
#[utoipa::path(post, path = "/api/v1/portal/signup", tag = "portal", request_body = CustomerSignupRequest, responses(
    (status = 201, body = CustomerSignupResponse),
    (status = 400, description = "a field is invalid (named, e.g. `services[1].anis[0]`)", body = ringledger_shared::error::ErrorBody),
    (status = 409, description = "e-mail or phone number already registered", body = ringledger_shared::error::ErrorBody),
    (status = 429, body = ringledger_shared::error::ErrorBody)))]
#[post("/portal/signup")]
pub async fn customer_signup(
    req: HttpRequest,
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    body: JsonBody<CustomerSignupRequest>,
) -> ApiResult<HttpResponse> {
    let Site::Seller(site) = site else {
        return Err(
            AppError::new(ErrorCode::PortalNotFound, "sign up on a provider's portal").into(),
        );
    };
    if site.status != TenantStatus::Active {
        return Err(ringledger_core::auth::principal::suspended().into());
    }
    if !ringledger_core::auth::rate_limit::check_signup(&state, req.peer_addr().map(|a| a.ip()))
        .await?
    {
        return Err(AppError::new(
            ErrorCode::RateLimited,
            "too many sign-ups from your network; try again later",
        )
        .into());
    }
    let customer = sign_up(&state, &site, body.0, Origin::Portal).await?;
    Ok(HttpResponse::Created().json(CustomerSignupResponse { customer }))
}
