//! `GET /api/v1/portal/rates?number=…`: what a call to a number costs on each
//! offer (public).

use crate::error::{AppError, AppResult};
use crate::repo::TenantTx;
use crate::site::Site;
use crate::state::AppState;
use crate::views::rate_view;
use actix_web::{get, web};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::RateView;
use ringledger_shared::api::customers::{OfferRate, RateLookupView};
use ringledger_shared::rating::{ServiceKind, normalize};
use serde::Deserialize;
use uuid::Uuid;

/// The number to price.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RateQuery {
    /// A dialled number in any usual format.
    #[serde(default)]
    pub number: String,
}

/// The longest-prefix row of a deck's current version for `digits`.
async fn best_rate(
    state: &AppState,
    tx: &TenantTx,
    deck_id: Uuid,
    digits: &str,
) -> AppResult<Option<RateView>> {
    let today = state.clock().now().date_naive();
    let versions = tx.versions_of(&[deck_id]).await?;
    let Some(version) = versions.iter().find(|v| v.effective_from <= today) else {
        return Ok(None);
    };
    let prefixes = (1..=digits.len()).map(|n| digits[..n].to_owned()).collect();
    let rows = tx.rates_with_prefixes(version.id, prefixes).await?;
    Ok(rows.iter().max_by_key(|r| r.prefix.len()).map(rate_view))
}

/// The rate per offer (plans and bundles with a deck) for one number.
#[utoipa::path(get, path = "/api/v1/portal/rates", tag = "portal", params(RateQuery),
    responses((status = 200, body = RateLookupView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/portal/rates")]
pub async fn rate_lookup(
    state: web::Data<AppState>,
    site: Site,
    q: web::Query<RateQuery>,
) -> AppResult<web::Json<RateLookupView>> {
    let Site::Seller(site) = site else {
        return Err(AppError::new(
            ErrorCode::PortalNotFound,
            "rates are shown on a provider's portal",
        ));
    };
    let number = normalize(&q.number).map_err(|_| {
        AppError::new(
            ErrorCode::ValidationFailed,
            "number must be a phone number (1 to 15 digits)",
        )
        .with_field("number")
    })?;
    let tx = state.repos().tenant(site.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("portal"))?;
    let mut offers = Vec::new();
    for p in tx.list_plans().await?.into_iter().filter(|p| p.active) {
        if let Some(deck) = p.deck_id {
            offers.push(OfferRate {
                offer: p.name.clone(),
                service_kind: ServiceKind::parse(&p.service_kind),
                rate: best_rate(&state, &tx, deck, number.as_str()).await?,
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
                rate: best_rate(&state, &tx, deck, number.as_str()).await?,
            });
        }
    }
    tx.commit().await?;
    Ok(web::Json(RateLookupView {
        number: number.to_string(),
        currency: tenant.currency,
        offers,
    }))
}
