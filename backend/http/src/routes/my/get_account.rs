//! `GET /api/v1/my/account`: the customer's account and every service.

use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::get_account as use_case;
use ringledger_shared::api::customers::CustomerView;

/// The account, balance or credit limit, and the services with their
/// identifiers (PINs and passwords are revealed one by one, see
/// `/my/services/{id}/credentials`).
#[utoipa::path(get, path = "/api/v1/my/account", tag = "customer", security(("bearer" = [])),
    responses((status = 200, body = CustomerView), (status = 401, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/account")]
pub async fn get_account(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<CustomerView>> {
    Ok(web::Json(
        use_case::get_account(state.repos(), state.clock(), state.secrets(), &me).await?,
    ))
}
