//! Call slots: concurrent calls and calls per minute, per account and per
//! service, counted exactly even across instances, without a database
//! write per call.
//!
//! Each instance keeps, per account, the calls it authorized: those in
//! progress (until their CDR arrives here, or their longest duration and a
//! grace period have passed) and those of the last minute, with live
//! counts per counter (the account's, each service's). Like the money
//! reservations (`services::reservations`), it *leases* part of each limit:
//! under the account's row lock it writes in `call_slots` how many calls of
//! a counter it may hand out — never more than the limit less the other
//! instances' live leases — and hands them out in memory. A lease is read
//! again when it is used up, or when its row would lapse before the new
//! slot does (a row counts [`LEASE`] past the slots it covered, so it always
//! counts while any of them does); a renewal gives back what the instance no
//! longer needs. Another instance may wait up to a lease for capacity this
//! one holds idle — never for more than the limit.

use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use ringledger_db::repo::Repos;
use ringledger_shared::api::calls::RefusalReason;
use ringledger_shared::ids::{AccountId, TenantId};
use smallvec::SmallVec;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// A lease row counts this long past the last slot it covered.
pub const LEASE: Duration = Duration::seconds(300);
/// The window of a calls-per-minute limit.
pub const MINUTE: Duration = Duration::seconds(60);
/// After a refusal read from the database, further calls are refused from
/// memory for this long (a flood past the limit costs no writes).
const REFUSED_FOR: Duration = Duration::seconds(1);

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Calls in progress.
    Concurrent,
    /// Calls authorized in the last minute.
    PerMinute,
}

impl Kind {
    /// The refusal when the counter is full.
    pub fn refusal(self) -> RefusalReason {
        match self {
            Kind::Concurrent => RefusalReason::ConcurrentLimit,
            Kind::PerMinute => RefusalReason::RateLimit,
        }
    }
}

/// One counter: a kind on an account or a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CounterKey {
    /// What it counts.
    pub kind: Kind,
    /// The account or the service.
    pub subject: Uuid,
}

impl CounterKey {
    fn name(&self) -> String {
        let kind = match self.kind {
            Kind::Concurrent => "c",
            Kind::PerMinute => "r",
        };
        format!("{kind}:{}", self.subject)
    }
}

/// A slot asked of one counter.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    /// The counter.
    pub key: CounterKey,
    /// Its limit.
    pub limit: u32,
    /// When the slot lapses by itself.
    pub until: DateTime<Utc>,
}

/// This instance's share of one counter's limit.
#[derive(Debug, Default, Clone, Copy)]
struct Lease {
    /// Calls it may count.
    leased: u32,
    /// Until when its row counts.
    valid_until: Option<DateTime<Utc>>,
    /// When the last renewal could not give it a free slot, under which limit.
    refused: Option<(DateTime<Utc>, u32)>,
}

impl Lease {
    /// Whether the row outlives a slot lapsing at `until`.
    fn covers(&self, until: DateTime<Utc>) -> bool {
        self.valid_until.is_some_and(|v| until < v)
    }
}

/// One account's calls on this instance.
#[derive(Debug, Default)]
struct AccountSlots {
    /// Calls in progress by key: their service and when they lapse.
    calls: HashMap<Arc<str>, (Uuid, DateTime<Utc>)>,
    by_end: BTreeSet<(DateTime<Utc>, Arc<str>)>,
    /// Keys made up for calls without a call id, per service, oldest first.
    unnamed: HashMap<Uuid, VecDeque<Arc<str>>>,
    /// Calls of the last minute: when each lapses, its service, its key.
    minute: VecDeque<(DateTime<Utc>, Uuid, Arc<str>)>,
    /// Live counts per counter.
    used: HashMap<CounterKey, u32>,
    leases: HashMap<CounterKey, Lease>,
}

fn key(kind: Kind, subject: Uuid) -> CounterKey {
    CounterKey { kind, subject }
}

impl AccountSlots {
    fn used(&self, k: CounterKey) -> u32 {
        self.used.get(&k).copied().unwrap_or(0)
    }

    fn count(&mut self, k: CounterKey, up: bool) {
        let n = self.used.entry(k).or_default();
        *n = if up { *n + 1 } else { n.saturating_sub(1) };
    }

    /// Counts `call` (in progress until `ends`) on `account` and `service`.
    fn add(
        &mut self,
        account: Uuid,
        call: Arc<str>,
        service: Uuid,
        ends: DateTime<Utc>,
        minute: DateTime<Utc>,
        named: bool,
    ) {
        for subject in [account, service] {
            self.count(key(Kind::Concurrent, subject), true);
            self.count(key(Kind::PerMinute, subject), true);
        }
        self.by_end.insert((ends, call.clone()));
        if !named {
            self.unnamed
                .entry(service)
                .or_default()
                .push_back(call.clone());
        }
        self.minute.push_back((minute, service, call.clone()));
        self.calls.insert(call, (service, ends));
    }

