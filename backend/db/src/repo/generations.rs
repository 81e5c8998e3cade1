//! Write generations: a counter per tenant (and one for platform tables)
//! that every committed write transaction of this process bumps. In-memory
//! copies of database rows (the authorization cache) remember the
//! generation they were read at and are thrown away once it moves, so no
//! handler has to remember to invalidate anything.
//!
//! Other processes' writes move it too, once they are seen: each process
//! publishes the tenants it wrote (`write_generations`, see
//! [`crate::repo::Repos::publish_writes`]) and reads the others' counts
//! ([`crate::repo::Repos::follow_writes`]). [`Generations::following`] says
//! whether that reading is recent, i.e. whether a copy may be trusted
//! beyond the short time to live a cache keeps for writes it cannot see.

use ringledger_shared::ids::TenantId;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use uuid::Uuid;

mod counters;
use counters::Counters;

/// Other processes' writes are followed while the last reading of their
/// counts is younger than this.
pub const FOLLOW_WINDOW: Duration = Duration::from_secs(2);

/// The generation of one tenant's data: (platform writes, tenant writes).
pub type Stamp = (u64, u64);

/// The counters.
#[derive(Debug)]
pub struct Generations {
    platform: AtomicU64,
    /// Read by every authorization.
    tenants: Counters,
    /// Per tenant, writes that changed which numbers services hold or the
    /// on-net rate (a narrower counter: the on-net set is big and CDR
    /// batches, which move the tenant's, never change it).
    numbers: Counters,
    /// Tenants (the nil id: the platform) written here and not published yet.
    unpublished: Mutex<HashSet<Uuid>>,
    /// Other processes' counts per tenant, as last read.
    others: Mutex<Option<HashMap<Uuid, i64>>>,
    /// When they were last read, in milliseconds after `epoch` (0: never).
    followed_at: AtomicU64,
    epoch: Instant,
}

impl Default for Generations {
    fn default() -> Self {
        Self {
            platform: AtomicU64::default(),
            tenants: Counters::default(),
            numbers: Counters::default(),
            unpublished: Mutex::default(),
            others: Mutex::default(),
            followed_at: AtomicU64::default(),
            epoch: Instant::now(),
        }
    }
}

impl Generations {
    /// The current stamp of `tenant`. Read it *before* loading rows, so a
    /// write committed meanwhile makes the copy stale.
    pub fn stamp(&self, tenant: TenantId) -> Stamp {
        let platform = self.platform.load(Ordering::Acquire);
        (platform, self.tenants.get(tenant))
    }

    /// Called after a write transaction of `tenant` committed here.
    pub(super) fn bump_tenant(&self, tenant: TenantId) {
        self.move_tenant(tenant);
        self.unpublished().insert(tenant.as_uuid());
    }

    fn move_tenant(&self, tenant: TenantId) {
        self.tenants.bump(tenant);
    }

    /// The generation of `tenant`'s held numbers and on-net rate.
    pub fn numbers_stamp(&self, tenant: TenantId) -> u64 {
        self.numbers.get(tenant)
    }

    /// Called after a write transaction that changed `tenant`'s held
    /// numbers or on-net rate committed.
    pub(super) fn bump_numbers(&self, tenant: TenantId) {
        self.numbers.bump(tenant);
    }

    /// Called after a write transaction on platform tables committed here.
    pub(super) fn bump_platform(&self) {
        self.platform.fetch_add(1, Ordering::AcqRel);
        self.unpublished().insert(Uuid::nil());
    }

    fn unpublished(&self) -> std::sync::MutexGuard<'_, HashSet<Uuid>> {
        self.unpublished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The tenants (nil: the platform) written here since the last call.
    pub(super) fn take_unpublished(&self) -> Vec<Uuid> {
        self.unpublished().drain().collect()
    }

    /// Puts back tenants whose publication failed.
    pub(super) fn keep_unpublished(&self, tenants: Vec<Uuid>) {
        self.unpublished().extend(tenants);
    }

    /// Takes in other processes' counts per tenant (nil: the platform):
    /// every tenant whose count moved since the last reading (or that
    /// appeared or went) moves here too. The first reading moves the
    /// platform, i.e. everything: writes made before it went unseen.
    pub(super) fn follow(&self, counts: HashMap<Uuid, i64>) {
        let mut others = self.others.lock().unwrap_or_else(PoisonError::into_inner);
        match others.as_ref() {
            None => {
                self.platform.fetch_add(1, Ordering::AcqRel);
            }
            Some(before) => {
                let moved = counts
                    .iter()
                    .filter(|(t, n)| before.get(*t) != Some(*n))
                    .map(|(t, _)| *t)
                    .chain(before.keys().filter(|t| !counts.contains_key(*t)).copied());
                for tenant in moved {
                    if tenant.is_nil() {
                        self.platform.fetch_add(1, Ordering::AcqRel);
                    } else {
                        self.move_tenant(TenantId(tenant));
                    }
                }
            }
        }
        *others = Some(counts);
        self.followed_at
            .store(self.millis().max(1), Ordering::Release);
    }

    /// Whether other processes' writes are being followed: their counts
    /// were read less than [`FOLLOW_WINDOW`] ago.
    pub fn following(&self) -> bool {
        let at = self.followed_at.load(Ordering::Acquire);
        at > 0 && self.millis().saturating_sub(at) < FOLLOW_WINDOW.as_millis() as u64
    }

    fn millis(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
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

    #[test]
    fn other_processes_counts_move_the_tenants_they_wrote() {
        let g = Generations::default();
        let (a, b) = (
            TenantId(uuid::Uuid::new_v4()),
            TenantId(uuid::Uuid::new_v4()),
        );
        assert!(!g.following(), "nothing read yet");
        let (sa, sb) = (g.stamp(a), g.stamp(b));
        // The first reading moves everything (writes before it went unseen).
        g.follow(HashMap::from([(a.as_uuid(), 3)]));
        assert!(g.following());
        assert_ne!(g.stamp(a), sa);
        assert_ne!(g.stamp(b), sb);
        // The same counts again: nothing moves.
        let (sa, sb) = (g.stamp(a), g.stamp(b));
        g.follow(HashMap::from([(a.as_uuid(), 3)]));
        assert_eq!((g.stamp(a), g.stamp(b)), (sa, sb));
        // A's count moved, B appeared: both move, the platform does not.
        g.follow(HashMap::from([(a.as_uuid(), 4), (b.as_uuid(), 1)]));
        assert_ne!(g.stamp(a), sa);
        assert_ne!(g.stamp(b), sb);
        assert_eq!(g.stamp(a).0, sa.0, "only the tenants moved");
        // A went (its process's rows were removed): it moves; the platform's
        // count moving moves every tenant.
        let (sa, sb) = (g.stamp(a), g.stamp(b));
        g.follow(HashMap::from([(b.as_uuid(), 1), (uuid::Uuid::nil(), 1)]));
        assert_ne!(g.stamp(a).1, sa.1);
        assert_ne!(g.stamp(b).0, sb.0);
    }

    #[test]
    fn writes_here_wait_to_be_published_once() {
        let g = Generations::default();
        let a = TenantId(uuid::Uuid::new_v4());
        g.bump_tenant(a);
        g.bump_tenant(a);
        g.bump_platform();
        let mut written = g.take_unpublished();
        written.sort();
        assert_eq!(written, vec![uuid::Uuid::nil(), a.as_uuid()]);
        assert!(g.take_unpublished().is_empty());
        g.keep_unpublished(vec![a.as_uuid()]);
        assert_eq!(g.take_unpublished(), vec![a.as_uuid()]);
    }
}
