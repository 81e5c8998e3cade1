//! Renewing holds ahead of their lease, off the calls' path.
//!
//! A call that finds its account's hold past the moment to renew it ahead
//! (see `Grant::renewed`) asks for a renewal here and is answered at once,
//! out of the hold it has. Every [`EVERY`] the renewer takes what was
//! asked and renews each tenant's holds in one transaction (one turn of
//! SQLite's single writer, one commit, for many accounts), as a call would
//! have: the balance read again under the account's row lock, the other
//! instances' holds subtracted. A call waits for a renewal only when the
//! lease has run out (the account was quiet, or the renewer is behind),
//! when money is short and the balance has moved, and on an account's first
//! call; the renewer makes those too, in a task of its own, the calls
//! waiting at one moment together (`super::waited`).
//!
//! The renewer never waits for what a call may hold while it waits for the
//! database: a grant a call has locked (it may be waiting for the write
//! turn or for the row this transaction locked) and, on PostgreSQL, an
//! account row another transaction has locked are skipped, and asked again
//! by a later call. Nor does it keep a grant locked across the database's
//! round trips: from its reading to its commit it hands out the lower of the
//! old hold and the new one, and raises the hold after the commit only if
//! nothing else wrote the row in between (`Grant::lowered_for`).

use super::grant::{Grant, Lowered};
use super::{
    GRACE, HOLD_SLACK, Reading, Reservations, Shared, View, hold_amount, hold_until, waited,
};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use prometheus::IntCounter;
use ringledger_db::repo::HoldRow;
use ringledger_shared::ids::{AccountId, TenantId};
use rust_decimal::Decimal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// How often the renewer takes what was asked.
pub const EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Counts of hold renewals: for a call that waits (`waited`) and ahead of the
/// lease in the background (`ahead`), as `ringledger_hold_renewals_total`.
#[derive(Clone)]
pub struct Renewals {
    /// Renewals a call waited for.
    pub waited: IntCounter,
    /// Renewals made ahead, in the background.
    pub ahead: IntCounter,
}

/// One account whose hold a call asked to renew ahead.
struct Due {
    tenant: TenantId,
    account: AccountId,
    grant: Shared,
}

/// The accounts asked for, until the renewer takes them.
pub(super) struct Queue {
    /// Set once the renewer runs; until then (the CLI, a process that is
    /// not serving) calls renew when the lease runs out, as they must, and
    /// by themselves.
    running: AtomicBool,
    due: Mutex<Vec<Due>>,
    counts: Renewals,
    /// Renewals calls wait for (`super::waited`), and where the renewer
    /// takes them (until it starts).
    waited: waited::Sender,
    waiting: Mutex<Option<waited::Receiver>>,
}

impl Queue {
    /// Queue counting its renewals in `counts`.
    pub(super) fn new(counts: Renewals) -> Self {
        let (waited, waiting) = tokio::sync::mpsc::unbounded_channel();
        Self {
            running: AtomicBool::new(false),
            due: Mutex::default(),
            counts,
            waited,
            waiting: Mutex::new(Some(waiting)),
        }
    }

    /// Where a call hands a renewal it waits for (`None`: no renewer runs).
    pub(super) fn waited(&self) -> Option<&waited::Sender> {
        self.running.load(Ordering::Relaxed).then_some(&self.waited)
    }

    /// Asks for `grant` (of `account`) to be renewed ahead: whether it was
    /// queued (no renewer runs: not).
    pub(super) fn ask(&self, tenant: TenantId, account: AccountId, grant: &Shared) -> bool {
        if !self.running.load(Ordering::Relaxed) {
            return false;
        }
        self.lock().push(Due {
            tenant,
            account,
            grant: grant.clone(),
        });
        true
    }

    /// Counts a renewal a call waited for.
    pub(super) fn renewed_waited(&self) {
        self.counts.waited.inc();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Due>> {
        self.due
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Starts renewing `state`'s holds ahead of their lease, every [`EVERY`],
/// until the stop.
pub fn start_renewing_ahead(state: &AppState) {
    let queue = &state.reservations().ahead;
    let taken = queue
        .waiting
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    let Some(mut waiting) = taken else {
        return;
    };
    queue.running.store(true, Ordering::Relaxed);
    // Renewals calls wait for: those waiting at one moment together, each
    // tenant's group in a task of its own.
    let waiter = state.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = waiter.jobs().stopped() => return,
                first = waiting.recv() => {
                    let Some(first) = first else { return };
                    let mut batch = vec![first];
                    while let Ok(more) = waiting.try_recv() {
                        batch.push(more);
                    }
                    for group in waited::groups(batch) {
                        let state = waiter.clone();
                        tokio::spawn(async move {
                            state.reservations().renew_group_waited(group).await;
                        });
                    }
                }
            }
        }
    });
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut failing = false;
        loop {
            tokio::select! {
                _ = state.jobs().stopped() => return,
                _ = tick.tick() => {}
            }
            let done = state.reservations().renew_ahead(state.clock().now()).await;
            // Said once when it starts failing and once when it recovers;
            // meanwhile calls renew their holds when the lease runs out.
            match done {
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e, "holds cannot be renewed ahead");
                }
                Ok(_) if failing => {
                    failing = false;
                    tracing::info!("holds are renewed ahead again");
                }
                _ => {}
            }
        }
    });
}

