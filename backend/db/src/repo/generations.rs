//! Write generations: a counter per tenant (and one for platform tables)
//! that every committed write transaction of this process bumps. In-memory
//! copies of database rows (the authorization cache) remember the
//! generation they were read at and are thrown away once it moves, so no
//! handler has to remember to invalidate anything.

use ringledger_shared::ids::TenantId;
use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The generation of one tenant's data: (platform writes, tenant writes).
pub type Stamp = (u64, u64);

/// The counters.
#[derive(Default, Debug)]
pub struct Generations {
    platform: AtomicU64,
    tenants: RwLock<HashMap<TenantId, u64>>,
    /// Per tenant, writes that changed which numbers services hold or the
    /// on-net rate (a narrower counter: the on-net set is big and CDR
    /// batches, which move the tenant's, never change it).
    numbers: RwLock<HashMap<TenantId, u64>>,
}

impl Generations {
    /// The current stamp of `tenant`. Read it *before* loading rows, so a
    /// write committed meanwhile makes the copy stale.
    pub fn stamp(&self, tenant: TenantId) -> Stamp {
        let platform = self.platform.load(Ordering::Acquire);
        let own = self
            .tenants
            .read()
            .map(|m| m.get(&tenant).copied().unwrap_or(0))
            .unwrap_or(u64::MAX);
        (platform, own)
    }

    /// Called after a write transaction of `tenant` committed.
    pub(super) fn bump_tenant(&self, tenant: TenantId) {
        if let Ok(mut m) = self.tenants.write() {
            *m.entry(tenant).or_insert(0) += 1;
        }
    }

    /// The generation of `tenant`'s held numbers and on-net rate.
    pub fn numbers_stamp(&self, tenant: TenantId) -> u64 {
        self.numbers
            .read()
            .map(|m| m.get(&tenant).copied().unwrap_or(0))
            .unwrap_or(u64::MAX)
    }

    /// Called after a write transaction that changed `tenant`'s held
    /// numbers or on-net rate committed.
    pub(super) fn bump_numbers(&self, tenant: TenantId) {
        if let Ok(mut m) = self.numbers.write() {
            *m.entry(tenant).or_insert(0) += 1;
        }
    }

    /// Called after a write transaction on platform tables committed.
    pub(super) fn bump_platform(&self) {
        self.platform.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_move_only_their_tenant_and_platform_moves_all() {
        let g = Generations::default();
        let (a, b) = (
            TenantId(uuid::Uuid::new_v4()),
            TenantId(uuid::Uuid::new_v4()),
        );
        let (sa, sb) = (g.stamp(a), g.stamp(b));
        g.bump_tenant(a);
        assert_ne!(g.stamp(a), sa);
        assert_eq!(g.stamp(b), sb);
        g.bump_platform();
        assert_ne!(g.stamp(b), sb);
    }
}
