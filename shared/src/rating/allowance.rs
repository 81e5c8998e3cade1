//! Bundled allowances: minutes to a destination group, usable by some
//! service kinds, drawn in billable seconds.
//!
//! **Draw order.** An account may hold several bundles. For each call, the
//! allowances that apply to it (its service kind is listed and its
//! destination starts with one of the group's prefixes) are drawn in order
//! of `priority` (lower first), then allowance id; a call larger than the
//! first allowance's remainder continues on the next. Calls are taken in
//! order of start time, then call id.

use super::charge::billable_secs;
use super::deck::Deck;
use super::normalize::{Number, normalize};
use super::service::ServiceKind;
use super::{Rate, RateError};
use rust_decimal::Decimal;

/// Seconds of bundled calling left to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    /// Stable id (tie-breaker after priority).
    pub id: String,
    /// Lower draws first.
    pub priority: i32,
    /// Service kinds that may use it.
    pub service_kinds: Vec<ServiceKind>,
    /// The destination group: digit prefixes of normalised numbers.
    pub prefixes: Vec<String>,
    /// Seconds left.
    pub remaining_secs: u64,
}

impl Allowance {
    /// Whether a call of `kind` to `number` may draw on this allowance.
    pub fn applies(&self, kind: ServiceKind, number: &Number) -> bool {
        self.service_kinds.contains(&kind)
            && self
                .prefixes
                .iter()
                .any(|p| number.as_str().starts_with(p.as_str()))
    }
}

/// The allowances of one account, kept in draw order.
#[derive(Debug, Clone, Default)]
pub struct AllowancePool {
    allowances: Vec<Allowance>,
}

impl AllowancePool {
    /// A pool; sorts the allowances into draw order.
    pub fn new(mut allowances: Vec<Allowance>) -> Self {
        allowances.sort_by(|a, b| a.priority.cmp(&b.priority).then_with(|| a.id.cmp(&b.id)));
        Self { allowances }
    }

    /// The allowances, in draw order, with what is left.
    pub fn allowances(&self) -> &[Allowance] {
        &self.allowances
    }

    /// Seconds available to a call of `kind` to `number`.
    pub fn available(&self, kind: ServiceKind, number: &Number) -> u64 {
        self.allowances
            .iter()
            .filter(|a| a.applies(kind, number))
            .map(|a| a.remaining_secs)
            .sum()
    }

    /// Draws up to `billable` seconds for a call; returns the seconds
    /// covered and, per allowance drawn on, `(allowance id, seconds)`.
    pub fn draw(
        &mut self,
        kind: ServiceKind,
        number: &Number,
        billable: u64,
    ) -> (u64, Vec<(String, u64)>) {
        let mut left = billable;
        let mut drawn = Vec::new();
        for a in self.allowances.iter_mut() {
            if left == 0 {
                break;
            }
            if a.remaining_secs == 0 || !a.applies(kind, number) {
                continue;
            }
            let take = left.min(a.remaining_secs);
            a.remaining_secs -= take;
            left -= take;
            drawn.push((a.id.clone(), take));
        }
        (billable - left, drawn)
    }
}

/// A call to rate with allowances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Call id (tie-breaker after start time).
    pub id: String,
    /// Start time (any monotonic unit, e.g. Unix seconds).
    pub start: i64,
    /// The service the call was made with.
    pub service: ServiceKind,
    /// The dialled destination.
    pub destination: String,
    /// Duration in seconds (≤ 0 for unanswered).
    pub duration_secs: i64,
}

/// The outcome of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatedCall {
    /// Call id.
    pub id: String,
    /// The matched prefix, or why the call was not rated.
    pub result: Result<RatedDetail, RateError>,
}

/// Details of a rated call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatedDetail {
    /// The matched deck row's prefix.
    pub prefix: String,
    /// Billable seconds.
    pub billable_secs: u64,
    /// Seconds covered by allowances.
    pub covered_secs: u64,
    /// What was drawn from which allowance.
    pub drawn: Vec<(String, u64)>,
    /// The charge, rounded once to 4 places.
    pub charge: Decimal,
}

/// Rates calls in order of start time then id, drawing allowances from
/// `pool` as it goes. Returns the results in that order.
pub fn rate_calls(deck: &Deck, pool: &mut AllowancePool, calls: &[Call]) -> Vec<RatedCall> {
    let mut order: Vec<&Call> = calls.iter().collect();
    order.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
    order
        .into_iter()
        .map(|call| RatedCall {
            id: call.id.clone(),
            result: rate_one(deck, pool, call),
        })
        .collect()
}

fn rate_one(deck: &Deck, pool: &mut AllowancePool, call: &Call) -> Result<RatedDetail, RateError> {
    let number = normalize(&call.destination)?;
    let rate: &Rate = deck.lookup(&number).ok_or(RateError::NoRate)?;
    let t = &rate.tariff;
    let billable = billable_secs(
        call.duration_secs,
        t.initial_increment,
        t.subsequent_increment,
    );
    let (covered, drawn) = pool.draw(call.service, &number, billable);
    Ok(RatedDetail {
        prefix: rate.prefix.clone(),
        billable_secs: billable,
        covered_secs: covered,
        drawn,
        charge: t.charge_uncovered(billable, covered),
    })
}
