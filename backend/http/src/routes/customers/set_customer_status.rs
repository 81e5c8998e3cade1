//! `POST /api/v1/customers/{id}/suspend|close|reactivate`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::set_customer_status::{
    self as use_case, SetCustomerStatusError,
};
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::ids::CustomerId;
use ringledger_shared::status::AccountStatus;
use uuid::Uuid;

crate::edge!(SetCustomerStatusError {
    ClosedForGood => Conflict,
});

/// Suspends the account: its services stop being authorised.
#[utoipa::path(post, path = "/api/v1/customers/{id}/suspend", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/suspend")]
pub async fn suspend_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerView>> {
    let view = use_case::set_customer_status(
        state.repos(),
        state.clock(),
        state.secrets(),
        &staff,
        CustomerId(*id),
        AccountStatus::Suspended,
    )
    .await?;
    Ok(web::Json(view))
}

/// Closes the account for good.
#[utoipa::path(post, path = "/api/v1/customers/{id}/close", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/close")]
pub async fn close_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerView>> {
    let view = use_case::set_customer_status(
        state.repos(),
        state.clock(),
        state.secrets(),
        &staff,
        CustomerId(*id),
        AccountStatus::Closed,
    )
    .await?;
    Ok(web::Json(view))
}

/// Lifts a suspension.
#[utoipa::path(post, path = "/api/v1/customers/{id}/reactivate", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/reactivate")]
pub async fn reactivate_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerView>> {
    let view = use_case::set_customer_status(
        state.repos(),
        state.clock(),
        state.secrets(),
        &staff,
        CustomerId(*id),
        AccountStatus::Active,
    )
    .await?;
    Ok(web::Json(view))
}
