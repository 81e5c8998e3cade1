//! `GET /api/v1/rate-decks`.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::admin::list_tenants::Paging;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::rate_decks::list_decks as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::DeckView;

/// The operator's decks (and, for a reseller, its own) with their versions, by name.
#[utoipa::path(get, path = "/api/v1/rate-decks", tag = "catalog", params(Paging), security(("bearer" = [])),
    responses((status = 200, body = Page<DeckView>)))]
#[get("/rate-decks")]
pub async fn list_decks(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    paging: web::Query<Paging>,
) -> ApiResult<web::Json<Page<DeckView>>> {
    let page = use_case::list_decks(
        state.repos(),
        state.clock(),
        &staff,
        paging.offset,
        paging.limit(),
    )
    .await?;
    Ok(web::Json(page))
}
