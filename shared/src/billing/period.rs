//! Monthly billing periods and proration.

use crate::money::round_half_away;
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;

/// The day `billing_day` (1–31) of a month, clamped to the month's last day
/// (the 31st is the 30th in April and the 28th or 29th in February).
fn anchor(year: i32, month: u32, billing_day: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    NaiveDate::from_ymd_opt(year, month, billing_day.clamp(1, 31).min(last.day()))
}

/// One billing period: `start` inclusive to `end` exclusive (the next
/// period's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BillingPeriod {
    /// First day of the period.
    pub start: NaiveDate,
    /// First day of the next period.
    pub end: NaiveDate,
}

impl BillingPeriod {
    /// The period containing `day` for an account billed on `billing_day`.
    pub fn containing(day: NaiveDate, billing_day: u32) -> Option<Self> {
        let this = anchor(day.year(), day.month(), billing_day)?;
        let start = if day >= this {
            this
        } else {
            let prev = day.with_day(1)?.checked_sub_months(Months::new(1))?;
            anchor(prev.year(), prev.month(), billing_day)?
        };
        let next = start.with_day(1)?.checked_add_months(Months::new(1))?;
        let end = anchor(next.year(), next.month(), billing_day)?;
        Some(Self { start, end })
    }

    /// The period before this one.
    pub fn previous(&self, billing_day: u32) -> Option<Self> {
        Self::containing(self.start.pred_opt()?, billing_day)
    }

    /// The last period that has ended on `today` (the one an invoice is due
    /// for): the period before the one containing `today`.
    pub fn last_ended(today: NaiveDate, billing_day: u32) -> Option<Self> {
        Self::containing(today, billing_day)?.previous(billing_day)
    }

    /// Days in the period.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// Whether `day` falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end
    }

    /// The last day of the period (inclusive).
    pub fn last_day(&self) -> NaiveDate {
        self.end
            .checked_sub_days(Days::new(1))
            .unwrap_or(self.start)
    }

    /// Days of the period in which something that ran from `from`
    /// (inclusive) until `until` (exclusive; `None`: still running) was
    /// active.
    pub fn active_days(&self, from: NaiveDate, until: Option<NaiveDate>) -> i64 {
        let a = from.max(self.start);
        let b = until.map_or(self.end, |u| u.min(self.end));
        (b - a).num_days().max(0)
    }
}

/// Days in the month of `day`.
pub fn days_in(day: NaiveDate) -> u32 {
    anchor(day.year(), day.month(), 31).map_or(30, |d| d.day())
}

/// `fee × active / total`, rounded to `places` half away from zero: a
/// recurring fee for part of a period. A whole period is the fee exactly.
pub fn prorate(fee: Decimal, active_days: i64, total_days: i64, places: u32) -> Decimal {
    if total_days <= 0 || active_days <= 0 {
        return Decimal::ZERO;
    }
    if active_days >= total_days {
        return round_half_away(fee, places);
    }
    round_half_away(
        fee * Decimal::from(active_days) / Decimal::from(total_days),
        places,
    )
}
