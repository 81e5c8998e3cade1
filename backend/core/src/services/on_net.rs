//! On-net calls: a call to one of the tenant's own phone numbers held by a
//! service (assigned or porting out) stays on the network and is priced at
//! the operator's on-net rate (per minute, billed by the second, no
//! connect fee; zero unless set) instead of as a call to those digits.
//! Resellers add their markups; a reseller pricing from its own deck sells
//! on-net calls at its parent's price (its deck prices destinations), and
//! no allowance is spent on them.
//!
//! Rating reads the numbers in the batch's transaction; authorization keeps
//! each tenant's set in memory, read again when a write of this instance
//! changed which numbers services hold or the rate (a generation of their
//! own, so CDR batches do not reload it), and every [`TTL`] for other
//! instances' writes.

use crate::error::AppResult;
use crate::services::tenant_cache::TenantCache;
use ringledger_db::repo::{Repos, TenantTx};
use ringledger_shared::ids::TenantId;
use ringledger_shared::rating::{Number, Rate, Tariff};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::sync::Arc;

/// The destination name of an on-net rate.
pub const ON_NET: &str = "On-net";

/// A tenant's held numbers and the on-net tariff.
#[derive(Debug, Default)]
pub struct OnNet {
    numbers: HashSet<Box<str>>,
    tariff: Option<Tariff>,
}

impl OnNet {
    /// The on-net tariff for `rate` a minute.
    pub fn tariff(rate: Decimal) -> Option<Tariff> {
        Tariff::new(rate, Decimal::ZERO, 1, 1)
    }

    /// The set of `numbers` at `rate` a minute.
    pub fn new<I: IntoIterator<Item = String>>(numbers: I, rate: Decimal) -> Self {
        OnNet {
            numbers: numbers.into_iter().map(Into::into).collect(),
            tariff: Self::tariff(rate),
        }
    }

    /// Reads the held numbers among `wanted` and the rate in `tx`.
    pub async fn among(tx: &TenantTx, wanted: &[String]) -> AppResult<Self> {
        let held = tx.numbers().held_among(wanted).await?;
        if held.is_empty() {
            return Ok(Self::default());
        }
        let rate = operator_rate(tx).await?;
        Ok(Self::new(held, rate))
    }

    /// The rate of a call to `number` when it is on-net.
    pub fn rate(&self, number: &Number) -> Option<Rate> {
        if !self.numbers.contains(number.as_str()) {
            return None;
        }
        Rate::new(number.as_str(), ON_NET, self.tariff?)
    }

    /// Whether `number` is on-net.
    pub fn contains(&self, number: &Number) -> bool {
        self.tariff.is_some() && self.numbers.contains(number.as_str())
    }

    /// No number is held.
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }
}

/// The operator's on-net rate.
async fn operator_rate(tx: &TenantTx) -> AppResult<Decimal> {
    Ok(tx
        .sellers()
        .all_sellers()
        .await?
        .into_iter()
        .find(|s| s.parent_id.is_none())
        .map_or(Decimal::ZERO, |s| s.on_net_rate.0))
}

/// How long a tenant's set is trusted without a write of this instance:
/// another instance's assignment is priced on-net here within this time
/// (rating, in the batch's transaction, is exact).
pub const TTL: std::time::Duration = std::time::Duration::from_secs(15);

/// Each tenant's on-net numbers as of their generation.
pub struct OnNetCache(TenantCache<u64, OnNet>);

impl Default for OnNetCache {
    fn default() -> Self {
        OnNetCache(TenantCache::new(TTL))
    }
}

impl OnNetCache {
    /// `tenant`'s set, read again when its numbers' generation moved.
    pub async fn get(&self, repos: &Repos, tenant: TenantId) -> AppResult<Arc<OnNet>> {
        let stamp = repos.numbers_stamp(tenant);
        if let Some(set) = self.0.get(tenant, stamp) {
            return Ok(set);
        }
        // Boxed: the read's future stays out of every authorization's.
        Box::pin(self.read(repos, tenant, stamp)).await
    }

    /// Reads `tenant`'s set (its numbers at `stamp`) and keeps it.
    async fn read(&self, repos: &Repos, tenant: TenantId, stamp: u64) -> AppResult<Arc<OnNet>> {
        let tx = repos.tenant_read(tenant).await?;
        let held = tx.numbers().held().await?;
        let rate = if held.is_empty() {
            Decimal::ZERO
        } else {
            operator_rate(&tx).await?
        };
        tx.commit().await?;
        let set = Arc::new(OnNet::new(held, rate));
        self.0.put(tenant, stamp, set.clone());
        Ok(set)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ringledger_shared::rating::normalize;

    #[test]
    fn only_held_numbers_are_on_net_at_the_rate() {
        let set = OnNet::new(["442071234567".to_owned()], Decimal::new(1, 2));
        let rate = set.rate(&normalize("+44 20 7123 4567").unwrap()).unwrap();
        assert_eq!(rate.destination, ON_NET);
        assert_eq!(rate.tariff.rate_per_minute(), Decimal::new(1, 2));
        assert_eq!(rate.tariff.connect_fee(), Decimal::ZERO);
        // Billed by the second: 61 s at 0.01/min.
        assert_eq!(rate.tariff.charge(61), Decimal::new(102, 4));
        assert!(set.rate(&normalize("442071234568").unwrap()).is_none());
        assert!(
            OnNet::default()
                .rate(&normalize("442071234567").unwrap())
                .is_none()
        );
    }
}
