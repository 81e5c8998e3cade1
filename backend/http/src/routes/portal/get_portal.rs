//! `GET /api/v1/portal`: which site this host is and its brand.

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::portal::get_portal::{self as use_case, GetPortalError};
use ringledger_shared::api::PortalView;

crate::edge!(GetPortalError {
    NotFound => NotFound,
});

/// The portal of the request's host: the platform site or a seller's brand.
#[utoipa::path(get, path = "/api/v1/portal", tag = "portal", responses(
    (status = 200, body = PortalView),
    (status = 404, description = "no portal at this host", body = ringledger_shared::error::ErrorBody)))]
#[get("/portal")]
pub async fn get_portal(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
) -> ApiResult<web::Json<PortalView>> {
    Ok(web::Json(
        use_case::get_portal(state.repos(), state.settings(), &site).await?,
    ))
}
