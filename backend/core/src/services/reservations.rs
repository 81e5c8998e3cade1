//! Reservations: a prepaid call's money is held from its authorization
//! until its CDR settles it (or it expires after the call's longest
//! duration and a grace period), so N calls at once can never together
//! spend more than the balance — the pending transfers of TigerBeetle,
//! without a database write per call.
//!
//! How: each instance *holds* part of an account's balance, written in
//! `reservation_holds` under the account's row lock (the lock CDR batches
//! take to debit it): never more than the balance less the other
//! instances' live holds. It then hands out its hold to calls in memory.
//! A hold is renewed from the database (the balance read again) when a call
//! needs more than is left, and at least every [`LEASE`]: a busy account's
//! ahead of the lease, in the background, so its calls do not wait
//! ([`ahead`]). Money a settled
//! call was charged, and a reservation that expired, leave the hold — they
//! are never handed out again until a renewal has re-read the balance — so
//! what an instance hands out is always money the balance still has, even
//! when the CDR went to another instance.
//!
//! A hold's row lives at least as long as every reservation it backs (its
//! `expires_at`, [`HOLD_SLACK`] past the latest), so another instance never
//! hands out the money of a call in progress, however quiet its line.

use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use foldhash::HashMap;
use grant::{Grant, Held};
use ringledger_db::repo::{HoldRow, Repos, TenantTx};
use ringledger_shared::ids::{AccountId, TenantId};
use ringledger_shared::rating::{Tariff, billable_secs, max_duration};
use rust_decimal::Decimal;
use smallvec::SmallVec;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

mod ahead;
mod expiries;
mod grant;
mod waited;

pub use ahead::{Renewals, start_renewing_ahead};

/// A hold is read again from the balance at least this often: a busy
/// account's ahead of it, in the background, from a moment drawn between
/// half of it and three quarters of it (so accounts do not renew in step).
pub const LEASE: Duration = Duration::seconds(5);
/// A reservation outlives the call's longest duration by this much (for
/// the CDR to arrive).
pub const GRACE: Duration = Duration::seconds(120);
/// A hold's row is made to outlive a new reservation by this much, so a
/// busy line's calls extend it about once a minute, not one write each.
pub const HOLD_SLACK: Duration = Duration::seconds(60);

/// One account a call must be reserved on: its id, what it pays per call
/// (its tariff and the allowance it can draw), and its balance as the
/// caller last read it.
#[derive(Debug, Clone, Copy)]
pub struct Need {
    /// The prepaid account.
    pub account: AccountId,
    /// Its balance as the caller's (cached) copy of the account says; a
    /// hold short of money is read again only when this has moved since.
    pub balance: Decimal,
    /// The price this account pays for the call.
    pub tariff: Tariff,
    /// Seconds of allowance this account's charge is spared.
    pub allowance_secs: u64,
}

impl Need {
    fn charge(&self, secs: u64) -> Decimal {
        let b = billable_secs(
            secs as i64,
            self.tariff.initial_increment,
            self.tariff.subsequent_increment,
        );
        self.tariff.charge_uncovered(b, self.allowance_secs.min(b))
    }
}

/// A granted reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Granted {
    /// How long the call may last (0: refused).
    pub secs: u64,
    /// What is held on the first account (the customer's).
    pub amount: Decimal,
}

/// One account's grant, locked while a call is reserved on it.
type Shared = Arc<tokio::sync::Mutex<Grant>>;

/// Shards of the grants' map. Every authorization looks its accounts up:
/// behind one lock, that lock's cache line moved between the cores on
/// nearly every request; with shards, two requests at once rarely meet.
const SHARDS: usize = 16;

/// The grants by tenant and account (ids the server made: foldhash), in
/// [`SHARDS`] maps each behind its own lock.
struct Grants([Mutex<HashMap<(TenantId, AccountId), Shared>>; SHARDS]);

impl Default for Grants {
    fn default() -> Self {
        Self(std::array::from_fn(|_| Mutex::default()))
    }
}

