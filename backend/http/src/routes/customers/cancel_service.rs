//! `POST /api/v1/customers/{id}/services/{service_id}/cancel`: a service
//! stops today — it is no longer authorised, and its recurring fee is
//! prorated to the days it ran on the next invoice.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::cancel_service::{self as use_case, CancelServiceError};
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

crate::edge!(CancelServiceError {
    ServiceNotFound => NotFound,
    AlreadyCancelled => Conflict,
});

/// Cancels one service of the customer.
#[utoipa::path(post, path = "/api/v1/customers/{id}/services/{service_id}/cancel", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("service_id" = Uuid, Path)),
    responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/services/{service_id}/cancel")]
pub async fn cancel_service(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<CustomerView>> {
    let (id, service_id) = path.into_inner();
    let view = use_case::cancel_service(
        state.repos(),
        state.clock(),
        state.secrets(),
        &staff,
        CustomerId(id),
        service_id,
    )
    .await?;
    Ok(web::Json(view))
}
