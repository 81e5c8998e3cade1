//! A write counter per tenant that every authorization reads (see the
//! parent module), read without a lock: each thread keeps its own
//! reference to the counters it has read, and a counter, once made, is
//! never replaced. A shared read lock, taken and given back by every
//! request, moved its cache line between the cores on every one.

use ringledger_shared::ids::TenantId;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Numbers the sets of counters of the process (tests run several).
static NEXT: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's references, by set and tenant.
    static MINE: RefCell<foldhash::HashMap<(u64, TenantId), Arc<AtomicU64>>> =
        RefCell::new(foldhash::HashMap::default());
}

/// One counter per tenant (0 until its first write).
#[derive(Debug)]
pub(super) struct Counters {
    /// This set among the process's.
    id: u64,
    /// Foldhash: ids the server made.
    all: RwLock<foldhash::HashMap<TenantId, Arc<AtomicU64>>>,
}

impl Default for Counters {
    fn default() -> Self {
        Self {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            all: RwLock::default(),
        }
    }
}

impl Counters {
    /// `tenant`'s count.
    pub(super) fn get(&self, tenant: TenantId) -> u64 {
        MINE.with(|mine| {
            if let Some(c) = mine.borrow().get(&(self.id, tenant)) {
                return c.load(Ordering::Acquire);
            }
            // A tenant never written has no counter, and none is made for
            // it here: ids anyone can present make nothing grow.
            let Ok(all) = self.all.read() else {
                return u64::MAX;
            };
            let Some(c) = all.get(&tenant).cloned() else {
                return 0;
            };
            drop(all);
            let n = c.load(Ordering::Acquire);
            mine.borrow_mut().insert((self.id, tenant), c);
            n
        })
    }

    /// Moves `tenant`'s count (its counter made at its first write).
    pub(super) fn bump(&self, tenant: TenantId) {
        let counter = match self.all.read() {
            Ok(all) => all.get(&tenant).cloned(),
            Err(_) => return,
        };
        let counter = match counter {
            Some(c) => c,
            None => match self.all.write() {
                Ok(mut all) => all.entry(tenant).or_default().clone(),
                Err(_) => return,
            },
        };
        counter.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn a_count_read_by_a_thread_moves_with_every_bump_and_sets_are_apart() {
        let (a, b) = (Counters::default(), Counters::default());
        let t = TenantId(Uuid::new_v4());
        assert_eq!(a.get(t), 0);
        assert!(
            a.all.read().is_ok_and(|all| all.is_empty()),
            "reading makes no counter"
        );
        a.bump(t);
        a.bump(t);
        assert_eq!((a.get(t), b.get(t)), (2, 0));
        // Another thread bumps: this one's reference sees it.
        std::thread::scope(|s| {
            s.spawn(|| a.bump(t));
        });
        assert_eq!(a.get(t), 3);
    }
}
