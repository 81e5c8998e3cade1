//! `GET /api/v1/rate-decks/{id}`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::views::deck_view;
use ringledger_shared::api::catalog::DeckView;
use uuid::Uuid;

/// A deck with its versions.
#[utoipa::path(get, path = "/api/v1/rate-decks/{id}", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "deck id")),
    responses((status = 200, body = DeckView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/rate-decks/{id}")]
pub async fn get_deck(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<DeckView>> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let deck = super::visible_deck(&tx, &staff, *id).await?;
    let versions = tx.versions_of(&[deck.id]).await?;
    tx.commit().await?;
    Ok(web::Json(deck_view(&state, &deck, &versions)))
}
