//! `GET /api/v1/customers/{id}`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::get_customer as use_case;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

/// One customer with the account and services.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "customer id")),
    responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}")]
pub async fn get_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerView>> {
    let view = use_case::get_customer(
        state.repos(),
        state.clock(),
        state.secrets(),
        &staff,
        CustomerId(*id),
    )
    .await?;
    Ok(web::Json(view))
}