impl Grants {
    /// The locked shard holding `account`'s grant.
    fn shard(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> std::sync::MutexGuard<'_, HashMap<(TenantId, AccountId), Shared>> {
        use std::hash::BuildHasher;
        let hash = foldhash::fast::FixedState::with_seed(0).hash_one((tenant, account));
        self.0[(hash as usize) % SHARDS]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Every grant of this instance.
pub struct Reservations {
    /// By tenant and account.
    grants: Grants,
    /// Where holds are written.
    repos: Repos,
    /// This instance's name in the holds (see `AppState::instance_id`).
    instance: String,
    /// Holds to renew ahead of their lease, in the background.
    ahead: ahead::Queue,
}

impl Reservations {
    /// An instance's reservations, held in `repos` under `instance`.
    /// Renewals are counted in `renewals`.
    pub fn new(repos: Repos, instance: String, renewals: Renewals) -> Self {
        Self {
            grants: Grants::default(),
            repos,
            instance,
            ahead: ahead::Queue::new(renewals),
        }
    }

    fn grant(&self, tenant: TenantId, account: AccountId) -> Shared {
        self.grants
            .shard(tenant, account)
            .entry((tenant, account))
            .or_default()
            .clone()
    }

    /// Reserves a call of at most `max` seconds on every account of
    /// `needs` (the customer's first): the seconds every account can pay
    /// for, held on each (unless `hold` is false: then only asked). A call
    /// id reserved before answers as it did then.
    #[allow(clippy::too_many_arguments)]
    pub async fn reserve(
        &self,
        tenant: TenantId,
        call_id: Option<&str>,
        service: Uuid,
        needs: &[Need],
        max: u64,
        hold: bool,
        now: DateTime<Utc>,
    ) -> AppResult<Granted> {
        let Some(first) = needs.first() else {
            return Ok(Granted {
                secs: max,
                amount: Decimal::ZERO,
            });
        };
        // Lock the accounts' grants in id order (no two tasks wait on
        // each other), keeping the customer's position. (A customer and a
        // few resellers: no allocation.)
        let mut order: SmallVec<[usize; 4]> = (0..needs.len()).collect();
        order.sort_by_key(|&i| needs[i].account);
        order.dedup_by_key(|i| needs[*i].account);
        let mut guards: SmallVec<[_; 4]> = SmallVec::with_capacity(order.len());
        for &i in &order {
            guards.push((i, self.grant(tenant, needs[i].account)));
        }
        let mut locked: SmallVec<[_; 4]> = SmallVec::with_capacity(guards.len());
        for (i, g) in &guards {
            locked.push((*i, g.lock().await));
        }
        let first_pos = locked
            .iter()
            .position(|(i, _)| needs[*i].account == first.account)
            .unwrap_or(0);
        if let Some(h) = call_id.and_then(|c| locked[first_pos].1.calls.get(c)) {
            return Ok(Granted {
                secs: h.secs,
                amount: h.amount,
            });
        }
        let mut secs = max;
        for (pos, (i, g)) in locked.iter_mut().enumerate() {
            let need = needs[*i];
            g.prune(now);
            // Short of money: read the balance again only if it moved since
            // the last reading (a top-up, a CDR) — an account that simply
            // cannot pay is refused from memory, not with a write per ask.
            let short = g.free() < need.charge(secs) && g.balance_seen != Some(need.balance);
            if !g.fresh(now) || short {
                let call = Call { need, secs, hold };
                // Boxed, as `extend` below: the database's futures stay out
                // of every authorization's (renewals are rare).
                Box::pin(self.renew_waited(tenant, g, call, now)).await?;
            } else if g.wants_renewal_ahead(now) {
                g.queued = self.ahead.ask(tenant, need.account, &guards[pos].1);
            }
            secs = secs.min(max_duration(
                &need.tariff,
                need.allowance_secs,
                g.free(),
                secs,
            ));
        }
        if secs == 0 || !hold {
            return Ok(Granted {
                secs,
                amount: Decimal::ZERO,
            });
        }
        let key: Arc<str> = match call_id {
            Some(c) => c.into(),
            None => format!("~{}", Uuid::now_v7()).into(),
        };
        let expires_at = now + Duration::seconds(secs as i64) + GRACE;
        // Each hold's row must count for the others while this call may
        // (a hold renewed for this call already does).
        for (i, g) in locked.iter_mut() {
            if g.hold_until.is_none_or(|until| until < expires_at) {
                Box::pin(extend(
                    &self.repos,
                    &self.instance,
                    tenant,
                    needs[*i].account,
                    g,
                    expires_at + HOLD_SLACK,
                    now,
                ))
                .await?;
            }
        }
        let mut amount = Decimal::ZERO;
        for (pos, (i, g)) in locked.iter_mut().enumerate() {
            let held = Held {
                amount: needs[*i].charge(secs),
                secs,
                expires_at,
                service,
            };
            if pos == first_pos {
                amount = held.amount;
            }
            g.add(key.clone(), held, call_id.is_some());
        }
        Ok(Granted { secs, amount })
    }

    /// Settles the reservations of rated calls (after their batch was
    /// committed): `(account, call id, service, what it was charged)`.
    pub async fn settle(&self, tenant: TenantId, calls: &[(AccountId, String, Uuid, Decimal)]) {
        for (account, call_id, service, charged) in calls {
            let grant = self
                .grants
                .shard(tenant, *account)
                .get(&(tenant, *account))
                .cloned();
            if let Some(g) = grant {
                g.lock().await.settle(call_id, Some(*service), *charged);
            }
        }
    }
}

/// The call a renewal is made for: `secs` asked of `need`'s account, and
/// whether it is to be held (not only asked).
#[derive(Clone, Copy)]
struct Call {
    need: Need,
    secs: u64,
    hold: bool,
}

/// What a renewal needs of a grant (read while it is locked).
#[derive(Clone, Copy)]
struct View {
    reserved: Decimal,
    latest_expiry: Option<DateTime<Utc>>,
    hold_until: Option<DateTime<Utc>>,
}

impl View {
    fn of(g: &Grant) -> Self {
        Self {
            reserved: g.reserved,
            latest_expiry: g.latest_expiry(),
            hold_until: g.hold_until,
        }
    }
}

/// A renewal written (`None` in its place: the account is gone).
#[derive(Debug, Clone, Copy)]
struct Planned {
    /// The hold written.
    amount: Decimal,
    /// The balance read.
    balance: Decimal,
    /// Until when the row counts for the others.
    until: DateTime<Utc>,
}

/// What a renewed hold is: what is reserved plus some headroom (eight of
/// calls costing `need`, or half of what is left if more, so other
/// instances are not starved), never more than is `free` (the balance less
/// the other instances' live holds); all that is free when what is left
/// is not more than `need`.
fn hold_amount(free: Decimal, reserved: Decimal, need: Decimal) -> Decimal {
    let rest = free - reserved;
    if rest <= need {
        free
    } else {
        reserved + (need * Decimal::from(8)).max(rest / Decimal::TWO).min(rest)
    }
}

/// Renews `g` for `call` in a transaction of its own and commits it: a
/// call renewing its hold itself, when no renewer runs
/// ([`start_renewing_ahead`]) or it has stopped.
async fn renew(
    repos: &Repos,
    instance: &str,
    tenant: TenantId,
    g: &mut Grant,
    call: Call,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let tx = repos.tenant_quiet(tenant).await?;
    let mut planned = read_and_write(&tx, instance, &[(View::of(g), call)], now).await?;
    tx.commit().await?;
    renewed(g, planned.pop().flatten(), now);
    Ok(())
}

/// Reads the balances again, under the accounts' row locks, and writes this
/// instance's hold of each ([`hold_amount`]) in `tx`, left to commit: a
/// statement each for the locks, the holds read and the holds written,
/// however many accounts (one tenant's, each once). The row counts for the
/// others until the call could end (past what its account can pay for,
/// nothing is held for it), so the call's reservation needs no second write
/// to extend it. What was written for each, in order (`None`: the account
/// is gone).
async fn read_and_write(
    tx: &TenantTx,
    instance: &str,
    renewals: &[(View, Call)],
    now: DateTime<Utc>,
) -> AppResult<Vec<Option<Planned>>> {
    let accounts: Vec<AccountId> = renewals.iter().map(|(_, c)| c.need.account).collect();
    let readings = Reading::of(tx, &accounts, instance, now, true).await?;
    let planned: Vec<Option<Planned>> = renewals
        .iter()
        .map(|(g, call)| {
            let r = readings.get(&call.need.account)?;
            Some(plan(g, *call, r, now))
        })
        .collect();
    let rows: Vec<HoldRow> = renewals
        .iter()
        .zip(&planned)
        .filter_map(|((_, call), p)| p.map(|p| (call.need.account, p.amount, p.until)))
        .collect();
    tx.holds().set_holds(&rows, instance, now).await?;
    Ok(planned)
}

/// The hold a renewal of `g` for `call` writes, after reading `r`.
fn plan(g: &View, call: Call, r: &Reading, now: DateTime<Utc>) -> Planned {
    let amount = hold_amount(r.free, g.reserved, call.need.charge(call.secs));
    // The longest this call may be held on this account: at most what the
    // renewed hold pays for (another account of the call may cut it).
    let affordable = max_duration(
        &call.need.tariff,
        call.need.allowance_secs,
        (amount - g.reserved).max(Decimal::ZERO),
        call.secs,
    );
    let call_end = (call.hold && affordable > 0)
        .then(|| now + Duration::seconds(affordable as i64) + GRACE + HOLD_SLACK);
    Planned {
        amount,
        balance: r.balance,
        until: hold_until(g, [r.own_until, call_end], now),
    }
}

/// A renewal's reading of an account, under its row lock: its balance,
/// what of it is free (less the other instances' live holds), and until
/// when this instance's own row counts.
struct Reading {
    balance: Decimal,
    free: Decimal,
    own_until: Option<DateTime<Utc>>,
}

impl Reading {
    /// Locks `accounts` (one tenant's; in id order, as CDR batches lock
    /// them; waiting for a row another transaction has locked if `wait`,
    /// else, on PostgreSQL, leaving it out, as an account that is gone) and
    /// reads them: two statements.
    async fn of(
        tx: &TenantTx,
        accounts: &[AccountId],
        instance: &str,
        now: DateTime<Utc>,
        wait: bool,
    ) -> AppResult<HashMap<AccountId, Self>> {
        let usage = tx.usage();
        let locked = if wait {
            usage.accounts_for_update(accounts).await?
        } else {
            usage.accounts_for_update_unless_locked(accounts).await?
        };
        let ids: Vec<AccountId> = locked.iter().map(|a| a.id).collect();
        let holds = tx.holds().of_accounts(&ids, instance, now).await?;
        Ok(locked
            .into_iter()
            .map(|a| {
                let of = holds.get(&a.id).copied().unwrap_or_default();
                let reading = Self {
                    balance: a.balance.0,
                    free: (a.balance.0 - of.others).max(Decimal::ZERO),
                    own_until: of.own_until,
                };
                (a.id, reading)
            })
            .collect())
    }
}

/// A renewal of `g` committed at `now` (`None`: the account is gone,
/// nothing is held).
fn renewed(g: &mut Grant, planned: Option<Planned>, now: DateTime<Utc>) {
    match planned {
        Some(p) => {
            g.amount = p.amount;
            g.balance_seen = Some(p.balance);
            g.hold_until = Some(p.until);
        }
        None => g.amount = Decimal::ZERO,
    }
    g.written();
    g.renewed(now);
}

/// Until when a hold's row is to count for the others: never sooner than a
/// reservation it backs, than it was written (the row's time only grows),
/// nor than `more`, and at least two leases from `now`.
fn hold_until(g: &View, more: [Option<DateTime<Utc>>; 2], now: DateTime<Utc>) -> DateTime<Utc> {
    [g.latest_expiry, g.hold_until, Some(now + LEASE * 2)]
        .into_iter()
        .chain(more)
        .flatten()
        .max()
        .unwrap_or(now + LEASE * 2)
}

/// Makes this instance's hold of `account` count for the others until
/// `until` (a new reservation lasts longer than its row), under the
/// account's row lock; what it holds is what it may still hand out.
async fn extend(
    repos: &Repos,
    instance: &str,
    tenant: TenantId,
    account: AccountId,
    g: &mut Grant,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let tx = repos.tenant_quiet(tenant).await?;
    let readings = Reading::of(&tx, &[account], instance, now, true).await?;
    let Some(r) = readings.get(&account) else {
        return Ok(());
    };
    let until = until.max(r.own_until.unwrap_or(until));
    tx.holds()
        .set_holds(&[(account, g.amount, until)], instance, now)
        .await?;
    tx.commit().await?;
    g.hold_until = Some(until);
    g.written();
    Ok(())
}
