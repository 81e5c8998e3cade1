//! `POST /api/v1/my/services/{id}/numbers` and
//! `DELETE /api/v1/my/services/{id}/numbers/{number_id}`.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, delete, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::numbers::{self as use_case, MyNumbersError};
use ringledger_shared::api::customers::ServiceView;
use ringledger_shared::api::numbers::NumberPick;
use uuid::Uuid;

crate::edge!(MyNumbersError {
    NotFound => NotFound,
});

/// The customer's SIP or video service takes a free number (or one it
/// reserved on the portal, with the reservation's secret). Its setup fee
/// goes on the next invoice; its monthly fee is billed from today.
#[utoipa::path(post, path = "/api/v1/my/services/{id}/numbers", tag = "customer", request_body = NumberPick, security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 201, body = ServiceView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/services/{id}/numbers")]
pub async fn take_number(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<NumberPick>,
) -> ApiResult<HttpResponse> {
    let s = use_case::take_number(
        state.repos(),
        state.clock(),
        state.secrets(),
        &me,
        *id,
        &body.0,
    )
    .await?;
    Ok(HttpResponse::Created().json(s))
}

/// Gives a number back: billed until today, then quarantined before it is
/// offered again.
#[utoipa::path(delete, path = "/api/v1/my/services/{id}/numbers/{number_id}", tag = "customer", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("number_id" = Uuid, Path)), responses((status = 204),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[delete("/my/services/{id}/numbers/{number_id}")]
pub async fn give_back_number(
    Customer(me): Customer,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, number) = path.into_inner();
    use_case::give_back_number(state.repos(), state.clock(), &me, id, number).await?;
    Ok(HttpResponse::NoContent().finish())
}
