//! `POST /api/v1/portal/signup`: a visitor signs up for several services at once.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::RequestSite;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::portal::customer_signup::{self as use_case, CustomerSignupError};
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerSignupResponse};

crate::edge!(CustomerSignupError {
    NotOnPortal => PortalNotFound,
    RateLimited => RateLimited,
});

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
    let ip = crate::extract::client_ip(&req);
    let customer = use_case::customer_signup(state.deps(), &site, body.0, ip).await?;
    Ok(HttpResponse::Created().json(CustomerSignupResponse { customer }))
}
