//! The jobs' stop signal and work gate, and what they remember between
//! passes (held by the process-wide state; the jobs themselves are in
//! `jobs/mod.rs`).

use chrono::NaiveDate;
use ringledger_db::repo::Stamp;
use ringledger_shared::ids::TenantId;
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit, watch};
use uuid::Uuid;

/// Permits of the work gate: one per unit of work under way.
const GATE: u32 = 1 << 20;

/// The stop signal, the gate units of work pass through, and what the
/// jobs remember between passes.
pub struct Jobs {
    stop: watch::Sender<bool>,
    gate: Semaphore,
    /// Bill runs this process is processing.
    pub active_runs: std::sync::Mutex<HashSet<Uuid>>,
    /// Per tenant: the day and write generation at which the bill-run
    /// scheduler last found nothing due (not scanned again until one moves).
    pub nothing_due: std::sync::Mutex<HashMap<TenantId, (NaiveDate, Stamp)>>,
}

impl Default for Jobs {
    fn default() -> Self {
        Self {
            stop: watch::channel(false).0,
            gate: Semaphore::new(GATE as usize),
            active_runs: Default::default(),
            nothing_due: Default::default(),
        }
    }
}

impl Jobs {
    /// Enters a unit of work; `None` once stopping (start nothing new).
    pub fn enter(&self) -> Option<SemaphorePermit<'_>> {
        if *self.stop.borrow() {
            return None;
        }
        self.gate.try_acquire().ok()
    }

    /// Whether the process is stopping.
    pub fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    /// Signals the stop and waits (at most `grace`) for the units of work
    /// under way to finish. `true` when all did.
    pub async fn stop(&self, grace: Duration) -> bool {
        self.stop.send_replace(true);
        tokio::time::timeout(grace, self.gate.acquire_many(GATE))
            .await
            .is_ok_and(|p| p.is_ok())
    }

    /// Resolves when the stop is signalled.
    pub(crate) async fn stopped(&self) {
        let mut rx = self.stop.subscribe();
        let _ = rx.wait_for(|s| *s).await;
    }
}
