//! The allowances an account may draw on at a moment: those of its active
//! bundle subscriptions, less what earlier calls of the same billing period
//! used. Shared by authorization, CDR rating and the account views.

use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_db::entities::{
    account_services, allowance_usage, bundle_allowances, bundle_subscriptions, bundles,
    destination_groups, plans,
};
use ringledger_db::repo::TenantTx;
use ringledger_shared::billing::BillingPeriod;
use ringledger_shared::rating::ServiceKind;
use ringledger_shared::rating::allowance::{Allowance, AllowancePool};
use ringledger_shared::status::SubscriptionStatus;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// (subscription, allowance, period start).
pub type UsageKey = (Uuid, Uuid, NaiveDate);

/// Seconds used per [`UsageKey`], read once per transaction (or for a whole
/// batch at once with [`UsageCache::prefill`]) and updated as calls draw.
#[derive(Default)]
pub struct UsageCache {
    used: HashMap<UsageKey, i64>,
    /// Subscriptions whose every usage row is in `used` (absent means 0).
    complete: HashSet<Uuid>,
    /// Keys calls drew on, to be written back.
    dirty: HashSet<UsageKey>,
}

impl UsageCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes every usage row of `subscriptions` at once.
    pub fn prefill(&mut self, subscriptions: &[Uuid], rows: Vec<allowance_usage::Model>) {
        self.complete.extend(subscriptions.iter().copied());
        for r in rows {
            self.used.insert(
                (r.subscription_id, r.allowance_id, r.period_start),
                r.used_secs,
            );
        }
    }

    async fn get(&mut self, tx: &TenantTx, key: UsageKey) -> AppResult<i64> {
        if let Some(u) = self.used.get(&key) {
            return Ok(*u);
        }
        let u = if self.complete.contains(&key.0) {
            0
        } else {
            tx.customers().allowance_used(key.0, key.1, key.2).await?
        };
        self.used.insert(key, u);
        Ok(u)
    }

    fn add(&mut self, key: UsageKey, secs: i64) {
        *self.used.entry(key).or_insert(0) += secs;
        self.dirty.insert(key);
    }

    /// The keys calls drew on, with their new totals.
    pub fn changed(&self) -> impl Iterator<Item = (UsageKey, i64)> + '_ {
        self.dirty
            .iter()
            .map(|k| (*k, self.used.get(k).copied().unwrap_or(0)))
    }
}

/// A bundle with its services and allowances, as `TenantTx::list_bundles` gives it.
pub type BundleRow = (
    bundles::Model,
    Vec<ServiceKind>,
    Vec<bundle_allowances::Model>,
);

/// A destination group with its prefixes, as `TenantTx::list_groups` gives it.
pub type GroupRow = (destination_groups::Model, Vec<String>);

/// The tenant's bundles and destination groups, read at most once per
/// transaction however many calls are rated in it.
#[derive(Default)]
pub struct CatalogCache {
    loaded: Option<(Vec<BundleRow>, Vec<GroupRow>)>,
}

impl CatalogCache {
    /// The bundles and groups, loaded on first use.
    pub async fn get(&mut self, tx: &TenantTx) -> AppResult<(&[BundleRow], &[GroupRow])> {
        if self.loaded.is_none() {
            self.loaded = Some((
                tx.catalog().list_bundles().await?,
                tx.catalog().list_groups().await?,
            ));
        }
        Ok(self
            .loaded
            .as_ref()
            .map_or((&[][..], &[][..]), |(b, g)| (b.as_slice(), g.as_slice())))
    }
}

/// The deck that prices a service: its plan's, else its bundle's.
pub async fn deck_of(
    tx: &TenantTx,
    service: &account_services::Model,
    subscriptions: &[bundle_subscriptions::Model],
    bundles: &[BundleRow],
) -> AppResult<Option<Uuid>> {
    let plan = match service.plan_id {
        Some(id) => tx.catalog().plan(id).await?,
        None => None,
    };
    Ok(deck_for(service, plan.as_ref(), subscriptions, bundles))
}

