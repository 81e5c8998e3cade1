//! `GET /api/v1/portal/logo`: the logo of the portal at this host.

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::portal::get_logo::{self as use_case, GetLogoError};

crate::edge!(GetLogoError {
    LogoNotFound => NotFound,
});

/// The seller's uploaded logo (404 when it has none). Served with its
/// recognised type, `nosniff` and a sandboxing CSP, cached briefly.
#[utoipa::path(get, path = "/api/v1/portal/logo", tag = "portal", responses(
    (status = 200, description = "the image"),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/logo")]
pub async fn get_logo(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
) -> ApiResult<HttpResponse> {
    let logo = use_case::get_logo(state.repos(), &site).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, logo.content_type))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .body(logo.bytes))
}
