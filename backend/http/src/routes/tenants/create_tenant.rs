//! `POST /api/v1/tenants`: an operator signs its company up.

use crate::error::ApiResult;
use crate::extract::{ClientIp, JsonBody};
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::tenants::create_tenant as use_case;
use ringledger_shared::api::{SignupRequest, SignupResponse};

/// Creates the tenant, its operator seller (with a default brand) and the
/// owner login, atomically, and returns the owner's first session.
#[utoipa::path(post, path = "/api/v1/tenants", tag = "tenants", request_body = SignupRequest, responses(
    (status = 201, body = SignupResponse),
    (status = 400, description = "a field is invalid", body = ringledger_shared::error::ErrorBody),
    (status = 409, description = "slug taken", body = ringledger_shared::error::ErrorBody),
    (status = 429, description = "too many sign-ups from this address", body = ringledger_shared::error::ErrorBody)))]
#[post("/tenants")]
pub async fn create_tenant(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    ClientIp(ip): ClientIp,
    body: JsonBody<SignupRequest>,
) -> ApiResult<HttpResponse> {
    let device = crate::gate::device(&req);
    let deps = state.deps().with_device(&device);
    let answer: SignupResponse = use_case::create_tenant(deps, &body.0, ip).await?;
    // No cookie: this is the platform's site; the hand-off token takes the
    // session to the new portal, which sets its own.
    Ok(HttpResponse::Created().json(answer))
}
