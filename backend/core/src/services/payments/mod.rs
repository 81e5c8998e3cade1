//! Card payments through the seller's own Stripe account, manual payments,
//! refunds, saved cards, auto top-up, automatic charges with dunning, and
//! operators' own Ringledger plan on the platform's Stripe account.
//!
//! Money is credited in one place ([`settle::succeed`]), under the
//! account's row lock and only while the payment is still `pending`, so the
//! redirect, the webhook, both, or a retry in any order credit it once.

pub mod auto;
pub mod checkout;
pub mod gateway;
pub mod platform;
pub mod settle;
pub mod stripe_api;
pub mod stripe_http;
pub mod views;
pub mod webhook;

use crate::error::AppError;
use ringledger_shared::ErrorCode;
use ringledger_shared::money::{Currency, Money};
use rust_decimal::Decimal;
use stripe_api::StripeFailure;

/// The API error for a failed Stripe call.
pub fn failure_error(f: StripeFailure) -> AppError {
    match f {
        StripeFailure::Declined(m) => AppError::new(ErrorCode::PaymentFailed, m),
        StripeFailure::Rejected(m) => AppError::new(
            ErrorCode::PaymentFailed,
            format!("the payment provider refused the request: {m}"),
        ),
        StripeFailure::Unavailable(m) => AppError::new(
            ErrorCode::ServiceUnavailable,
            format!("the payment provider is not answering; try again shortly ({m})"),
        ),
    }
}

/// The object of a Stripe read: `Ok(None)` when Stripe has no such object
/// in this account (or refuses the read), an error to try again later when
/// Stripe is unavailable.
pub fn found<T>(read: stripe_api::StripeResult<T>) -> Result<Option<T>, AppError> {
    match read {
        Ok(object) => Ok(Some(object)),
        Err(e @ StripeFailure::Unavailable(_)) => Err(failure_error(e)),
        Err(e) => {
            tracing::warn!(error = %e, "Stripe has no such object for this account");
            Ok(None)
        }
    }
}

/// Whether Stripe's currency code (lowercase) is our row's (uppercase).
pub fn same_currency(stripe: &str, ours: &str) -> bool {
    stripe.eq_ignore_ascii_case(ours)
}

/// `amount` in integer minor units of `currency` (what Stripe takes).
pub fn to_minor(amount: Decimal, currency: &str) -> Option<i64> {
    let c = Currency::parse(currency)?;
    Money::new(amount, c).to_minor_units()
}

/// Integer minor units of `currency` as a decimal amount.
pub fn from_minor(minor: i64, currency: &str) -> Decimal {
    match Currency::parse(&currency.to_uppercase()) {
        Some(c) => Money::from_minor_units(minor, c).amount(),
        None => Decimal::new(minor, 2),
    }
}

/// `visa •••• 4242`.
pub fn card_label(brand: &str, last4: &str) -> String {
    format!("{brand} •••• {last4}")
}

/// The label of a profile's saved card, if it has one.
pub fn saved_card(p: &ringledger_db::entities::payment_profiles::Model) -> Option<String> {
    p.payment_method_id.as_ref()?;
    Some(card_label(
        p.card_brand.as_deref().unwrap_or("card"),
        p.card_last4.as_deref().unwrap_or("????"),
    ))
}
