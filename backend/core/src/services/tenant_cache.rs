//! One value per tenant read from the database and kept in memory until
//! the generation it was read at moves or its time to live passes (other
//! instances' writes): the high-risk prefixes, the on-net numbers.

use foldhash::HashMap;
use ringledger_shared::ids::TenantId;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A value, the stamp it was read at, and when.
type Entry<S, T> = (S, Instant, Arc<T>);

/// Each tenant's `T`, with the stamp `S` it was read at and when.
pub struct TenantCache<S, T> {
    ttl: Duration,
    /// Read by every authorization (foldhash: ids the server made).
    entries: Mutex<HashMap<TenantId, Entry<S, T>>>,
}

impl<S: PartialEq + Copy, T> TenantCache<S, T> {
    /// An empty cache whose values are trusted for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        TenantCache {
            ttl,
            entries: Mutex::default(),
        }
    }

    /// `tenant`'s value if it was read at `stamp` less than the time to
    /// live ago.
    pub fn get(&self, tenant: TenantId, stamp: S) -> Option<Arc<T>> {
        self.lock()
            .get(&tenant)
            .filter(|(at, read, _)| *at == stamp && read.elapsed() < self.ttl)
            .map(|(_, _, value)| value.clone())
    }

    /// Keeps `value`, read at `stamp` (taken before the read).
    pub fn put(&self, tenant: TenantId, stamp: S, value: Arc<T>) {
        self.lock().insert(tenant, (stamp, Instant::now(), value));
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<TenantId, Entry<S, T>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_value_lives_until_its_stamp_moves_or_its_time_passes() {
        let tenant = TenantId(uuid::Uuid::nil());
        let cache: TenantCache<u64, &str> = TenantCache::new(Duration::from_secs(60));
        assert!(cache.get(tenant, 1).is_none());
        cache.put(tenant, 1, Arc::new("list"));
        assert_eq!(*cache.get(tenant, 1).unwrap(), "list");
        assert!(cache.get(tenant, 2).is_none(), "the generation moved");
        let short: TenantCache<u64, &str> = TenantCache::new(Duration::ZERO);
        short.put(tenant, 1, Arc::new("list"));
        assert!(short.get(tenant, 1).is_none(), "past its time to live");
    }
}
