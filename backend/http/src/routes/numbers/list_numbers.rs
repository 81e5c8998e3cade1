//! `GET /api/v1/numbers`: the operator's phone numbers.

use super::NumberFilter;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::numbers::list_numbers as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::numbers::PhoneNumberView;

/// The operator's phone numbers by status, country and digits, in number order.
#[utoipa::path(get, path = "/api/v1/numbers", tag = "numbers", params(NumberFilter), security(("bearer" = [])),
    responses((status = 200, body = Page<PhoneNumberView>), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/numbers")]
pub async fn list_numbers(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<NumberFilter>,
) -> ApiResult<web::Json<Page<PhoneNumberView>>> {
    let limit = q.limit.unwrap_or(100);
    Ok(web::Json(
        use_case::list_numbers(state.repos(), &staff, &q.search(), q.offset, limit).await?,
    ))
}
