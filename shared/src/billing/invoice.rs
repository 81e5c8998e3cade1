//! Invoice lines and totals.

use crate::money::{round_half_away, with_places};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What an invoice line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A plan's or bundle's recurring fee (prorated for part of a period).
    Recurring,
    /// Calls of one service.
    Usage,
    /// A one-off charge.
    OneOff,
    /// A credit (negative).
    Credit,
}

impl LineKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Recurring => "recurring",
            LineKind::Usage => "usage",
            LineKind::OneOff => "one_off",
            LineKind::Credit => "credit",
        }
    }

    /// Parses the stored word.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Recurring, Self::Usage, Self::OneOff, Self::Credit]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Whether the seller's prices include tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum TaxMode {
    /// Prices are net; tax is added.
    Exclusive,
    /// Prices are gross; tax is taken out of them.
    Inclusive,
}

impl TaxMode {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            TaxMode::Exclusive => "exclusive",
            TaxMode::Inclusive => "inclusive",
        }
    }

    /// Parses the stored word.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "exclusive" => Some(TaxMode::Exclusive),
            "inclusive" => Some(TaxMode::Inclusive),
            _ => None,
        }
    }
}

/// A priced line: net, tax and gross, each rounded to the minor unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What the line is for.
    pub kind: LineKind,
    /// Net amount (before tax).
    pub net: Decimal,
    /// Tax rate in percent (e.g. 20 for 20 %).
    pub tax_rate: Decimal,
    /// Tax amount.
    pub tax: Decimal,
    /// `net + tax`.
    pub gross: Decimal,
}

/// Prices one line from its `amount` (net when prices exclude tax, gross
/// when they include it) at `tax_rate` percent, rounded to `places`.
///
/// Exclusive: net = round(amount), tax = round(net × rate / 100).
/// Inclusive: gross = round(amount), tax = round(gross × rate / (100 + rate)),
/// net = gross − tax. Either way `net + tax = gross` exactly.
pub fn price_line(
    kind: LineKind,
    amount: Decimal,
    tax_rate: Decimal,
    mode: TaxMode,
    places: u32,
) -> Line {
    let hundred = Decimal::ONE_HUNDRED;
    let (net, tax) = match mode {
        TaxMode::Exclusive => {
            let net = round_half_away(amount, places);
            (net, round_half_away(net * tax_rate / hundred, places))
        }
        TaxMode::Inclusive => {
            let gross = round_half_away(amount, places);
            let tax = if tax_rate.is_zero() {
                Decimal::ZERO
            } else {
                round_half_away(gross * tax_rate / (hundred + tax_rate), places)
            };
            (gross - tax, tax)
        }
    };
    // Always `places` decimals: `-5` prints as `-5.00`.
    let fixed = |d: Decimal| with_places(d, places);
    Line {
        kind,
        net: fixed(net),
        tax_rate,
        tax: fixed(tax),
        gross: fixed(net + tax),
    }
}

/// An invoice's totals: sums of its rounded lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InvoiceTotals {
    /// Sum of the nets.
    pub subtotal: Decimal,
    /// Sum of the taxes.
    pub tax: Decimal,
    /// Sum of the grosses (`subtotal + tax`).
    pub total: Decimal,
}

/// The totals of `lines`.
pub fn totals<'a>(lines: impl IntoIterator<Item = &'a Line>) -> InvoiceTotals {
    lines
        .into_iter()
        .fold(InvoiceTotals::default(), |t, l| InvoiceTotals {
            subtotal: t.subtotal + l.net,
            tax: t.tax + l.tax,
            total: t.total + l.gross,
        })
}
