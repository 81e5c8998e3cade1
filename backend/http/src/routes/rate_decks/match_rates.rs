//! `GET /api/v1/rate-decks/{id}/match?number=…`: the rows that could price a
//! number, for the console's price preview (rated in the browser by
//! `shared::rating`, the same code that bills).

use super::deck_and_version;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::views::rate_view;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::RateMatchResponse;
use ringledger_shared::rating::normalize;
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
    let number = normalize(&query.number).map_err(|_| {
        AppError::new(
            ErrorCode::ValidationFailed,
            "number must be 1 to 15 digits (after dropping + or 00)",
        )
        .with_field("number")
    })?;
    let digits = number.as_str();
    let prefixes: Vec<String> = (1..=digits.len()).map(|n| digits[..n].to_owned()).collect();
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (_, version) = deck_and_version(&state, &tx, &staff, *id, query.version_id).await?;
    let rows = tx.rates_with_prefixes(version.id, prefixes).await?;
    tx.commit().await?;
    Ok(web::Json(RateMatchResponse {
        number: digits.to_owned(),
        version_id: version.id,
        rates: rows.iter().map(rate_view).collect(),
    }))
}
