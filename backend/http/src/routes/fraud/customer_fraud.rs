//! `GET` and `PUT /api/v1/customers/{id}/fraud`: one customer's fraud control.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::fraud::customer_fraud as use_case;
use ringledger_shared::api::fraud::{CustomerFraud, CustomerFraudView};
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

/// The customer's fraud control: its own limits, the limits in force, its suspended services.
#[utoipa::path(get, path = "/api/v1/customers/{id}/fraud", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CustomerFraudView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}/fraud")]
pub async fn get_customer_fraud(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerFraudView>> {
    Ok(web::Json(
        use_case::customer_fraud(state.repos(), &staff, CustomerId(*id)).await?,
    ))
}

/// Sets the customer's own limits, high-risk permission and allowed countries.
#[utoipa::path(put, path = "/api/v1/customers/{id}/fraud", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CustomerFraud,
    responses((status = 200, body = CustomerFraudView), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[put("/customers/{id}/fraud")]
pub async fn put_customer_fraud(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<CustomerFraud>,
) -> ApiResult<web::Json<CustomerFraudView>> {
    Ok(web::Json(
        use_case::set_customer_fraud(state.repos(), &staff, CustomerId(*id), body.0).await?,
    ))
}
