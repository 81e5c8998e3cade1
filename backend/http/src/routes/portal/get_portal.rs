//! `GET /api/v1/portal`: which site this host is and its brand.

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
use ringledger_shared::api::{PortalKind, PortalView, TenantStatus};

/// The platform's own colours.
const PLATFORM_PRIMARY: &str = "#1d4ed8";
const PLATFORM_ACCENT: &str = "#f59e0b";

/// The portal of the request's host: the platform site or a seller's brand.
#[utoipa::path(get, path = "/api/v1/portal", tag = "portal", responses(
    (status = 200, body = PortalView),
    (status = 404, description = "no portal at this host", body = ringledger_shared::error::ErrorBody)))]
#[get("/portal")]
pub async fn get_portal(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
) -> ApiResult<web::Json<PortalView>> {
    let base_domain = state.settings().base_domain.clone();
    let view = match site {
        Site::Platform => PortalView {
            kind: PortalKind::Platform,
            name: "Ringledger".into(),
            slug: None,
            primary_color: PLATFORM_PRIMARY.into(),
            accent_color: PLATFORM_ACCENT.into(),
            support_email: None,
            suspended: false,
            base_domain,
        },
        Site::Seller(s) => {
            let tx = state.repos().tenant(s.tenant_id).await?;
            let seller = tx
                .seller(s.seller_id)
                .await?
                .ok_or_else(|| AppError::not_found("portal"))?;
            tx.commit().await?;
            PortalView {
                kind: PortalKind::Seller,
                name: seller.name,
                slug: Some(s.slug),
                primary_color: seller.primary_color,
                accent_color: seller.accent_color,
                support_email: seller.support_email,
                suspended: s.status == TenantStatus::Suspended,
                base_domain,
            }
        }
    };
    Ok(web::Json(view))
}
