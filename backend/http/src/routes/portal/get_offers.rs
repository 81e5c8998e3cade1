//! `GET /api/v1/portal/offers`: what the portal sells (public).

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::portal::get_offers::{self as use_case, GetOffersError};
use ringledger_shared::api::customers::OffersView;

crate::edge!(GetOffersError {
    NotOnPortal => PortalNotFound,
    NotFound => NotFound,
});

/// The plans and bundles on sale on this portal, with prices.
#[utoipa::path(get, path = "/api/v1/portal/offers", tag = "portal",
    responses((status = 200, body = OffersView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/offers")]
pub async fn get_offers(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
) -> ApiResult<web::Json<OffersView>> {
    Ok(web::Json(
        use_case::get_offers(state.repos(), state.clock(), &site).await?,
    ))
}
