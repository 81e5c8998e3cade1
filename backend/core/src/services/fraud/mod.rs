//! Fraud control where the call is authorized (PortaBilling's and
//! CGRateS' thresholds): per account and per service, concurrent calls
//! and calls per minute ([`slots`]), spend per hour and per day (the
//! [`meters`] CDR batches keep), high-risk prefixes and allowed countries
//! ([`destinations`]), and the spend anomaly that suspends a service until
//! staff release it ([`meters::record`]).
//!
//! A seller's defaults (`FraudSettings`) apply to its customers unless a
//! nearer reseller up the tree set its own; a customer's own limits
//! (`CustomerFraud`) replace them one by one.

use crate::error::AppResult;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use ringledger_db::entities::spend_meters;
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::calls::RefusalReason;
use ringledger_shared::api::fraud::{FraudLimits, Limits};
use ringledger_shared::ids::AccountId;
use ringledger_shared::rating::Number;
use rust_decimal::Decimal;
use std::sync::Arc;
use uuid::Uuid;

pub mod destinations;
pub mod meters;
pub mod notify;
pub mod refusals;
pub mod rules;
pub mod slots;

pub use destinations::HighRisk;
pub use slots::Slots;

/// The start of the clock hour holding `at`.
pub fn hour_of(at: DateTime<Utc>) -> DateTime<Utc> {
    at.with_nanosecond(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_minute(0))
        .unwrap_or(at)
}

/// The day (UTC) holding `at`.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    NaiveDate::from_ymd_opt(at.year(), at.month(), at.day()).unwrap_or(at.date_naive())
}

/// What a meter says was spent this hour and this day, at `now`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spent {
    /// In the current clock hour.
    pub hour: Decimal,
    /// In the current day.
    pub day: Decimal,
}

impl Spent {
    /// A meter's figures that still count at `now`.
    pub fn of(meter: Option<&spend_meters::Model>, now: DateTime<Utc>) -> Spent {
        let Some(m) = meter else {
            return Spent::default();
        };
        Spent {
            hour: if m.hour_start == hour_of(now) {
                m.hour_spent.0
            } else {
                Decimal::ZERO
            },
            day: if m.day_start == day_of(now) {
                m.day_spent.0
            } else {
                Decimal::ZERO
            },
        }
    }

    /// What `limits` leave to spend (`None`: no spend limit).
    fn left(self, limits: &Limits) -> Option<Decimal> {
        let hour = limits.spend_per_hour.map(|l| l - self.hour);
        let day = limits.spend_per_day.map(|l| l - self.day);
        match (hour, day) {
            (Some(h), Some(d)) => Some(h.min(d)),
            (h, d) => h.or(d),
        }
    }
}

/// Fraud control of one line, read with its authorization context.
#[derive(Debug, Clone)]
pub struct LineFraud {
    /// The limits in force (the customer's own, else its seller's).
    pub limits: FraudLimits,
    /// The service is suspended for anomalous spend.
    pub suspended: bool,
    /// The customer may call high-risk prefixes.
    pub allow_high_risk: bool,
    /// The countries it may call (empty: every one).
    pub countries: Arc<[String]>,
    /// The operator's high-risk prefixes, as the context was read.
    pub high_risk: Arc<HighRisk>,
    /// The account's meter, as read.
    pub account: Option<spend_meters::Model>,
    /// The service's meter, as read.
    pub service: Option<spend_meters::Model>,
    /// The customer holding the line (for the audit log).
    pub customer: Uuid,
    /// Its seller.
    pub seller: Uuid,
}

impl LineFraud {
    /// Reads the fraud control of `service` on `account` of `customer`,
    /// whose seller and its parents are `sellers` (nearest first).
    pub async fn load(
        tx: &TenantTx,
        sellers: &[Uuid],
        customer: Uuid,
        (account, service): (AccountId, Uuid),
        high_risk: Arc<HighRisk>,
    ) -> AppResult<LineFraud> {
        let applied = rules::applied(tx, sellers, customer).await?;
        let (mut account_meter, mut service_meter) = (None, None);
        for m in tx.fraud().meters_of(&[account.as_uuid(), service]).await? {
            if m.subject_id == service {
                service_meter = Some(m);
            } else {
                account_meter = Some(m);
            }
        }
        Ok(LineFraud {
            limits: applied.limits,
            suspended: service_meter
                .as_ref()
                .is_some_and(|m| m.suspended_at.is_some()),
            allow_high_risk: applied.own.allow_high_risk,
            countries: applied.own.allowed_countries.into(),
            high_risk,
            account: account_meter,
            service: service_meter,
            customer,
            seller: sellers.first().copied().unwrap_or_default(),
        })
    }

