//! `POST /api/v1/my/password`: the customer changes their own password.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::change_password as use_case;
use ringledger_shared::api::customers::ChangePasswordRequest;

/// Checks the current password, then stores the new one.
#[utoipa::path(post, path = "/api/v1/my/password", tag = "customer", request_body = ChangePasswordRequest, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/password")]
pub async fn change_password(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    use_case::change_password(state.repos(), state.clock(), &me, &body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
