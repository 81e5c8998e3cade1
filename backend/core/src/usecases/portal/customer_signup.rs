//! A visitor signs up on a seller's portal for several services at once.

use crate::auth::principal::suspended;
use crate::auth::rate_limit;
use crate::ports::Deps;
use crate::services::customer_signup::{Origin, sign_up};
use crate::site::Site;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::api::customers::{CustomerSignupRequest, CustomerView};
use std::net::IpAddr;

crate::use_case_error! {
    /// Why a visitor could not sign up.
    pub enum CustomerSignupError {
        /// The host is not a seller's portal.
        #[error("sign up on a provider's portal")]
        NotOnPortal,
        /// Too many sign-ups from this address.
        #[error("too many sign-ups from your network; try again later")]
        RateLimited,
    }
}

/// Signs a visitor from `ip` up on `site` (a seller's portal): the
/// customer, the account and every service with its credentials (shown
/// once); a verification link is e-mailed.
pub async fn customer_signup(
    deps: Deps<'_>,
    site: &Site,
    request: CustomerSignupRequest,
    ip: Option<IpAddr>,
) -> Result<CustomerView, CustomerSignupError> {
    let Site::Seller(site) = site else {
        return Err(CustomerSignupError::NotOnPortal);
    };
    if site.status != TenantStatus::Active {
        return Err(suspended().into());
    }
    if !rate_limit::check_signup(deps.repos(), deps.settings(), ip).await? {
        return Err(CustomerSignupError::RateLimited);
    }
    Ok(sign_up(deps, site, request, Origin::Portal, None).await?)
}
