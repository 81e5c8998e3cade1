//! What a call to a number costs on each offer of a portal (public).

use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::services::authorize::rate_for;
use crate::services::seller_tree::{SellerTree, pricing_of};
use crate::site::Site;
use crate::views::rate_view_of;
use ringledger_db::repo::Repos;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::RateView;
use ringledger_shared::api::customers::{OfferRate, RateLookupView};
use ringledger_shared::rating::Rate;
use ringledger_shared::rating::markup::{Price, chain};
use ringledger_shared::rating::{Number, normalize};
use std::collections::HashMap;
use uuid::Uuid;

crate::use_case_error! {
    /// Why no rates can be shown.
    pub enum RateLookupError {
        /// The host is not a seller's portal.
        #[error("rates are shown on a provider's portal")]
        NotOnPortal,
        /// The portal's tenant is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// The row pricing `number` in each deck's version in force today, looked up
/// once per deck (several offers often share one).
struct DeckRates<'a> {
    tx: &'a TenantTx,
    /// The portal's chain of resellers: rates shown at its prices.
    prices: Vec<Price>,
    today: chrono::NaiveDate,
    number: &'a Number,
    seen: HashMap<Uuid, Option<RateView>>,
}

impl DeckRates<'_> {
    async fn rate(&mut self, deck_id: Uuid) -> AppResult<Option<RateView>> {
        if let Some(known) = self.seen.get(&deck_id) {
            return Ok(known.clone());
        }
        let found = rate_for(self.tx, deck_id, self.number, self.today)
            .await?
            .map(|r| {
                let tariffs = chain(r.tariff, self.prices.iter().copied());
                Rate {
                    tariff: tariffs[tariffs.len() - 1],
                    ..r
                }
            })
            .as_ref()
            .map(rate_view_of);
        self.seen.insert(deck_id, found.clone());
        Ok(found)
    }
}

/// How each reseller between the portal's seller and the operator prices
/// `number` today (own decks looked up).
async fn chain_prices(
    tx: &TenantTx,
    tree: &SellerTree,
    seller: Uuid,
    number: &Number,
    today: chrono::NaiveDate,
) -> AppResult<Vec<Price>> {
    let mut out = Vec::new();
    for r in tree.resellers_of(seller) {
        let pricing = pricing_of(r);
        let own = match pricing.deck() {
            Some(deck) => rate_for(tx, deck, number, today).await?,
            None => None,
        };
        out.push(pricing.price(|_| own.map(|r| r.tariff)));
    }
    Ok(out)
}

/// The rate per offer (active plans and bundles with a deck) on `site` (a
/// seller's portal, at its chain's prices) for `number`, a dialled number
/// in any usual format.
pub async fn rate_lookup(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
    number: &str,
) -> Result<RateLookupView, RateLookupError> {
    let Site::Seller(site) = site else {
        return Err(RateLookupError::NotOnPortal);
    };
    let number = normalize(number).map_err(|_| {
        AppError::new(
            ErrorCode::ValidationFailed,
            "number must be a phone number (1 to 15 digits)",
        )
        .with_field("number")
    })?;
    let tx = repos.tenant_read(site.tenant_id).await?;
    let tree = SellerTree::load(&tx).await?;
    let today = clock.now().date_naive();
    let mut rates = DeckRates {
        tx: &tx,
        prices: chain_prices(&tx, &tree, site.seller_id.as_uuid(), &number, today).await?,
        today,
        number: &number,
        seen: HashMap::new(),
    };
    let tenant = tx
        .tenant()
        .await?
        .ok_or(RateLookupError::NotFound("portal"))?;
    let mut offers = Vec::new();
    for p in tx
        .catalog()
        .list_plans()
        .await?
        .into_iter()
        .filter(|p| p.active)
    {
        if let Some(deck) = p.deck_id {
            offers.push(OfferRate {
                offer: p.name.clone(),
                service_kind: Some(p.service_kind),
                rate: rates.rate(deck.into()).await?,
            });
        }
    }
    for (b, _, _) in tx
        .catalog()
        .list_bundles()
        .await?
        .into_iter()
        .filter(|(b, _, _)| b.active)
    {
        if let Some(deck) = b.deck_id {
            offers.push(OfferRate {
                offer: b.name.clone(),
                service_kind: None,
                rate: rates.rate(deck.into()).await?,
            });
        }
    }
    drop(rates);
    tx.commit().await?;
    Ok(RateLookupView {
        number: number.to_string(),
        currency: tenant.currency,
        offers,
    })
}
