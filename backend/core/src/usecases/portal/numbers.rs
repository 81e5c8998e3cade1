//! The free phone numbers a portal offers with IP phones and video, and
//! holding one for a visitor while it signs up (public).

use crate::auth::principal::suspended;
use crate::auth::rate_limit;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::numbers::{new_reservation, offered, reservation_end};
use crate::services::seller_tree::SellerTree;
use crate::site::{SellerSite, Site};
use ringledger_db::repo::{NumberQuery, Repos};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::api::numbers::{NumberReservation, OFFERED_MAX, OfferedNumber};
use ringledger_shared::money::minor_places;
use std::net::IpAddr;
use uuid::Uuid;

crate::use_case_error! {
    /// Why numbers cannot be offered or held.
    pub enum PortalNumbersError {
        /// The host is not a seller's portal.
        #[error("numbers are offered on a provider's portal")]
        NotOnPortal,
        /// No such free number.
        #[error("{0} not found")]
        NotFound(&'static str),
        /// Too many reservations from this address.
        #[error("too many numbers held from your network; try again later")]
        RateLimited,
    }
}

fn seller_site(site: &Site) -> Result<&SellerSite, PortalNumbersError> {
    match site {
        Site::Seller(s) if s.status == TenantStatus::Active => Ok(s),
        Site::Seller(_) => Err(suspended().into()),
        _ => Err(PortalNumbersError::NotOnPortal),
    }
}

/// The search: ISO country code and digits the number contains, both
/// optional (the country upper-cased, the digits only digits).
fn query(country: &str, digits: &str) -> Result<(Option<String>, Option<String>), AppError> {
    let country = country.trim().to_ascii_uppercase();
    if !country.is_empty()
        && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "country: a two-letter country code, e.g. GB",
        )
        .with_field("country"));
    }
    let digits: String = digits.chars().filter(char::is_ascii_digit).collect();
    if digits.len() > 15 {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "digits: at most 15").with_field("digits"),
        );
    }
    Ok((
        Some(country).filter(|c| !c.is_empty()),
        Some(digits).filter(|d| !d.is_empty()),
    ))
}

/// Up to [`OFFERED_MAX`] free numbers of `site`'s tenant in `country`
/// containing `digits`, in number order, priced as the portal sells them.
pub async fn portal_numbers(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
    country: &str,
    digits: &str,
) -> Result<Vec<OfferedNumber>, PortalNumbersError> {
    let site = seller_site(site)?;
    let (country, digits) = query(country, digits)?;
    let now = clock.now();
    let tx = repos.tenant_read(site.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or(PortalNumbersError::NotFound("portal"))?;
    let q = NumberQuery {
        status: Some("free".into()),
        country,
        digits,
        service_id: None,
        now: Some(now),
    };
    let rows = tx.numbers().first_numbers(&q, OFFERED_MAX).await?;
    let tree = SellerTree::load(&tx).await?;
    tx.commit().await?;
    let chain = tree.resellers_of(site.seller_id.as_uuid());
    let places = minor_places(&tenant.currency);
    Ok(rows.iter().map(|n| offered(n, &chain, places)).collect())
}

/// Holds free number `id` of `site`'s tenant for the visitor at `ip` for
/// 15 minutes; the answer's secret takes it at sign-up. Of two visitors at
/// once one gets it, the other 404 (it is no longer free).
pub async fn reserve_number(
    repos: &Repos,
    clock: &dyn Clock,
    site: &Site,
    id: Uuid,
    ip: Option<IpAddr>,
) -> Result<NumberReservation, PortalNumbersError> {
    let site = seller_site(site)?;
    if !rate_limit::check_reservation(repos, ip).await? {
        return Err(PortalNumbersError::RateLimited);
    }
    let now = clock.now();
    let tx = repos.tenant(site.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or(PortalNumbersError::NotFound("portal"))?;
    let (secret, hash) = new_reservation();
    let until = reservation_end(now);
    if !tx.numbers().reserve_number(id, &hash, until, now).await? {
        return Err(PortalNumbersError::NotFound("free number"));
    }
    let number = tx
        .numbers()
        .number(id)
        .await?
        .ok_or(PortalNumbersError::NotFound("free number"))?;
    let tree = SellerTree::load(&tx).await?;
    tx.commit().await?;
    let chain = tree.resellers_of(site.seller_id.as_uuid());
    Ok(NumberReservation {
        number: offered(&number, &chain, minor_places(&tenant.currency)),
        reservation: secret,
        reserved_until: until,
    })
}