/// [`deck_of`] with the service's plan (if any) already read.
pub fn deck_for(
    service: &account_services::Model,
    plan: Option<&plans::Model>,
    subscriptions: &[bundle_subscriptions::Model],
    bundles: &[BundleRow],
) -> Option<Uuid> {
    match service.plan_id {
        Some(_) => plan.and_then(|p| p.deck_id).map(Into::into),
        None => service
            .bundle_subscription_id
            .and_then(|sid| subscriptions.iter().find(|s| s.id == sid))
            .and_then(|s| bundles.iter().find(|(b, _, _)| b.id == s.bundle_id))
            .and_then(|(b, _, _)| b.deck_id)
            .map(Into::into),
    }
}

/// The first day of the billing period containing `day`, for an account
/// billed on `billing_day` (1–31, clamped to short months) of each month.
pub fn period_start(day: NaiveDate, billing_day: u32) -> NaiveDate {
    BillingPeriod::containing(day, billing_day).map_or(day, |p| p.start)
}

/// An account's drawable allowances at one moment.
#[derive(Clone)]
pub struct Drawable {
    /// The pool, in draw order.
    pub pool: AllowancePool,
    /// Pool id → (subscription, allowance).
    owners: HashMap<String, (Uuid, Uuid)>,
    /// The billing period the draws count against.
    pub period: NaiveDate,
}

impl Drawable {
    /// No allowances in the period starting on `period` (tests).
    #[cfg(test)]
    pub(crate) fn none(period: NaiveDate) -> Self {
        Self {
            pool: AllowancePool::default(),
            owners: HashMap::new(),
            period,
        }
    }

    /// Records draws (from `AllowancePool::draw`) in the usage cache.
    pub fn record(&self, drawn: &[(String, u64)], usage: &mut UsageCache) {
        for (id, secs) in drawn {
            if let Some((sub, allowance)) = self.owners.get(id) {
                usage.add((*sub, *allowance, self.period), *secs as i64);
            }
        }
    }
}

/// Builds the drawable allowances of an account at `at`.
pub async fn drawable(
    tx: &TenantTx,
    subscriptions: &[bundle_subscriptions::Model],
    bundles: &[BundleRow],
    groups: &[GroupRow],
    billing_day: u32,
    at: DateTime<Utc>,
    usage: &mut UsageCache,
) -> AppResult<Drawable> {
    let period = period_start(at.date_naive(), billing_day);
    let mut rows = Vec::new();
    let mut owners = HashMap::new();
    if !subscriptions.is_empty() {
        for sub in subscriptions
            .iter()
            .filter(|s| s.status == SubscriptionStatus::Active && s.started_at <= at)
        {
            let Some((_, _, allowances)) = bundles.iter().find(|(b, _, _)| b.id == sub.bundle_id)
            else {
                continue;
            };
            for a in allowances {
                let used = usage.get(tx, (sub.id, a.id, period)).await?;
                let id = format!("{}:{}", sub.id, a.id);
                owners.insert(id.clone(), (sub.id, a.id));
                rows.push(Allowance {
                    id,
                    priority: a.priority,
                    service_kinds: a
                        .service_kinds
                        .split(',')
                        .filter_map(ServiceKind::parse)
                        .collect(),
                    prefixes: groups
                        .iter()
                        .find(|(g, _)| g.id == a.group_id)
                        .map(|(_, p)| p.clone())
                        .unwrap_or_default(),
                    remaining_secs: (i64::from(a.minutes.max(0)) * 60 - used).max(0) as u64,
                });
            }
        }
    }
    Ok(Drawable {
        pool: AllowancePool::new(rows),
        owners,
        period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_periods_start_on_the_billing_day() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(period_start(d(2026, 3, 20), 15), d(2026, 3, 15));
        assert_eq!(period_start(d(2026, 3, 10), 15), d(2026, 2, 15));
        assert_eq!(period_start(d(2026, 1, 10), 15), d(2025, 12, 15));
        assert_eq!(period_start(d(2026, 1, 1), 1), d(2026, 1, 1));
    }
}
