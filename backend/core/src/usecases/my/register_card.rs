//! "I have a card": a stock card from a batch joins the customer's
//! account as a calling-card service; its balance is credited.

use crate::auth::principal::CustomerPrincipal;
use crate::auth::rate_limit;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::config::Settings;
use crate::error::AppError;
use crate::services::customer_view::{Secrets, load};
use crate::services::ledger::{self, Details};
use crate::services::my_account::{account_unavailable, my_account};
use ringledger_db::entities::account_services;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{RegisterCardRequest, ServiceView};
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::status::{AccountStatus, CardStatus, ServiceStatus};
use std::net::IpAddr;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a card could not be registered.
    pub enum RegisterCardError {
        /// Too many attempts from this address.
        #[error("too many attempts; try again later")]
        RateLimited,
        /// The service just made is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

fn unknown_card() -> AppError {
    AppError::new(ErrorCode::ValidationFailed, "no unused card has this PIN").with_field("pin")
}

/// The PIN as digits (spaces and dashes dropped), or `400` on `pin`.
fn card_pin(raw: &str) -> Result<String, AppError> {
    let pin: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if pin.is_empty() || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "the PIN is the digits printed on the card",
        )
        .with_field("pin"));
    }
    Ok(pin)
}

/// Registers the unused stock card with the request's PIN to the calling
/// customer's account (rate-limited per client `ip`): a calling-card
/// service is made and the card's balance credited. Answers the service.
pub async fn register_card(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    settings: &Settings,
    me: &CustomerPrincipal,
    request: &RegisterCardRequest,
    ip: Option<IpAddr>,
) -> Result<ServiceView, RegisterCardError> {
    if !rate_limit::check_signup(repos, settings, ip).await? {
        return Err(RegisterCardError::RateLimited);
    }
    let pin = card_pin(&request.pin)?;
    let now = clock.now();
    let tx = repos.tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    if account.status != AccountStatus::Active {
        return Err(account_unavailable().into());
    }
    let card = tx
        .customers()
        .card_by_pin(&pin)
        .await?
        .filter(|c| {
            c.status == CardStatus::Stock
                && c.account_id.is_none()
                && c.seller_id == me.seller_id.as_uuid()
        })
        .ok_or_else(unknown_card)?;
    if card.expires_on.is_some_and(|d| d < now.date_naive()) {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "this card has expired")
                .with_field("pin")
                .into(),
        );
    }
    let service = tx
        .customers()
        .insert_service(account_services::Model {
            tenant_id: me.tenant_id.as_uuid(),
            id: Uuid::now_v7().into(),
            account_id: account.id,
            kind: ServiceKind::CallingCard,
            plan_id: None,
            bundle_subscription_id: None,
            status: ServiceStatus::Active,
            created_at: now,
            ended_at: None,
        })
        .await?;
    // Compare-and-set: of two accounts redeeming one PIN at once, one wins;
    // the other's transaction (its new service too) is rolled back.
    if !tx
        .customers()
        .redeem_card(card.id, account.id, service.id.into())
        .await?
    {
        return Err(unknown_card().into());
    }
    let credit = card.initial_balance.0;
    if !credit.is_zero() {
        let journal = ledger::transfer(
            JournalKind::CardRedemption,
            &account,
            Book::CardStock,
            credit,
            format!("card:{}", card.id),
            now,
        )
        .memo(format!("card {} redeemed", card.serial))
        .actor(customer.email.clone())
        .cause("card", card.id);
        ledger::post(&tx, journal).await?;
    }
    crate::webhooks::emit(
        &tx,
        crate::webhooks::Emit::new(
            ringledger_shared::api::webhooks::WebhookEventType::ServiceCreated,
            account.seller_id,
            "service",
            service.id,
            crate::webhooks::objects::service(&service, customer.id),
            now,
        ),
    )
    .await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == service.id.0)
        .ok_or(RegisterCardError::NotFound("service"))
}
