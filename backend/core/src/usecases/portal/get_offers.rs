//! What a portal sells: its plans and bundles, with prices.

use crate::clock::Clock;
use crate::services::seller_tree::{Pricing, SellerTree, chain_fee, pricing_of};
use crate::site::Site;
use crate::views::{bundle_view, plan_view};
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::{FromRate, OffersView};
use ringledger_shared::ids::DeckId;
use ringledger_shared::money::minor_places;
use ringledger_shared::rating::Tariff;
use ringledger_shared::rating::markup::{self, Price};
use rust_decimal::Decimal;
use std::collections::HashMap;

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
pub async fn get_offers(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
) -> Result<OffersView, GetOffersError> {
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
    let chain = tree.resellers_of(site.seller_id.as_uuid());
    // Headline rates: exact only when every level marks its parent up
    // (a markup keeps the cheapest destination the cheapest).
    let markups: Option<Vec<Price>> = chain
        .iter()
        .map(|r| match pricing_of(r) {
            Pricing::Markup(m) => Some(Price::Markup(m)),
            Pricing::Deck(_) => None,
        })
        .collect();
    let mut from_rates = Vec::new();
    if let Some(markups) = markups {
        let today = clock.now().date_naive();
        // Plans often share a deck: each deck's version is read once.
        let mut cheapest_of: HashMap<DeckId, Option<Decimal>> = HashMap::new();
        for p in plans.iter().filter(|p| p.active) {
            let Some(deck) = p.deck_id else { continue };
            let cheapest = match cheapest_of.get(&deck) {
                Some(known) => *known,
                None => {
                    let version = tx.catalog().version_in_force(deck, today).await?;
                    let min = version.filter(|v| v.row_count > 0).map(|v| v.min_rate.0);
                    cheapest_of.insert(deck, min);
                    min
                }
            };
            let Some(tariff) = cheapest.and_then(|m| Tariff::new(m, Decimal::ZERO, 60, 60)) else {
                continue;
            };
            let priced = markup::chain(tariff, markups.iter().copied());
            from_rates.push(FromRate {
                plan_id: p.id.into(),
                rate_per_minute: priced[priced.len() - 1].rate_per_minute().normalize(),
            });
        }
    }
    tx.commit().await?;
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
        from_rates,
    })
}
