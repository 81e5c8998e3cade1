//! `GET /api/v1/rate-decks/{id}/match?number=…`: the rows that could price a
//! number, for the console's price preview (rated in the browser by
//! `shared::rating`, the same code that bills).

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::rate_decks::match_rates as use_case;
use ringledger_shared::api::catalog::RateMatchResponse;
use serde::Deserialize;
use uuid::Uuid;

/// The number to price.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MatchQuery {
    /// A dialled number, in any usual format.
    #[serde(default)]
    pub number: String,
    /// The version (default: the current one).
    pub version_id: Option<Uuid>,
}

/// Every row whose prefix starts the normalised number.
#[utoipa::path(get, path = "/api/v1/rate-decks/{id}/match", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "deck id"), MatchQuery),
    responses((status = 200, body = RateMatchResponse), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/rate-decks/{id}/match")]
pub async fn match_rates(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<MatchQuery>,
) -> ApiResult<web::Json<RateMatchResponse>> {
    let answer = use_case::match_rates(
        state.repos(),
        state.clock(),
        &staff,
        *id,
        &query.number,
        query.version_id,
    )
    .await?;
    Ok(web::Json(answer))
}
