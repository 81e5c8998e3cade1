//! The customer's saved card and auto top-up: the payment profile, forgetting
//! the card, turning auto top-up on or off.

use crate::auth::principal::CustomerPrincipal;
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::my_account::my_account;
use crate::services::payments::{saved_card, settle, views::payment_view};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_shared::api::payments::{AutoTopUpRequest, PaymentProfileView};
use ringledger_shared::error::FieldError;
use ringledger_shared::money::Currency;
use ringledger_shared::status::PaymentStatus;
use ringledger_shared::validate;

crate::use_case_error! {
    /// Why auto top-up could not be turned on.
    pub enum SetAutoTopUpError {
        /// Auto top-up charges the saved card: there is none.
        #[error("save a card first: auto top-up charges the saved card")]
        NoSavedCard,
    }
}

/// The saved card, auto top-up and payments (the newest 50, canceled ones
/// left out) of the calling customer.
pub async fn payment_profile(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
) -> Result<PaymentProfileView, AppError> {
    let tx = deps.repos().tenant_read(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let profile = tx.payments().profile(account.id).await?;
    let configured = tx
        .payments()
        .gateway(me.seller_id.as_uuid())
        .await?
        .is_some();
    let rows = tx.payments().payments_of_account(account.id, 50).await?;
    let ids: Vec<_> = rows.iter().map(|p| p.id).collect();
    let refunds = tx.payments().refunds_of(&ids).await?;
    tx.commit().await?;
    let card = profile.as_ref().and_then(saved_card);
    Ok(PaymentProfileView {
        card_payments: configured,
        card,
        auto_top_up: profile.as_ref().is_some_and(|p| p.auto_top_up),
        auto_top_up_below: profile
            .as_ref()
            .and_then(|p| p.auto_top_up_below.map(|d| d.0)),
        auto_top_up_amount: profile
            .as_ref()
            .and_then(|p| p.auto_top_up_amount.map(|d| d.0)),
        payments: rows
            .iter()
            .filter(|p| p.status != PaymentStatus::Canceled)
            .map(|p| payment_view(p, &refunds, Some(customer.id.into())))
            .collect(),
    })
}

/// Forgets the saved card (auto top-up goes off with it); answers the
/// payment profile.
pub async fn remove_card(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
) -> Result<PaymentProfileView, AppError> {
    let tx = deps.repos().tenant(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    if let Some(mut p) = tx.payments().profile(account.id).await? {
        p.payment_method_id = None;
        p.card_brand = None;
        p.card_last4 = None;
        p.auto_top_up = false;
        p.updated_at = deps.clock().now();
        tx.payments().save_profile(p).await?;
    }
    tx.commit().await?;
    payment_profile(deps, me).await
}

/// Turns auto top-up on (needs a saved card; `below` and `amount` are
/// checked first) or off; answers the payment profile.
pub async fn set_auto_top_up(
    deps: Deps<'_>,
    me: &CustomerPrincipal,
    request: &AutoTopUpRequest,
) -> Result<PaymentProfileView, SetAutoTopUpError> {
    let tx = deps.repos().tenant(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let mut profile = tx
        .payments()
        .profile(account.id)
        .await?
        .unwrap_or_else(|| settle::empty_profile(&tx, account.id.into(), deps));
    if request.enabled {
        let mut errors = Vec::new();
        let below =
            validate::price("below", request.below.trim(), currency).map_err(|e| errors.push(e));
        let amount = validate::positive_amount("amount", &request.amount, currency)
            .map_err(|e| errors.push(e));
        if let Ok(a) = amount
            && a > rust_decimal::Decimal::from(10_000)
        {
            errors.push(FieldError::new("amount", "at most 10000 at a time"));
        }
        if !errors.is_empty() {
            return Err(AppError::from_fields(errors).into());
        }
        if profile.payment_method_id.is_none() {
            return Err(SetAutoTopUpError::NoSavedCard);
        }
        profile.auto_top_up_below = below.ok().map(DbDecimal);
        profile.auto_top_up_amount = amount.ok().map(DbDecimal);
    }
    profile.auto_top_up = request.enabled;
    profile.updated_at = deps.clock().now();
    tx.payments().save_profile(profile).await?;
    tx.commit().await?;
    Ok(payment_profile(deps, me).await?)
}
