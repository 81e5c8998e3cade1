//! Billable seconds and the charge of a call.

use rust_decimal::Decimal;

/// Billable seconds for a call of `duration` seconds with increments
/// `initial`/`subsequent` (PRODUCT.md):
/// `d <= 0` → 0; `0 < d <= i` → `i`; `d > i` → `i + ceil((d - i) / s) * s`.
pub fn billable_secs(duration: i64, initial: u32, subsequent: u32) -> u64 {
    if duration <= 0 {
        return 0;
    }
    let d = duration as u64;
    let i = u64::from(initial.max(1));
    let s = u64::from(subsequent.max(1));
    if d <= i {
        i
    } else {
        i + (d - i).div_ceil(s) * s
    }
}

/// The priced part of a deck row: what one call costs.
///
/// Amounts are kept in millionths (the deck's precision is 6 places), so a
/// charge is computed in exact integer arithmetic and rounded once to 4
/// places, half away from zero — the same result as doing it in `Decimal`
/// (proven by property tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tariff {
    /// Price per minute in millionths.
    rate_micros: i64,
    /// Connect fee in millionths.
    connect_micros: i64,
    /// First billing block, seconds (≥ 1).
    pub initial_increment: u32,
    /// Following billing blocks, seconds (≥ 1).
    pub subsequent_increment: u32,
}

/// 10^6: millionths per unit.
const MICROS: i64 = 1_000_000;

impl Tariff {
    /// A tariff; `None` when an amount is negative, has more than 6 decimal
    /// places, or does not fit, or an increment is 0.
    pub fn new(
        rate_per_minute: Decimal,
        connect_fee: Decimal,
        initial_increment: u32,
        subsequent_increment: u32,
    ) -> Option<Self> {
        if initial_increment == 0 || subsequent_increment == 0 {
            return None;
        }
        Some(Self {
            rate_micros: to_micros(rate_per_minute)?,
            connect_micros: to_micros(connect_fee)?,
            initial_increment,
            subsequent_increment,
        })
    }

    /// Price per minute.
    pub fn rate_per_minute(&self) -> Decimal {
        Decimal::new(self.rate_micros, 6).normalize()
    }

    /// Connect fee.
    pub fn connect_fee(&self) -> Decimal {
        Decimal::new(self.connect_micros, 6).normalize()
    }

    /// Charge for `billable` seconds, none of them covered by an allowance.
    pub fn charge(&self, billable: u64) -> Decimal {
        self.charge_uncovered(billable, 0)
    }

    /// Charge for `billable` seconds of which `covered` come from
    /// allowances: a fully covered call (or an unanswered one) costs 0; else
    /// the connect fee plus the rate on the uncovered seconds, rounded once.
    pub fn charge_uncovered(&self, billable: u64, covered: u64) -> Decimal {
        Decimal::new(self.charge_ten_thousandths(billable, covered), 4)
    }

    /// The charge in units of 0.0001.
    pub(crate) fn charge_ten_thousandths(&self, billable: u64, covered: u64) -> i64 {
        if billable == 0 || covered >= billable {
            return 0;
        }
        let uncovered = billable - covered;
        // connect + rate * secs / 60, in 10^-4 units: (connect_µ * 60 +
        // rate_µ * secs) / 6000, rounded half up — it is never negative, so
        // that is (n + 3000) / 6000. In `i64` when it fits (every real
        // tariff: authorization's search computes this a dozen times a
        // call), else in `i128`.
        let small = i64::try_from(uncovered).ok().and_then(|secs| {
            self.connect_micros
                .checked_mul(60)?
                .checked_add(self.rate_micros.checked_mul(secs)?)?
                .checked_add(3000)
        });
        if let Some(numerator) = small {
            return numerator / 6000;
        }
        let numerator = i128::from(self.connect_micros) * 60
            + i128::from(self.rate_micros) * i128::from(uncovered);
        i64::try_from((numerator + 3000) / 6000).unwrap_or(i64::MAX)
    }
}

/// An amount ≥ 0 with at most 6 decimal places, in millionths.
fn to_micros(value: Decimal) -> Option<i64> {
    let v = value.normalize();
    if v.is_sign_negative() && !v.is_zero() || v.scale() > 6 {
        return None;
    }
    let scaled = v.checked_mul(Decimal::from(MICROS))?;
    i64::try_from(scaled.trunc()).ok()
}
