//! `PUT /api/v1/my/language`: the language the customer reads.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::set_language as use_case;
use ringledger_shared::api::customers::LanguageRequest;

/// Saves the language of the customer's pages, e-mails and invoices (one
/// its seller's portal offers).
#[utoipa::path(put, path = "/api/v1/my/language", tag = "customer", request_body = LanguageRequest, security(("bearer" = [])),
    responses((status = 200, body = LanguageRequest), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/my/language")]
pub async fn set_language(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<LanguageRequest>,
) -> ApiResult<web::Json<LanguageRequest>> {
    Ok(web::Json(
        use_case::set_language(state.repos(), &me, &body.0).await?,
    ))
}