    /// Ends call `call` (its concurrent slots).
    fn end(&mut self, account: Uuid, call: &str) -> bool {
        let Some((k, (service, ends))) = self.calls.remove_entry(call) else {
            return false;
        };
        self.by_end.remove(&(ends, k));
        self.count(key(Kind::Concurrent, account), false);
        self.count(key(Kind::Concurrent, service), false);
        true
    }

    /// Drops what lapsed by `now`.
    fn prune(&mut self, account: Uuid, now: DateTime<Utc>) {
        while let Some((at, call)) = self.by_end.first().cloned() {
            if at > now {
                break;
            }
            self.end(account, &call);
        }
        while self.minute.front().is_some_and(|(at, _, _)| *at <= now) {
            if let Some((_, service, _)) = self.minute.pop_front() {
                self.count(key(Kind::PerMinute, account), false);
                self.count(key(Kind::PerMinute, service), false);
            }
        }
        if !self.unnamed.is_empty() {
            let calls = &self.calls;
            self.unnamed.retain(|_, q| {
                while q.front().is_some_and(|k| !calls.contains_key(k)) {
                    q.pop_front();
                }
                !q.is_empty()
            });
        }
    }

    /// Ends `call_id`, or the oldest unnamed call of `service` (a CDR).
    fn release(&mut self, account: Uuid, call_id: &str, service: Uuid) {
        if self.end(account, call_id) {
            return;
        }
        while let Some(k) = self.unnamed.get_mut(&service).and_then(VecDeque::pop_front) {
            if self.end(account, &k) {
                break;
            }
        }
    }

    /// Takes back call `call` entirely (refused after all).
    fn undo(&mut self, account: Uuid, call: &str) {
        if let Some(pos) = self.minute.iter().rposition(|(_, _, k)| &**k == call)
            && let Some((_, service, _)) = self.minute.remove(pos)
        {
            self.count(key(Kind::PerMinute, account), false);
            self.count(key(Kind::PerMinute, service), false);
        }
        self.end(account, call);
    }

    /// The latest a slot of `kind` lapses.
    fn latest(&self, kind: Kind) -> Option<DateTime<Utc>> {
        match kind {
            Kind::Concurrent => self.by_end.last().map(|(at, _)| *at),
            Kind::PerMinute => self.minute.back().map(|(at, _, _)| *at),
        }
    }
}

/// The answer to [`Slots::take`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// Every counter had room: the call's key (to hand the slots back if
    /// the call is refused for another reason), or `None` when only asked.
    Granted(Option<Arc<str>>),
    /// This counter is full.
    Full(Kind),
}

type Shared = Arc<tokio::sync::Mutex<AccountSlots>>;

/// Every account's calls on this instance.
pub struct Slots {
    accounts: Mutex<HashMap<(TenantId, AccountId), Shared>>,
    repos: Repos,
    instance: String,
}

