//! `GET /api/v1/portal/offers`: what the portal sells (public).

use crate::error::{AppError, AppResult};
use crate::site::Site;
use crate::state::AppState;
use crate::views::{bundle_view, plan_view};
use actix_web::{get, web};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::OffersView;

/// The plans and bundles on sale on this portal, with prices.
#[utoipa::path(get, path = "/api/v1/portal/offers", tag = "portal",
    responses((status = 200, body = OffersView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/offers")]
pub async fn get_offers(
    state: web::Data<AppState>,
    site: Site,
) -> AppResult<web::Json<OffersView>> {
    let Site::Seller(site) = site else {
        return Err(AppError::new(
            ErrorCode::PortalNotFound,
            "offers are shown on a provider's portal",
        ));
    };
    let tx = state.repos().tenant(site.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("portal"))?;
    let plans = tx.list_plans().await?;
    let bundles = tx.list_bundles().await?;
    let names = tx.group_names().await?;
    tx.commit().await?;
    Ok(web::Json(OffersView {
        currency: tenant.currency,
        plans: plans.iter().filter(|p| p.active).map(plan_view).collect(),
        bundles: bundles
            .iter()
            .filter(|(b, _, _)| b.active)
            .map(|(b, s, a)| bundle_view(b, s, a, &names))
            .collect(),
    }))
}
