//! `POST /api/v1/customers/{id}/adjustments` and `GET …/ledger`: manual
//! credits and debits, and the balance ledger.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::adjust_balance::{self as use_case, AdjustBalanceError};
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::{AdjustmentRequest, LedgerEntryView};
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

crate::edge!(AdjustBalanceError {
    NotOwnSeller => Forbidden,
    NotFound => NotFound,
});

/// Credits (positive) or debits (negative) the account by hand; the ledger
/// records who, when, why, the amount and the balance after.
#[utoipa::path(post, path = "/api/v1/customers/{id}/adjustments", tag = "customers", request_body = AdjustmentRequest,
    security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 201, body = LedgerEntryView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/adjustments")]
pub async fn adjust_balance(
    req: HttpRequest,
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<AdjustmentRequest>,
) -> ApiResult<HttpResponse> {
    // A client may retry with the same `Idempotency-Key`: posted once.
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 100);
    let entry = use_case::adjust_balance(
        state.repos(),
        state.clock(),
        &staff,
        CustomerId(*id),
        &body.0,
        key,
    )
    .await?;
    Ok(HttpResponse::Created().json(entry))
}

/// The account's ledger, newest first (at most 500 entries).
#[utoipa::path(get, path = "/api/v1/customers/{id}/ledger", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Page<LedgerEntryView>), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/customers/{id}/ledger")]
pub async fn get_ledger(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<LedgerEntryView>>> {
    let items = use_case::ledger_of(state.repos(), &staff, CustomerId(*id)).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
