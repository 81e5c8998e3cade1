//! `POST /api/v1/tenants/find-console`: the platform's "Sign in to your
//! console".

use crate::error::ApiResult;
use crate::extract::JsonBody;
use actix_web::{HttpRequest, HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::tenants::find_console as use_case;
use ringledger_shared::api::{FindConsoleRequest, FindConsoleResponse};

/// A company's portal address answers with its console's sign-in page; an
/// e-mail address is sent the sign-in pages of every console it signs in
/// to (the answer is the same whether or not it signs in anywhere). At most
/// 5 e-mails per address and 20 requests per client per hour (`429`).
#[utoipa::path(post, path = "/api/v1/tenants/find-console", tag = "tenants", request_body = FindConsoleRequest, responses(
    (status = 200, body = FindConsoleResponse),
    (status = 400, description = "the address is missing or not an e-mail", body = ringledger_shared::error::ErrorBody),
    (status = 404, description = "no portal at this address", body = ringledger_shared::error::ErrorBody),
    (status = 429, description = "too many requests", body = ringledger_shared::error::ErrorBody)))]
#[post("/tenants/find-console")]
pub async fn find_console(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<FindConsoleRequest>,
) -> ApiResult<HttpResponse> {
    let answer = use_case::find_console(&state, &body.0, crate::gate::origin(&req)).await?;
    Ok(HttpResponse::Ok().json(answer))
}
