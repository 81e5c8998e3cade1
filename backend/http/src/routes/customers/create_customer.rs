//! `POST /api/v1/customers`: the operator creates a customer by hand.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::create_customer::{
    self as use_case, CreateCustomerError,
};
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerSignupResponse};

crate::edge!(CreateCustomerError {
    TenantNotFound => NotFound,
});

/// Same rules and answer as the portal sign-up, but the staff vouch for the
/// e-mail: the customer is verified and active at once (calls are
/// authorized without a verification step) and is e-mailed a welcome with
/// the sign-in link.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = CustomerSignupRequest, security(("bearer" = [])),
    responses((status = 201, body = CustomerSignupResponse), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers")]
pub async fn create_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<CustomerSignupRequest>,
) -> ApiResult<HttpResponse> {
    let answer = use_case::create_customer(state.deps(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(answer))
}
