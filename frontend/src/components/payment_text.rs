//! How payments read: their purpose, status badge and dates, and the check
//! of an amount typed into a form (money stays a decimal string, never a
//! float).

use chrono::{DateTime, Utc};
use ringledger_shared::error::FieldError;
use ringledger_shared::format;
use ringledger_shared::locale::Locale;
use ringledger_shared::money::Currency;
use ringledger_shared::validate;
use rust_decimal::Decimal;

/// `top_up` → `Top-up`: what a payment was for.
pub fn purpose_text(purpose: &str) -> String {
    match purpose {
        "invoice" => "Invoice".to_owned(),
        "top_up" => "Top-up".to_owned(),
        "auto_top_up" => "Auto top-up".to_owned(),
        "auto_charge" => "Automatic charge".to_owned(),
        "save_card" => "Card saved".to_owned(),
        other => other.replace('_', " "),
    }
}

/// The badge class of a payment or refund status.
pub fn payment_status_class(status: &str) -> &'static str {
    match status {
        "succeeded" => "badge badge-ok",
        "pending" => "badge badge-open",
        _ => "badge badge-warn",
    }
}

/// The locale figures are written in: the visitor's language on the
/// portal and account pages, English in the console.
pub fn locale() -> Locale {
    crate::contexts::language::current()
}

/// A balance or total the server sent as a decimal string, in the
/// currency's minor unit (`"12.5"`, `GBP` → `12.50 GBP`); text that is not
/// a number is shown as it is.
pub fn money_text(raw: &str, currency: &str) -> String {
    format::money_text(raw, currency, locale())
}

/// A balance or total: `2.44 GBP`.
pub fn money(value: Decimal, currency: &str) -> String {
    format::money(value, currency, locale())
}

/// A balance or total without its currency (a table whose currency is in
/// its caption), in the currency's minor unit.
pub fn amount_text(value: Decimal, currency: &str) -> String {
    format::amount(value, currency, locale())
}

/// A journal amount: minor-unit places at least, fractions of a penny kept.
pub fn exact_text(value: Decimal, currency: &str) -> String {
    format::exact(value, currency, locale())
}

/// A rate or call charge with 4 to 6 places: `0.0125`.
pub fn rate_text(value: Decimal) -> String {
    format::rate(value, locale())
}

/// A rate with its currency: `0.0125 GBP`.
pub fn rate_money(value: Decimal, currency: &str) -> String {
    format::rate_money(value, currency, locale())
}

/// `2026-11-26`.
pub fn day_text(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// Checks an amount typed into a form as the server will (greater than
/// zero, at most the currency's decimal places); the trimmed text to send.
pub fn positive_amount(
    field: &'static str,
    raw: &str,
    currency: &str,
) -> Result<String, FieldError> {
    let currency = Currency::parse(currency).unwrap_or(Currency::USD);
    validate::positive_amount(field, raw, currency).map(|_| raw.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::{amount_text, exact_text, money_text, positive_amount, purpose_text, rate_text};
    use rust_decimal::Decimal;

    #[test]
    fn money_reads_in_minor_units() {
        assert_eq!(money_text("12.5", "GBP"), "12.50 GBP");
        assert_eq!(money_text("-3.200000", "GBP"), "-3.20 GBP");
        assert_eq!(money_text("2.439", "GBP"), "2.44 GBP");
        assert_eq!(money_text("1200.000000", "JPY"), "1,200 JPY");
        assert_eq!(money_text("n/a", "GBP"), "n/a GBP");
        assert_eq!(amount_text(Decimal::new(-1000, 2), "GBP"), "-10.00");
        assert_eq!(amount_text(Decimal::new(-0, 4), "GBP"), "0.00");
        assert_eq!(exact_text(Decimal::new(125, 4), "GBP"), "0.0125");
        assert_eq!(rate_text(Decimal::new(2, 2)), "0.0200");
    }

    #[test]
    fn amounts() {
        assert_eq!(
            positive_amount("amount", " 49.99 ", "USD").ok().as_deref(),
            Some("49.99")
        );
        assert!(positive_amount("amount", "0", "USD").is_err());
        assert!(positive_amount("amount", "1.005", "USD").is_err());
        assert!(positive_amount("amount", "-5", "USD").is_err());
        assert!(positive_amount("amount", "abc", "EUR").is_err());
    }

    #[test]
    fn purposes() {
        assert_eq!(purpose_text("top_up"), "Top-up");
        assert_eq!(purpose_text("something_new"), "something new");
    }
}
