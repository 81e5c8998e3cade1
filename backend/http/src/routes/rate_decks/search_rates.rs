//! `GET /api/v1/rate-decks/{id}/rates`: search a version by prefix or destination.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::rate_decks::search_rates as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::RateView;
use serde::Deserialize;
use uuid::Uuid;

/// Search parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RateSearch {
    /// Digits: prefixes starting with them; text: destinations containing it.
    #[serde(default)]
    pub q: String,
    /// The version (default: the current one).
    pub version_id: Option<Uuid>,
    /// Rows to skip.
    #[serde(default, deserialize_with = "crate::query::offset")]
    #[param(maximum = 10_000_000)]
    pub offset: u64,
    /// Rows per page, 1–500 (default 100).
    #[serde(default, deserialize_with = "crate::query::limit")]
    pub limit: Option<u64>,
}

/// Rates of a deck version, by prefix.
#[utoipa::path(get, path = "/api/v1/rate-decks/{id}/rates", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "deck id"), RateSearch),
    responses((status = 200, body = Page<RateView>), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/rate-decks/{id}/rates")]
pub async fn search_rates(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    search: web::Query<RateSearch>,
) -> ApiResult<web::Json<Page<RateView>>> {
    let page = use_case::search_rates(
        state.repos(),
        state.clock(),
        &staff,
        *id,
        use_case::RateSearch {
            version_id: search.version_id,
            q: &search.q,
            offset: search.offset,
            limit: search.limit,
        },
    )
    .await?;
    Ok(web::Json(page))
}
