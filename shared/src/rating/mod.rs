//! The rating engine: the exact rules of PRODUCT.md as pure functions.
//!
//! - [`normalize`]: destination clean-up (`+44 (20) 7946-0000` → `442079460000`).
//! - [`Deck`]: a compiled rate deck answering longest-prefix lookups.
//! - [`billable_secs`] and [`Tariff::charge`]: increments, connect fee and
//!   the one rounding (4 places, half away from zero), in exact integer
//!   arithmetic equivalent to `rust_decimal`.
//! - [`allowance`]: bundled minutes, drawn in priority order.
//! - [`max_duration`]: the longest call a balance can pay for.
//! - [`markup`]: resellers' prices on top of their parent's, and a call's
//!   charge at every level of a reseller chain.
//! - [`deck_csv`]: the rate-deck CSV format, streamed, with every problem
//!   reported by line.
//!
//! The server, the CLI and the browser all price through this module, so a
//! price preview in the console is the bill.

pub mod allowance;
mod authorize;
mod charge;
mod deck;
pub mod deck_csv;
pub mod markup;
mod normalize;
mod service;
pub mod synthetic;

pub use authorize::{MAX_CALL_SECS, max_duration};
pub use charge::{Tariff, billable_secs};
pub use deck::{Deck, DuplicatePrefix, Rate};
pub use normalize::{Number, normalize};
pub use service::ServiceKind;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why a call could not be rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateError {
    /// The destination is not 1–15 digits after normalisation.
    InvalidDestination,
    /// No prefix of the deck matches the destination.
    NoRate,
}

impl RateError {
    /// The status word used in CSV output and APIs.
    pub fn as_str(self) -> &'static str {
        match self {
            RateError::InvalidDestination => "invalid_destination",
            RateError::NoRate => "no_rate",
        }
    }
}

/// A rated call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating<'d> {
    /// The deck row that matched.
    pub rate: &'d Rate,
    /// Seconds billed after increments.
    pub billable_secs: u64,
    /// The charge, rounded once to 4 places.
    pub charge: Decimal,
}

/// Rates one call against a deck, without allowances.
pub fn rate_call<'d>(
    deck: &'d Deck,
    destination: &str,
    duration_secs: i64,
) -> Result<Rating<'d>, RateError> {
    let number = normalize(destination)?;
    let rate = deck.lookup(&number).ok_or(RateError::NoRate)?;
    let billable = billable_secs(
        duration_secs,
        rate.tariff.initial_increment,
        rate.tariff.subsequent_increment,
    );
    Ok(Rating {
        rate,
        billable_secs: billable,
        charge: rate.tariff.charge(billable),
    })
}

#[cfg(test)]
mod tests;