    /// A line without any rule (tests).
    pub fn open() -> LineFraud {
        LineFraud {
            limits: FraudLimits::default(),
            suspended: false,
            allow_high_risk: true,
            countries: Vec::new().into(),
            high_risk: Arc::default(),
            account: None,
            service: None,
            customer: Uuid::nil(),
            seller: Uuid::nil(),
        }
    }

    /// No rule at all: nothing to check.
    pub fn is_open(&self) -> bool {
        !self.suspended
            && self.limits.account.is_empty()
            && self.limits.service.is_empty()
            && self.allow_high_risk
            && self.countries.is_empty()
    }

    /// Why `number` may not be called, if so.
    pub fn destination_refusal(&self, number: &Number) -> Option<RefusalReason> {
        if !self.allow_high_risk && self.high_risk.matches(number) {
            return Some(RefusalReason::DestinationBlocked);
        }
        if !self.countries.is_empty() && !destinations::in_countries(number, &self.countries) {
            return Some(RefusalReason::DestinationBlocked);
        }
        None
    }

    /// What the spend limits leave for a call at `now` (`None`: no limit).
    pub fn spend_left(&self, now: DateTime<Utc>) -> Option<Decimal> {
        let account = Spent::of(self.account.as_ref(), now).left(&self.limits.account);
        let service = Spent::of(self.service.as_ref(), now).left(&self.limits.service);
        match (account, service) {
            (Some(a), Some(s)) => Some(a.min(s)),
            (a, s) => a.or(s),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ringledger_db::entities::decimal::DbDecimal;
    use rust_decimal_macros::dec;

    fn meter(hour: DateTime<Utc>, spent: Decimal, day_spent: Decimal) -> spend_meters::Model {
        spend_meters::Model {
            tenant_id: Uuid::nil(),
            subject_id: Uuid::nil(),
            hour_start: hour_of(hour),
            hour_spent: DbDecimal(spent),
            day_start: day_of(hour),
            day_spent: DbDecimal(day_spent),
            usual_hourly: DbDecimal(Decimal::ZERO),
            suspended_at: None,
            suspended_spend: None,
            suspended_usual: None,
            quiet_until: None,
            updated_at: hour,
        }
    }

    #[test]
    fn spend_counts_in_its_own_hour_and_day_only() {
        let now: DateTime<Utc> = "2026-12-05T10:30:00Z".parse().unwrap();
        let m = meter(now, dec!(3), dec!(7));
        assert_eq!(
            Spent::of(Some(&m), now),
            Spent {
                hour: dec!(3),
                day: dec!(7)
            }
        );
        let later: DateTime<Utc> = "2026-12-05T11:00:00Z".parse().unwrap();
        assert_eq!(Spent::of(Some(&m), later).hour, Decimal::ZERO);
        assert_eq!(Spent::of(Some(&m), later).day, dec!(7));
        let tomorrow: DateTime<Utc> = "2026-12-06T10:30:00Z".parse().unwrap();
        assert_eq!(Spent::of(Some(&m), tomorrow), Spent::default());
    }

    #[test]
    fn the_tightest_limit_is_what_is_left() {
        let now: DateTime<Utc> = "2026-12-05T10:30:00Z".parse().unwrap();
        let line = LineFraud {
            limits: FraudLimits {
                account: Limits {
                    spend_per_hour: Some(dec!(5)),
                    spend_per_day: Some(dec!(20)),
                    ..Limits::default()
                },
                service: Limits {
                    spend_per_day: Some(dec!(9)),
                    ..Limits::default()
                },
            },
            suspended: false,
            allow_high_risk: true,
            countries: Vec::new().into(),
            high_risk: Arc::default(),
            account: Some(meter(now, dec!(1), dec!(18))),
            service: Some(meter(now, dec!(1), dec!(2))),
            customer: Uuid::nil(),
            seller: Uuid::nil(),
        };
        // account: hour 4 left, day 2 left; service: day 7 left.
        assert_eq!(line.spend_left(now), Some(dec!(2)));
        let open = LineFraud {
            limits: FraudLimits::default(),
            ..line
        };
        assert_eq!(open.spend_left(now), None);
    }
}
