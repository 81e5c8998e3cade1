//! `POST /api/v1/my/services/{id}/reset-password`: a new SIP/video password.

use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::reset_password::{self as use_case, ResetPasswordError};
use ringledger_shared::api::customers::ServiceView;
use uuid::Uuid;

crate::edge!(ResetPasswordError {
    NotFound => NotFound,
});

/// Replaces the device password; the answer shows the new one.
#[utoipa::path(post, path = "/api/v1/my/services/{id}/reset-password", tag = "customer", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ServiceView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/services/{id}/reset-password")]
pub async fn reset_password(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ServiceView>> {
    Ok(web::Json(
        use_case::reset_password(state.repos(), state.clock(), state.secrets(), &me, *id).await?,
    ))
}
