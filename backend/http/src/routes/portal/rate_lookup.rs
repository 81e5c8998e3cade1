//! `GET /api/v1/portal/rates?number=…`: what a call to a number costs on each
//! offer (public).

use crate::error::ApiResult;
use crate::extract::RequestSite;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::services::authorize::rate_for;
use ringledger_core::services::seller_tree::{SellerTree, pricing_of};
use ringledger_core::site::Site;
use ringledger_core::state::AppState;
use ringledger_core::views::rate_view_of;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::RateView;
use ringledger_shared::api::customers::{OfferRate, RateLookupView};
use ringledger_shared::rating::Rate;
use ringledger_shared::rating::markup::{Price, chain};
use ringledger_shared::rating::{Number, normalize};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The number to price.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RateQuery {
    /// A dialled number in any usual format.
    #[serde(default)]
    pub number: String,
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
    async fn rate(&mut self, deck_id: Uuid) -> ApiResult<Option<RateView>> {
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

/// The rate per offer (plans and bundles with a deck) for one number.
/// How each reseller between the portal's seller and the operator prices
/// `number` today (own decks looked up).
async fn chain_prices(
    tx: &TenantTx,
    tree: &SellerTree,
    seller: Uuid,
    number: &Number,
    today: chrono::NaiveDate,
) -> ApiResult<Vec<Price>> {
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

#[utoipa::path(get, path = "/api/v1/portal/rates", tag = "portal", params(RateQuery),
    responses((status = 200, body = RateLookupView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/rates")]
pub async fn rate_lookup(
    state: web::Data<AppState>,
    RequestSite(site): RequestSite,
    q: web::Query<RateQuery>,
) -> ApiResult<web::Json<RateLookupView>> {
    let Site::Seller(site) = site else {
        return Err(AppError::new(
            ErrorCode::PortalNotFound,
            "rates are shown on a provider's portal",
        )
        .into());
    };
    let number = normalize(&q.number).map_err(|_| {
        AppError::new(
            ErrorCode::ValidationFailed,
            "number must be a phone number (1 to 15 digits)",
        )
        .with_field("number")
    })?;
    let tx = state.repos().tenant_read(site.tenant_id).await?;
    let tree = SellerTree::load(&tx).await?;
    let today = state.clock().now().date_naive();
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
        .ok_or_else(|| AppError::not_found("portal"))?;
    let mut offers = Vec::new();
    for p in tx.list_plans().await?.into_iter().filter(|p| p.active) {
        if let Some(deck) = p.deck_id {
            offers.push(OfferRate {
                offer: p.name.clone(),
                service_kind: Some(p.service_kind),
                rate: rates.rate(deck).await?,
            });
        }
    }
    for (b, _, _) in tx
        .list_bundles()
        .await?
        .into_iter()
        .filter(|(b, _, _)| b.active)
    {
        if let Some(deck) = b.deck_id {
            offers.push(OfferRate {
                offer: b.name.clone(),
                service_kind: None,
                rate: rates.rate(deck).await?,
            });
        }
    }
    drop(rates);
    tx.commit().await?;
    Ok(web::Json(RateLookupView {
        number: number.to_string(),
        currency: tenant.currency,
        offers,
    }))
}
