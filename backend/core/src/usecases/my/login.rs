//! A customer signs in on their seller's portal.

use crate::audit::{self, Actor};
use crate::auth::principal::Origin;
use crate::auth::principal::suspended;
use crate::auth::rate_limit::{self, LoginGate};
use crate::auth::session::Issued;
use crate::auth::{password, session};
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::my_account::account_unavailable;
use crate::site::{SellerSite, Site};
use ringledger_shared::api::{LoginRequest, TenantStatus, ValidLogin};
use ringledger_shared::status::CustomerStatus;
use std::net::IpAddr;

crate::use_case_error! {
    /// Why a customer could not sign in.
    pub enum CustomerLoginError {
        /// The host is not a seller's portal.
        #[error("customers sign in on their provider's portal")]
        NotOnPortal,
        /// Too many attempts for this e-mail or from this address.
        #[error("too many sign-in attempts; wait a few minutes")]
        RateLimited,
        /// Too many wrong passwords for this account from this client.
        #[error("too many failed sign-ins for this account from your network; try again in {0}")]
        TooManyFailures(String),
        /// Unknown e-mail or wrong password (indistinguishable).
        #[error("the e-mail or the password is wrong")]
        InvalidCredentials,
        /// The e-mailed link was never followed.
        #[error("confirm your e-mail first: follow the link we sent you")]
        EmailNotVerified,
        /// The portal's tenant is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// Signs a customer in on `site` (a seller's portal) from `ip`; answers
/// the session. An unverified e-mail is refused after the password is
/// checked.
pub async fn customer_login(
    deps: Deps<'_>,
    site: &Site,
    request: &LoginRequest,
    origin: Origin,
) -> Result<Issued, CustomerLoginError> {
    let login = request.parse().map_err(AppError::from_fields)?;
    let Site::Seller(site) = site else {
        return Err(CustomerLoginError::NotOnPortal);
    };
    let email = login.email.to_string();
    let outcome = attempt(deps, site, login, origin.ip).await;
    let (actor, action) = match &outcome {
        Ok(issued) => (
            Actor::Customer {
                id: issued.view.me.user_id.as_uuid(),
                email,
            },
            "auth.login_succeeded",
        ),
        Err(CustomerLoginError::InvalidCredentials) => {
            (Actor::Anonymous(email), "auth.login_failed")
        }
        Err(CustomerLoginError::RateLimited | CustomerLoginError::TooManyFailures(_)) => {
            (Actor::Anonymous(email), "auth.login_throttled")
        }
        Err(_) => return outcome,
    };
    audit::sign_in(deps.repos(), site, actor, action, origin).await?;
    outcome
}

/// The attempt itself, behind the back-off gate.
async fn attempt(
    deps: Deps<'_>,
    site: &SellerSite,
    login: ValidLogin,
    ip: Option<IpAddr>,
) -> Result<Issued, CustomerLoginError> {
    let key = format!("{}:customer:{}", site.tenant_id, login.email);
    match rate_limit::login_gate(deps.repos(), deps.settings(), &key, ip).await? {
        LoginGate::Open => {}
        LoginGate::AddressBusy => return Err(CustomerLoginError::RateLimited),
        LoginGate::Wait(secs) => {
            return Err(CustomerLoginError::TooManyFailures(rate_limit::wait_text(
                secs,
            )));
        }
    }
    let outcome = sign_in(deps, site, login).await;
    match &outcome {
        Ok(_) => rate_limit::login_succeeded(deps.repos(), &key, ip).await?,
        Err(CustomerLoginError::InvalidCredentials) => {
            rate_limit::login_failed(deps.repos(), deps.settings(), &key, ip).await?;
        }
        Err(_) => {}
    }
    outcome
}

/// Checks the password and the customer's state, and issues the session
/// (in a quiet transaction: no cache reads session rows).
async fn sign_in(
    deps: Deps<'_>,
    site: &SellerSite,
    login: ValidLogin,
) -> Result<Issued, CustomerLoginError> {
    let (seller, email) = (site.seller_id.as_uuid(), login.email.as_str());
    let read = deps.repos().tenant_read(site.tenant_id).await?;
    let found = read.customers().customer_by_email(seller, email).await?;
    read.commit().await?;
    let checked = password::opens(found, login.password, |c| &c.password_hash)
        .await
        .ok_or(CustomerLoginError::InvalidCredentials)?;
    let tx = deps.repos().tenant_quiet(site.tenant_id).await?;
    // The same customer, its password unchanged since it was checked.
    let customer = tx
        .customers()
        .customer_by_email(seller, email)
        .await?
        .filter(|c| c.id == checked.id && c.password_hash == checked.password_hash)
        .ok_or(CustomerLoginError::InvalidCredentials)?;
    if site.status != TenantStatus::Active {
        return Err(suspended().into());
    }
    if customer.email_verified_at.is_none() {
        return Err(CustomerLoginError::EmailNotVerified);
    }
    if customer.status == CustomerStatus::Suspended || customer.status == CustomerStatus::Closed {
        return Err(account_unavailable().into());
    }
    let tenant = tx
        .tenant()
        .await?
        .ok_or(CustomerLoginError::NotFound("portal"))?;
    let session = session::issue_customer(deps, &tx, &customer, &tenant, None).await?;
    tx.commit().await?;
    Ok(session)
}
