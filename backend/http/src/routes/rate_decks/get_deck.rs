//! `GET /api/v1/rate-decks/{id}`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::rate_decks::get_deck as use_case;
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
    let view = use_case::get_deck(state.repos(), state.clock(), &staff, *id).await?;
    Ok(web::Json(view))
}
