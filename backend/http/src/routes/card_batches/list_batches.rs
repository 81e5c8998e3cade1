//! `GET /api/v1/card-batches`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::card_batches::list_batches as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::customers::CardBatchView;

/// The seller's card batches, newest first.
#[utoipa::path(get, path = "/api/v1/card-batches", tag = "cards", security(("bearer" = [])),
    responses((status = 200, body = Page<CardBatchView>)))]
#[get("/card-batches")]
pub async fn list_batches(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Page<CardBatchView>>> {
    let items = use_case::list_batches(state.repos(), &staff).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
