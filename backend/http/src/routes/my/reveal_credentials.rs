//! `GET /api/v1/my/services/{id}/credentials`: reveal one service's PIN or password.

use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::reveal_credentials::{self as use_case, RevealCredentialsError};
use ringledger_shared::api::customers::ServiceView;
use uuid::Uuid;

crate::edge!(RevealCredentialsError {
    ServiceNotFound => NotFound,
});

/// The service with its secret (PIN for a calling card, password for SIP or
/// video). Another customer's service answers 404.
#[utoipa::path(get, path = "/api/v1/my/services/{id}/credentials", tag = "customer", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "service id")),
    responses((status = 200, body = ServiceView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/services/{id}/credentials")]
pub async fn reveal_credentials(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ServiceView>> {
    Ok(web::Json(
        use_case::reveal_credentials(state.repos(), state.clock(), state.secrets(), &me, *id)
            .await?,
    ))
}
