//! `POST /api/v1/my/services`: add another service to the account.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::add_service::{self as use_case, AddServiceError};
use ringledger_shared::api::customers::{ServiceRequest, ServiceView};

crate::edge!(AddServiceError {
    NotFound => NotFound,
});

/// Adds a service (with its new credentials, shown once).
#[utoipa::path(post, path = "/api/v1/my/services", tag = "customer", request_body = ServiceRequest, security(("bearer" = [])),
    responses((status = 201, body = ServiceView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/services")]
pub async fn add_service(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<ServiceRequest>,
) -> ApiResult<HttpResponse> {
    let created =
        use_case::add_service(state.repos(), state.clock(), state.secrets(), &me, &body.0).await?;
    Ok(HttpResponse::Created().json(created))
}
