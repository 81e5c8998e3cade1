//! Spend meters: what each account and service spent this hour and this
//! day, and an account's usual hourly spend — a running figure (a moving
//! average of the hours closed, quiet hours included) updated by CDR
//! batches, never recomputed per call. When an account's spend in the
//! hour passes its seller's `anomaly_factor` times its usual spend (taken
//! as at least `anomaly_floor`), the services that spent in the batch are
//! suspended until staff release them.

use super::{day_of, hour_of, rules};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{accounts, spend_meters};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ids::AccountId;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The weight of the hour just closed in the usual hourly spend (a day's
/// worth of hours makes the figure).
const WEIGHT: Decimal = Decimal::from_parts(41_667, 0, 0, false, 6);
/// Beyond this many silent hours the usual spend is taken as zero.
const FORGET_HOURS: i64 = 24 * 14;

/// A service fraud control suspended in a batch.
#[derive(Debug, Clone)]
pub struct Suspension {
    /// The account it belongs to.
    pub account: accounts::Model,
    /// The service.
    pub service: Uuid,
    /// The account's spend in the hour.
    pub hour_spend: Decimal,
    /// Its usual hourly spend.
    pub usual: Decimal,
}

/// A meter with nothing spent, at `now`.
fn empty(tenant: Uuid, subject: Uuid, now: DateTime<Utc>) -> spend_meters::Model {
    spend_meters::Model {
        tenant_id: tenant,
        subject_id: subject,
        hour_start: hour_of(now),
        hour_spent: DbDecimal(Decimal::ZERO),
        day_start: day_of(now),
        day_spent: DbDecimal(Decimal::ZERO),
        usual_hourly: DbDecimal(Decimal::ZERO),
        suspended_at: None,
        suspended_spend: None,
        suspended_usual: None,
        quiet_until: None,
        updated_at: now,
    }
}

/// Moves `m` to the hour and day of `now`: the hours closed since count in
/// the usual spend (the last one with what it spent, the silent ones as
/// zero).
pub fn roll(m: &mut spend_meters::Model, now: DateTime<Utc>) {
    let hour = hour_of(now);
    if m.hour_start < hour {
        let gap = (hour - m.hour_start).num_hours().max(1);
        let mut usual = m.usual_hourly.0 + WEIGHT * (m.hour_spent.0 - m.usual_hourly.0);
        if gap > FORGET_HOURS {
            usual = Decimal::ZERO;
        } else {
            for _ in 1..gap {
                usual -= WEIGHT * usual;
            }
        }
        m.usual_hourly = DbDecimal(usual.round_dp(6));
        m.hour_start = hour;
        m.hour_spent = DbDecimal(Decimal::ZERO);
    }
    if m.day_start < day_of(now) {
        m.day_start = day_of(now);
        m.day_spent = DbDecimal(Decimal::ZERO);
    }
}

/// Whether `account`'s meter is anomalous at `now` under `anomaly` (the
/// factor and the floor, if any).
fn anomalous(m: &spend_meters::Model, anomaly: Option<(u32, Decimal)>, now: DateTime<Utc>) -> bool {
    let Some((factor, floor)) = anomaly else {
        return false;
    };
    if m.quiet_until.is_some_and(|q| now < q) {
        return false;
    }
    let usual = m.usual_hourly.0.max(floor);
    m.hour_spent.0 > usual * Decimal::from(factor)
}

/// Counts a batch's charges — `(account, call id, service, charge)` of the
/// customers' `accounts` (resellers' wholesale charges are left out) — in
/// the meters, and suspends the services of anomalous accounts. Does
/// nothing while the tenant has no fraud rules at all.
pub async fn record(
    tx: &TenantTx,
    accounts: &HashMap<AccountId, accounts::Model>,
    charges: &[(AccountId, String, Uuid, Decimal)],
    sellers_up: impl Fn(Uuid) -> Vec<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<Vec<Suspension>> {
    if charges.is_empty() || !tx.fraud().any_rules().await? {
        return Ok(Vec::new());
    }
    // Per account: its services and what each spent in the batch.
    let mut spent: BTreeMap<Uuid, BTreeMap<Uuid, Decimal>> = BTreeMap::new();
    for (account, _, service, charge) in charges {
        if accounts.contains_key(account) {
            *spent
                .entry(account.as_uuid())
                .or_default()
                .entry(*service)
                .or_default() += *charge;
        }
    }
    let subjects: Vec<Uuid> = spent
        .iter()
        .flat_map(|(a, services)| std::iter::once(*a).chain(services.keys().copied()))
        .collect();
    let tenant = tx.tenant_id().as_uuid();
    let mut meters: HashMap<Uuid, spend_meters::Model> = tx
        .fraud()
        .meters_of(&subjects)
        .await?
        .into_iter()
        .map(|m| (m.subject_id, m))
        .collect();
    let mut settings: HashMap<Uuid, Option<(u32, Decimal)>> = HashMap::new();
    let mut suspended = Vec::new();
    for (account_id, services) in &spent {
        let Some(account) = accounts.get(&AccountId(*account_id)) else {
            continue;
        };
        let total: Decimal = services.values().copied().sum();
        let a = meters
            .entry(*account_id)
            .or_insert_with(|| empty(tenant, *account_id, now));
        roll(a, now);
        a.hour_spent = DbDecimal(a.hour_spent.0 + total);
        a.day_spent = DbDecimal(a.day_spent.0 + total);
        a.updated_at = now;
        let anomaly = match settings.get(&account.seller_id) {
            Some(s) => *s,
            None => {
                let up = sellers_up(account.seller_id);
                let s = rules::applied(tx, &up, Uuid::nil()).await?.anomaly;
                settings.insert(account.seller_id, s);
                s
            }
        };
        let flagged = anomalous(a, anomaly, now).then_some((a.hour_spent.0, a.usual_hourly.0));
        for (service, amount) in services {
            let m = meters
                .entry(*service)
                .or_insert_with(|| empty(tenant, *service, now));
            roll(m, now);
            m.hour_spent = DbDecimal(m.hour_spent.0 + *amount);
            m.day_spent = DbDecimal(m.day_spent.0 + *amount);
            m.updated_at = now;
            if let Some((hour_spend, usual)) = flagged
                && m.suspended_at.is_none()
            {
                m.suspended_at = Some(now);
                m.suspended_spend = Some(DbDecimal(hour_spend));
                m.suspended_usual = Some(DbDecimal(usual));
                suspended.push(Suspension {
                    account: account.clone(),
                    service: *service,
                    hour_spend,
                    usual,
                });
            }
        }
    }
    tx.fraud()
        .save_meters(meters.into_values().collect())
        .await?;
    Ok(suspended)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn an_hour_closed_moves_the_usual_spend_and_silent_hours_lower_it() {
        let mut m = empty(Uuid::nil(), Uuid::nil(), at("2026-12-05T10:10:00Z"));
        m.hour_spent = DbDecimal(dec!(24));
        roll(&mut m, at("2026-12-05T11:05:00Z"));
        assert_eq!(m.usual_hourly.0, dec!(1.000008));
        assert_eq!(m.hour_spent.0, Decimal::ZERO);
        assert_eq!(m.day_spent.0, Decimal::ZERO, "same day: untouched");
        // Two silent hours: the usual spend decays twice.
        let before = m.usual_hourly.0;
        roll(&mut m, at("2026-12-05T14:00:00Z"));
        assert!(m.usual_hourly.0 < before);
        roll(&mut m, at("2027-01-05T14:00:00Z"));
        assert_eq!(m.usual_hourly.0, Decimal::ZERO);
    }

    #[test]
    fn an_anomaly_is_factor_times_the_usual_or_the_floor() {
        let now = at("2026-12-05T10:10:00Z");
        let mut m = empty(Uuid::nil(), Uuid::nil(), now);
        m.usual_hourly = DbDecimal(dec!(0.5));
        let s = Some((10, dec!(1)));
        m.hour_spent = DbDecimal(dec!(10));
        assert!(!anomalous(&m, s, now), "10 is not above 10 × max(0.5, 1)");
        m.hour_spent = DbDecimal(dec!(10.01));
        assert!(anomalous(&m, s, now));
        m.quiet_until = Some(now + chrono::Duration::minutes(1));
        assert!(!anomalous(&m, s, now), "released: quiet for the hour");
        assert!(!anomalous(&m, None, now + chrono::Duration::hours(1)));
    }
}
