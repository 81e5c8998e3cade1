//! Money: an exact decimal amount in one currency.
//!
//! Arithmetic is checked and refuses to mix currencies. Rounding follows
//! PRODUCT.md: half away from zero, to the currency's minor unit for invoice
//! lines, to 4 places for call charges.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Errors of money arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The two operands are in different currencies.
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    /// The result does not fit in a `Decimal`.
    #[error("amount overflow")]
    Overflow,
}

/// An ISO 4217 currency code: three upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "USD"))]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

/// Currencies whose minor unit is not 2 decimal places (ISO 4217).
const MINOR_UNITS: &[(&str, u32)] = &[
    ("BHD", 3),
    ("CLP", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("TND", 3),
    ("UGX", 0),
    ("VND", 0),
    ("XAF", 0),
    ("XOF", 0),
];

impl Currency {
    /// US dollar, the default currency of a new operator.
    pub const USD: Currency = Currency(*b"USD");

    /// Parses a three-letter code; lower case is accepted and upper-cased.
    pub fn parse(code: &str) -> Option<Self> {
        let bytes = code.trim().as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut out = [0u8; 3];
        for (o, b) in out.iter_mut().zip(bytes) {
            *o = b.to_ascii_uppercase();
        }
        Some(Currency(out))
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Number of decimal places of the currency's minor unit.
    pub fn minor_unit_places(&self) -> u32 {
        MINOR_UNITS
            .iter()
            .find(|(c, _)| *c == self.as_str())
            .map_or(2, |(_, p)| *p)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
            .ok_or_else(|| format!("`{value}` is not a three-letter currency code"))
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.as_str().to_owned()
    }
}

/// Rounds half away from zero to `places` decimal places — the one rounding
/// rule of the product.
pub fn round_half_away(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// The minor-unit places of a currency code (2 when the code is unknown).
pub fn minor_places(code: &str) -> u32 {
    Currency::parse(code).map_or(2, |c| c.minor_unit_places())
}

/// `value` written with exactly `places` decimals (`-5` → `-5.00`; a
/// `numeric(20,6)` read back from PostgreSQL → 2 places). Values are
/// already rounded; this only fixes the scale.
pub fn with_places(mut value: Decimal, places: u32) -> Decimal {
    value.rescale(places);
    value
}

/// An exact amount of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12.50"))]
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// A new amount.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Self::new(Decimal::ZERO, currency)
    }

    /// The exact amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// `self + other`, same currency only.
    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self - other`, same currency only.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Rounded to the currency's minor unit, half away from zero.
    pub fn round_to_minor_unit(&self) -> Money {
        Money::new(
            round_half_away(self.amount, self.currency.minor_unit_places()),
            self.currency,
        )
    }

    /// The amount in integer minor units (cents), for payment gateways.
    /// Rounds to the minor unit first.
    pub fn to_minor_units(&self) -> Option<i64> {
        let places = self.currency.minor_unit_places();
        let scaled = round_half_away(self.amount, places) * Decimal::from(10i64.pow(places));
        i64::try_from(scaled.trunc()).ok()
    }

    /// An amount given in integer minor units (what payment gateways send).
    pub fn from_minor_units(minor: i64, currency: Currency) -> Self {
        Self::new(Decimal::new(minor, currency.minor_unit_places()), currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn currency_parses_and_uppercases() {
        assert_eq!(
            Currency::parse("eur").map(|c| c.to_string()),
            Some("EUR".into())
        );
        assert!(Currency::parse("EURO").is_none());
        assert!(Currency::parse("E1R").is_none());
        assert!(Currency::parse("").is_none());
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(Currency::USD.minor_unit_places(), 2);
        assert_eq!(
            Currency::parse("JPY").map(|c| c.minor_unit_places()),
            Some(0)
        );
        assert_eq!(
            Currency::parse("KWD").map(|c| c.minor_unit_places()),
            Some(3)
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_half_away(dec!(0.125), 2), dec!(0.13));
        assert_eq!(round_half_away(dec!(-0.125), 2), dec!(-0.13));
        assert_eq!(round_half_away(dec!(0.124999), 2), dec!(0.12));
        assert_eq!(round_half_away(dec!(0.00005), 4), dec!(0.0001));
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies() {
        let usd = Money::new(dec!(1), Currency::USD);
        let eur = Money::new(dec!(1), Currency::parse("EUR").unwrap_or(Currency::USD));
        assert!(matches!(
            usd.checked_add(&eur),
            Err(MoneyError::CurrencyMismatch(..))
        ));
        assert_eq!(usd.checked_add(&usd).map(|m| m.amount()), Ok(dec!(2)));
        assert_eq!(usd.checked_sub(&usd).map(|m| m.amount()), Ok(dec!(0)));
    }

    #[test]
    fn minor_units_for_gateways() {
        assert_eq!(
            Money::new(dec!(12.345), Currency::USD).to_minor_units(),
            Some(1235)
        );
        let jpy = Currency::parse("JPY").unwrap_or(Currency::USD);
        assert_eq!(Money::new(dec!(1200.5), jpy).to_minor_units(), Some(1201));
    }

    #[test]
    fn money_serialises_amount_as_string() {
        let json =
            serde_json::to_string(&Money::new(dec!(0.10), Currency::USD)).unwrap_or_default();
        assert_eq!(json, r#"{"amount":"0.10","currency":"USD"}"#);
    }
}
