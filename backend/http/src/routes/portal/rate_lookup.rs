//! `GET /api/v1/portal/rates?number=…`: what a call to a number costs on each
//! offer (public).

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::portal::rate_lookup::{self as use_case, RateLookupError};
use ringledger_shared::api::customers::RateLookupView;
use serde::Deserialize;

crate::edge!(RateLookupError {
    NotOnPortal => PortalNotFound,
    NotFound => NotFound,
});

/// The number to price.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RateQuery {
    /// A dialled number in any usual format.
    #[serde(default)]
    pub number: String,
}

#[utoipa::path(get, path = "/api/v1/portal/rates", tag = "portal", params(RateQuery),
    responses((status = 200, body = RateLookupView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/rates")]
pub async fn rate_lookup(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    q: web::Query<RateQuery>,
) -> ApiResult<web::Json<RateLookupView>> {
    Ok(web::Json(
        use_case::rate_lookup(state.repos(), state.clock(), &site, &q.number).await?,
    ))
}
