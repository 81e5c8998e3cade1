//! `POST /api/v1/customers/{id}/services/{service_id}/release`: lifts a
//! fraud suspension.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::fraud::release_service as use_case;
use ringledger_shared::api::fraud::CustomerFraudView;
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

/// Lifts a fraud suspension of the service.
#[utoipa::path(post, path = "/api/v1/customers/{id}/services/{service_id}/release", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("service_id" = Uuid, Path)),
    responses((status = 200, body = CustomerFraudView), (status = 404, body = ringledger_shared::error::ErrorBody),
        (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/services/{service_id}/release")]
pub async fn release_service(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<CustomerFraudView>> {
    let (id, service_id) = path.into_inner();
    Ok(web::Json(
        use_case::release_service(state.repos(), &staff, CustomerId(id), service_id).await?,
    ))
}