impl Slots {
    /// An instance's slots, leased in `repos` under `instance`.
    pub fn new(repos: Repos, instance: String) -> Self {
        Slots {
            accounts: Mutex::default(),
            repos,
            instance,
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<(TenantId, AccountId), Shared>> {
        self.accounts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes a slot of every counter of `asks` for one call of `service`
    /// on `account` (its call id, if any; in progress until `ends`), or none
    /// when one is full. With `hold` false it only says whether there is
    /// room. A call id in progress is granted again.
    #[allow(clippy::too_many_arguments)]
    pub async fn take(
        &self,
        tenant: TenantId,
        (account, service): (AccountId, Uuid),
        call_id: Option<&str>,
        asks: &[Ask],
        ends: DateTime<Utc>,
        hold: bool,
        now: DateTime<Utc>,
    ) -> AppResult<Taken> {
        let shared = self.map().entry((tenant, account)).or_default().clone();
        let mut g = shared.lock().await;
        let acct = account.as_uuid();
        g.prune(acct, now);
        if let Some(id) = call_id
            && g.calls.contains_key(id)
        {
            return Ok(Taken::Granted(Some(id.into())));
        }
        let mut renew: SmallVec<[usize; 4]> = SmallVec::new();
        for (i, a) in asks.iter().enumerate() {
            let lease = g.leases.get(&a.key).copied().unwrap_or_default();
            let used = g.used(a.key);
            if used < lease.leased.min(a.limit) && lease.covers(a.until) {
                continue;
            }
            // Holding the whole limit and using it, or refused from the
            // database a moment ago: refused again from memory.
            let all_mine = lease.leased >= a.limit && used >= a.limit;
            let just_refused = lease
                .refused
                .is_some_and(|(at, limit)| limit == a.limit && now < at + REFUSED_FOR);
            if all_mine || just_refused {
                return Ok(Taken::Full(a.key.kind));
            }
            renew.push(i);
        }
        if !renew.is_empty() {
            // Boxed: the database's futures stay out of every authorization's.
            Box::pin(self.renew(tenant, account, &mut g, asks, &renew, now)).await?;
        }
        for a in asks {
            let leased = g.leases.get(&a.key).map_or(0, |l| l.leased);
            if g.used(a.key) >= leased.min(a.limit) {
                return Ok(Taken::Full(a.key.kind));
            }
        }
        if !hold {
            return Ok(Taken::Granted(None));
        }
        let call: Arc<str> = match call_id {
            Some(c) => c.into(),
            None => format!("~{}", Uuid::now_v7()).into(),
        };
        g.add(
            acct,
            call.clone(),
            service,
            ends,
            now + MINUTE,
            call_id.is_some(),
        );
        Ok(Taken::Granted(Some(call)))
    }

    /// Reads the leases of `asks[renew]` again, in one transaction under
    /// the account's row lock (which orders the instances' renewals).
    async fn renew(
        &self,
        tenant: TenantId,
        account: AccountId,
        g: &mut AccountSlots,
        asks: &[Ask],
        renew: &[usize],
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let tx = self.repos.tenant_quiet(tenant).await?;
        tx.customers().account_for_update(account).await?;
        for &i in renew {
            let a = &asks[i];
            let name = a.key.name();
            let others = tx
                .fraud()
                .slots_of_others(&name, &self.instance, now)
                .await?;
            let used = g.used(a.key);
            let room = (i64::from(a.limit) - others).max(0) as u32;
            let spare = room.saturating_sub(used + 1) / 2;
            let leased = room.min(used + 1 + spare).max(used);
            let until = g.latest(a.key.kind).map_or(a.until, |at| at.max(a.until)) + LEASE;
            g.leases.insert(
                a.key,
                Lease {
                    leased,
                    valid_until: Some(until),
                    refused: (used >= leased).then_some((now, a.limit)),
                },
            );
            tx.fraud()
                .set_slots(&name, &self.instance, leased as i32, until, now)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Hands back the slots call `call` took on `account` (it was refused
    /// after all).
    pub async fn undo(&self, tenant: TenantId, account: AccountId, call: &str) {
        let shared = self.map().get(&(tenant, account)).cloned();
        if let Some(s) = shared {
            s.lock().await.undo(account.as_uuid(), call);
        }
    }

    /// Ends the calls whose CDRs were rated: `(account, call id, service,
    /// charge)`.
    pub async fn settle<T>(&self, tenant: TenantId, calls: &[(AccountId, String, Uuid, T)]) {
        if self.map().is_empty() {
            return;
        }
        for (account, call_id, service, _) in calls {
            let shared = self.map().get(&(tenant, *account)).cloned();
            if let Some(s) = shared {
                s.lock().await.release(account.as_uuid(), call_id, *service);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn calls_lapse_or_end_by_call_id_or_service_and_counts_follow() {
        let now = Utc::now();
        let (account, service) = (Uuid::now_v7(), Uuid::now_v7());
        let mut s = AccountSlots::default();
        let later = |secs| now + Duration::seconds(secs);
        s.add(account, "a".into(), service, later(10), later(60), true);
        s.add(account, "~1".into(), service, later(100), later(60), false);
        s.add(account, "~2".into(), service, later(100), later(60), false);
        let c = |s: &AccountSlots, kind, subject| s.used(key(kind, subject));
        assert_eq!(c(&s, Kind::Concurrent, account), 3);
        assert_eq!(c(&s, Kind::PerMinute, service), 3);
        s.release(account, "a", service);
        assert_eq!(c(&s, Kind::Concurrent, service), 2);
        // A CDR of a call without a reservation of its own ends the oldest
        // unnamed call of its service.
        s.release(account, "unknown", service);
        assert!(!s.calls.contains_key("~1") && s.calls.contains_key("~2"));
        // The minute passes: the per-minute counts drop, the call goes on.
        s.prune(account, later(61));
        assert_eq!(c(&s, Kind::PerMinute, account), 0);
        assert_eq!(c(&s, Kind::Concurrent, account), 1);
        s.prune(account, later(101));
        assert_eq!(c(&s, Kind::Concurrent, account), 0);
        assert!(s.unnamed.is_empty() && s.calls.is_empty());
    }

    #[test]
    fn an_undone_call_leaves_no_count() {
        let now = Utc::now();
        let (account, service) = (Uuid::now_v7(), Uuid::now_v7());
        let mut s = AccountSlots::default();
        s.add(
            account,
            "x".into(),
            service,
            now + Duration::seconds(30),
            now + MINUTE,
            true,
        );
        s.undo(account, "x");
        for kind in [Kind::Concurrent, Kind::PerMinute] {
            assert_eq!(s.used(key(kind, account)), 0);
            assert_eq!(s.used(key(kind, service)), 0);
        }
        assert!(s.minute.is_empty() && s.calls.is_empty());
    }
}
