//! `POST /api/v1/authorize`: may this call go ahead, and for how long?

use crate::error::ApiResult;
use crate::extract::Switch;
use crate::extract::{JsonBytes, parse_json};
use actix_web::{post, web};
use ringledger_core::services::authorize::authorize as decide;
use ringledger_core::state::AppState;
use ringledger_shared::api::calls::{AuthorizeRequest, AuthorizeResponse};

/// Answers `authorized` with the longest call the account can pay for
/// (PRODUCT.md: the largest duration whose charge, after allowances, fits in
/// the prepaid balance or the remaining credit), or a `reason`:
/// `unknown_identifier`, `service_mismatch`, `account_suspended` (account or
/// service suspended or closed, card blocked, reseller above suspended),
/// `email_unverified` (a portal sign-up that has not confirmed its e-mail),
/// `customer_suspended`, `customer_closed` (the customer, by staff),
/// `card_expired`, `invalid_destination`, `no_rate`, `insufficient_balance`,
/// and fraud control's `concurrent_limit`, `rate_limit`, `spend_limit`,
/// `destination_blocked`, `fraud_suspended`.
/// A refusal is a `200`; only malformed requests are `4xx`.
#[utoipa::path(post, path = "/api/v1/authorize", tag = "switch", request_body = AuthorizeRequest, security(("switch_key" = [])),
    responses((status = 200, body = AuthorizeResponse), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 401, body = ringledger_shared::error::ErrorBody)))]
#[post("/authorize")]
pub async fn authorize(
    Switch(sw): Switch,
    state: web::Data<AppState>,
    body: JsonBytes,
) -> ApiResult<web::Json<AuthorizeResponse>> {
    // Read in place: the request's text borrows from the body.
    let req: AuthorizeRequest<'_> = parse_json(&body.0)?;
    let answer = decide(&state, sw.tenant_id, sw.key_id, &req).await?;
    state.metrics().authorization(answer.authorized);
    Ok(web::Json(answer))
}
