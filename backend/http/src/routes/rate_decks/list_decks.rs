//! `GET /api/v1/rate-decks`.

use crate::error::ApiResult;
use crate::extract::Staff;
use crate::routes::admin::list_tenants::Paging;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::views::deck_view;
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
    let tx = state.repos().tenant(staff.tenant_id).await?;
    // The operator's catalog, and a reseller's own selling decks.
    let own = ringledger_core::services::resellers::own_seller(&tx, &staff).await?;
    let reseller = own.parent_id.map(|_| own.id);
    let (decks, total) = tx
        .list_decks(reseller, paging.offset, paging.limit())
        .await?;
    let ids: Vec<_> = decks.iter().map(|d| d.id).collect();
    let versions = tx.versions_of(&ids).await?;
    tx.commit().await?;
    Ok(web::Json(Page {
        items: decks
            .iter()
            .map(|d| deck_view(&state, d, &versions))
            .collect(),
        total,
    }))
}
