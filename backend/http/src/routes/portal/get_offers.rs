//! `GET /api/v1/portal/offers`: what the portal sells (public).

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::services::seller_tree::{SellerTree, chain_fee};
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
use ringledger_core::views::{bundle_view, plan_view};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::OffersView;
use ringledger_shared::money::minor_places;
use rust_decimal::Decimal;

/// The plans and bundles on sale on this portal, with prices.
#[utoipa::path(get, path = "/api/v1/portal/offers", tag = "portal",
    responses((status = 200, body = OffersView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/offers")]
pub async fn get_offers(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
) -> ApiResult<web::Json<OffersView>> {
    let Site::Seller(site) = site else {
        return Err(AppError::new(
            ErrorCode::PortalNotFound,
            "offers are shown on a provider's portal",
        )
        .into());
    };
    let tx = state.repos().tenant(site.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("portal"))?;
    let plans = tx.list_plans().await?;
    let bundles = tx.list_bundles().await?;
    let names = tx.group_names().await?;
    // A reseller's portal shows the fees with its chain's markups.
    let tree = SellerTree::load(&tx).await?;
    tx.commit().await?;
    let chain = tree.resellers_of(site.seller_id.as_uuid());
    let places = minor_places(&tenant.currency);
    let fee = |f: Decimal| chain_fee(f, &chain, places).normalize();
    Ok(web::Json(OffersView {
        currency: tenant.currency.clone(),
        plans: plans
            .iter()
            .filter(|p| p.active)
            .map(|p| {
                let mut v = plan_view(p);
                v.monthly_fee = v.monthly_fee.map(fee);
                v
            })
            .collect(),
        bundles: bundles
            .iter()
            .filter(|(b, _, _)| b.active)
            .map(|(b, s, a)| {
                let mut v = bundle_view(b, s, a, &names);
                v.monthly_fee = fee(v.monthly_fee);
                v
            })
            .collect(),
    }))
}
