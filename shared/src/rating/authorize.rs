//! "How long may this call last?" — the largest duration whose charge fits
//! in what the account can spend.

use super::charge::{Tariff, billable_secs};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The longest call ever authorised (4 hours), also the answer when the
/// rate is free.
pub const MAX_CALL_SECS: u64 = 4 * 60 * 60;

/// The largest duration `d` (seconds, at most `cap`) whose charge — with
/// `allowance_secs` of allowance still available for this call — is at most
/// `available` (balance plus credit). 0 means refuse.
pub fn max_duration(tariff: &Tariff, allowance_secs: u64, available: Decimal, cap: u64) -> u64 {
    if cap == 0 || available.is_sign_negative() && !available.is_zero() {
        return 0;
    }
    // The limit in units of 0.0001 (anything finer cannot be charged),
    // read without formatting it (the hot path of every authorization): an
    // amount beyond what 0.0001 units in an `i64` hold limits nothing.
    let limit = available
        .checked_mul(Decimal::from(10_000))
        .and_then(|units| units.trunc().to_i64())
        .unwrap_or(i64::MAX);
    let i = u64::from(tariff.initial_increment);
    let s = u64::from(tariff.subsequent_increment);
    let fits = |billable: u64| tariff.charge_ten_thousandths(billable, allowance_secs) <= limit;

    // Billable seconds only take the values i, i+s, i+2s, …; the charge never
    // decreases along them, so search the last block that fits.
    if !fits(i) {
        return 0;
    }
    if i >= cap {
        return cap;
    }
    let max_k = (cap - i).div_ceil(s);
    let (mut lo, mut hi) = (0u64, max_k);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(i + mid * s) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let best = (i + lo * s).min(cap);
    debug_assert!(fits(billable_secs(
        best as i64,
        tariff.initial_increment,
        tariff.subsequent_increment
    )));
    best
}
