//! `POST /api/v1/my/cards/register`: "I have a card" — a stock card from a
//! batch joins the account; its balance is credited.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::register_card::{self as use_case, RegisterCardError};
use ringledger_shared::api::customers::{RegisterCardRequest, ServiceView};

crate::edge!(RegisterCardError {
    RateLimited => RateLimited,
    NotFound => NotFound,
});

/// Registers a prepaid card to the account (rate-limited per client IP).
#[utoipa::path(post, path = "/api/v1/my/cards/register", tag = "customer", request_body = RegisterCardRequest, security(("bearer" = [])),
    responses((status = 201, body = ServiceView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 429, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/cards/register")]
pub async fn register_card(
    req: HttpRequest,
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<RegisterCardRequest>,
) -> ApiResult<HttpResponse> {
    let ip = crate::extract::client_ip(&req);
    let s = use_case::register_card(
        state.repos(),
        state.clock(),
        state.secrets(),
        state.settings(),
        &me,
        &body.0,
        ip,
    )
    .await?;
    Ok(HttpResponse::Created().json(s))
}
