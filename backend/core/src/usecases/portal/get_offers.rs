//! What a portal sells: its plans and bundles, with prices.

use crate::services::seller_tree::{SellerTree, chain_fee};
use crate::site::Site;
use crate::views::{bundle_view, plan_view};
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::OffersView;
use ringledger_shared::money::minor_places;
use rust_decimal::Decimal;

crate::use_case_error! {
    /// Why no offers can be shown.
    pub enum GetOffersError {
        /// The host is not a seller's portal.
        #[error("offers are shown on a provider's portal")]
        NotOnPortal,
        /// The portal's tenant is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// The active plans and bundles on sale on `site` (a seller's portal);
/// a reseller's portal shows the fees with its chain's markups.
pub async fn get_offers(repos: &Repos, site: &Site) -> Result<OffersView, GetOffersError> {
    let Site::Seller(site) = site else {
        return Err(GetOffersError::NotOnPortal);
    };
    // A read transaction: an anonymous visitor never takes the write lock.
    let tx = repos.tenant_read(site.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or(GetOffersError::NotFound("portal"))?;
    let plans = tx.catalog().list_plans().await?;
    let bundles = tx.catalog().list_bundles().await?;
    let names = tx.catalog().group_names().await?;
    // A reseller's portal shows the fees with its chain's markups.
    let tree = SellerTree::load(&tx).await?;
    tx.commit().await?;
    let chain = tree.resellers_of(site.seller_id.as_uuid());
    let places = minor_places(&tenant.currency);
    let fee = |f: Decimal| chain_fee(f, &chain, places).normalize();
    Ok(OffersView {
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
    })
}
