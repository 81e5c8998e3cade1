//! The price preview: the rows `/match` returns, compiled into a `Deck` and
//! priced by `ringledger_shared::rating::rate_call` — the code that bills.

use crate::components::rate_text;
use ringledger_shared::api::catalog::RateView;
use ringledger_shared::rating::{Deck, Rate, RateError, Tariff, rate_call};

/// A priced call, every amount a rate (4 to 6 places) formatted from its
/// `Decimal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedCall {
    /// The prefix that matched (the longest).
    pub prefix: String,
    /// Its destination.
    pub destination: String,
    /// Price per minute.
    pub rate: String,
    /// Connect fee.
    pub connect_fee: String,
    /// First billing block, seconds.
    pub initial: u32,
    /// Following blocks, seconds.
    pub subsequent: u32,
    /// Seconds billed.
    pub billable_secs: u64,
    /// The charge, 4 to 6 places.
    pub charge: String,
}

impl PricedCall {
    /// One line: "Matched prefix 447 (UK Mobile) · 0.2000/min, connect
    /// 0.0000 · 30/6 · 48 billable seconds · charge 0.1600".
    pub fn describe(&self) -> String {
        format!(
            "Matched prefix {} ({}) · {}/min, connect {} · {}/{} · {} billable {} · charge {}",
            self.prefix,
            self.destination,
            self.rate,
            self.connect_fee,
            self.initial,
            self.subsequent,
            self.billable_secs,
            if self.billable_secs == 1 {
                "second"
            } else {
                "seconds"
            },
            self.charge
        )
    }
}

/// Why a preview has no price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewError {
    /// `no_rate` / `invalid_destination` from the engine.
    Rate(RateError),
    /// The server sent rows the engine refuses (should not happen).
    BadRows(String),
}

/// Prices `secs` seconds to `number` over `rows`.
pub fn price(rows: &[RateView], number: &str, secs: i64) -> Result<PricedCall, PreviewError> {
    let mut rates = Vec::with_capacity(rows.len());
    for r in rows {
        let rate = Tariff::new(
            r.rate_per_minute,
            r.connect_fee,
            r.initial_increment,
            r.subsequent_increment,
        )
        .and_then(|t| Rate::new(&r.prefix, &r.destination, t))
        .ok_or_else(|| {
            PreviewError::BadRows(format!("the row for prefix {} is invalid", r.prefix))
        })?;
        rates.push(rate);
    }
    let deck = Deck::new(rates).map_err(|d| {
        PreviewError::BadRows(format!("prefix {} appears more than once", d.prefix))
    })?;
    let rating = rate_call(&deck, number, secs).map_err(PreviewError::Rate)?;
    let tariff = &rating.rate.tariff;
    Ok(PricedCall {
        prefix: rating.rate.prefix.clone(),
        destination: rating.rate.destination.clone(),
        rate: rate_text(tariff.rate_per_minute()),
        connect_fee: rate_text(tariff.connect_fee()),
        initial: tariff.initial_increment,
        subsequent: tariff.subsequent_increment,
        billable_secs: rating.billable_secs,
        charge: rate_text(rating.charge),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn row(prefix: &str, dest: &str, rate: &str, init: u32, sub: u32) -> RateView {
        RateView {
            prefix: prefix.into(),
            destination: dest.into(),
            rate_per_minute: rust_decimal::Decimal::from_str(rate).unwrap_or_default(),
            connect_fee: rust_decimal::Decimal::ZERO,
            initial_increment: init,
            subsequent_increment: sub,
        }
    }

    #[test]
    fn longest_prefix_and_increments() {
        let rows = [
            row("44", "UK", "0.1", 60, 60),
            row("447", "UK Mobile", "0.05", 30, 6),
        ];
        let p = price(&rows, "+44 7911 123456", 45).map_err(|e| format!("{e:?}"));
        assert_eq!(
            p.map(|p| p.describe()),
            Ok("Matched prefix 447 (UK Mobile) · 0.0500/min, connect 0.0000 · 30/6 · 48 billable seconds · charge 0.0400".to_owned())
        );
    }

    #[test]
    fn no_rate_and_invalid() {
        let rows = [row("447", "UK Mobile", "0.05", 30, 6)];
        assert_eq!(
            price(&rows, "33123", 10),
            Err(PreviewError::Rate(RateError::NoRate))
        );
        assert_eq!(
            price(&rows, "abc", 10),
            Err(PreviewError::Rate(RateError::InvalidDestination))
        );
    }
}