/// A renewal ahead read and written, waiting for its commit.
struct Written {
    lowered: Lowered,
    amount: Decimal,
    balance: Decimal,
    until: DateTime<Utc>,
}

impl Reservations {
    /// Renews, at `now`, the holds calls asked to renew ahead: each
    /// tenant's in one transaction (of at most `waited::GROUP`). Answers
    /// how many were committed (each lands on its grant at once, or as soon
    /// as the call holding it lets go: the renewer never waits for a grant,
    /// since a call holding one may be waiting for the renewer).
    pub async fn renew_ahead(&self, now: DateTime<Utc>) -> AppResult<usize> {
        let mut due = std::mem::take(&mut *self.ahead.lock());
        due.sort_by_key(|d| (d.tenant, d.account));
        let mut committed = 0;
        let mut failed = None;
        let batches = due
            .chunk_by(|a, b| a.tenant == b.tenant)
            .flat_map(|tenant| tenant.chunks(waited::GROUP));
        for batch in batches {
            // Written renewals land once committed; a failed transaction
            // leaves its grants lowered (never above their rows) to be
            // renewed again.
            let written = match self.write_ahead(batch, now).await {
                Ok(w) => w,
                Err(e) => {
                    failed.get_or_insert(e);
                    Vec::new()
                }
            };
            let mut written = written.into_iter();
            for d in batch {
                let w = written.next().flatten();
                committed += usize::from(w.is_some());
                let counts = self.ahead.counts.ahead.clone();
                let land = move |g: &mut Grant| {
                    g.queued = false;
                    if let Some(w) = w
                        && g.landed(w.lowered, w.balance, w.until, now)
                    {
                        counts.inc();
                    }
                };
                match d.grant.try_lock() {
                    Ok(mut g) => land(&mut g),
                    Err(_) => {
                        let grant = d.grant.clone();
                        tokio::spawn(async move { land(&mut *grant.lock().await) });
                    }
                }
            }
        }
        failed.map_or(Ok(committed), Err)
    }

    /// Reads and writes `batch`'s holds (one tenant's, by account) in one
    /// transaction, a statement each for the locks, the holds read and the
    /// holds written, and commits it: what each account's commit is to
    /// land (`None`: skipped).
    async fn write_ahead(
        &self,
        batch: &[Due],
        now: DateTime<Utc>,
    ) -> AppResult<Vec<Option<Written>>> {
        let Some(first) = batch.first() else {
            return Ok(Vec::new());
        };
        let tx = self.repos.tenant_quiet(first.tenant).await?;
        let accounts: Vec<AccountId> = batch.iter().map(|d| d.account).collect();
        let readings = Reading::of(&tx, &accounts, &self.instance, now, false).await?;
        let written: Vec<Option<Written>> = batch
            .iter()
            .map(|d| plan_ahead(d, readings.get(&d.account)?, now))
            .collect();
        let rows: Vec<HoldRow> = batch
            .iter()
            .zip(&written)
            .filter_map(|(d, w)| w.as_ref().map(|w| (d.account, w.amount, w.until)))
            .collect();
        // Left unwritten, the lowered grants stay below their rows until
        // renewed again.
        tx.holds().set_holds(&rows, &self.instance, now).await?;
        tx.commit().await?;
        Ok(written)
    }
}

/// The renewal ahead of `d`'s hold after reading `r`, its grant lowered to
/// it until the commit lands (`None`: a call holds the grant, and may be
/// waiting for this transaction's turn or row: skipped, asked again later).
fn plan_ahead(d: &Due, r: &Reading, now: DateTime<Utc>) -> Option<Written> {
    let mut g = d.grant.try_lock().ok()?;
    let (secs, charge) = g.last_call.unwrap_or_default();
    let amount = hold_amount(r.free, g.reserved, charge);
    // Calls like the last one, asked until the next renewal, need no write
    // of their own to make the row outlive them.
    let calls_end = (secs > 0).then(|| now + Duration::seconds(secs as i64) + GRACE + HOLD_SLACK);
    let until = hold_until(&View::of(&g), [r.own_until, calls_end], now);
    Some(Written {
        lowered: g.lowered_for(amount),
        amount,
        balance: r.balance,
        until,
    })
}
