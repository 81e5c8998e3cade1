//! `GET /api/v1/portal/numbers?country=&digits=`: free phone numbers a SIP
//! or video service can take (public).

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::portal::numbers::{self as use_case, PortalNumbersError};
use ringledger_shared::api::numbers::OfferedNumber;
use serde::Deserialize;

crate::edge!(PortalNumbersError {
    NotOnPortal => PortalNotFound,
    NotFound => NotFound,
    RateLimited => RateLimited,
});

/// The search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OfferedQuery {
    /// ISO 3166 alpha-2 country code.
    #[serde(default)]
    pub country: String,
    /// Digits the number contains.
    #[serde(default)]
    pub digits: String,
}

/// Up to 20 free numbers in number order, with the monthly and setup fees
/// this portal charges.
#[utoipa::path(get, path = "/api/v1/portal/numbers", tag = "portal", params(OfferedQuery),
    responses((status = 200, body = Vec<OfferedNumber>), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/numbers")]
pub async fn portal_numbers(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    q: web::Query<OfferedQuery>,
) -> ApiResult<web::Json<Vec<OfferedNumber>>> {
    Ok(web::Json(
        use_case::portal_numbers(state.repos(), state.clock(), &site, &q.country, &q.digits)
            .await?,
    ))
}
