//! `GET /api/v1/portal/logo`: the logo of the portal at this host.

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::site::Site;
use ringledger_core::state::AppState;

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
    let Site::Seller(s) = site else {
        return Err(AppError::not_found("logo").into());
    };
    let tx = state.repos().tenant_read(s.tenant_id).await?;
    let logo = tx
        .logo(s.seller_id.as_uuid())
        .await?
        .ok_or_else(|| AppError::not_found("logo"))?;
    tx.commit().await?;
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
