//! Call slots: concurrent calls and calls per minute, counted exactly
//! even across instances, without a database write per call.
//!
//! Like the money reservations (`services::reservations`), each instance
//! *leases* part of a limit: under the account's row lock it writes in
//! `call_slots` how many calls of a counter it may hand out — never more
//! than the limit less the other instances' live leases — and hands them
//! out in memory. A concurrent-call slot is handed back when the call's CDR
//! arrives here (or when the call's longest duration and a grace period
//! have passed); a calls-per-minute slot after 60 seconds. A lease is read
//! again when it is used up or its row would lapse before the new slot
//! (a row counts [`LEASE`] past the slots it covered): a renewal gives back
//! what the instance no longer needs. Another instance may therefore wait up to a
//! lease for capacity this one holds idle — never for more than the limit.

use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use ringledger_db::repo::Repos;
use ringledger_shared::api::calls::RefusalReason;
use ringledger_shared::ids::{AccountId, TenantId};
use smallvec::SmallVec;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// A lease row counts this long past the last slot it covered when it was
/// written; a slot is handed out from memory only while the row outlives
/// it, so the row always counts as long as any slot does.
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

/// What this instance holds of one counter and has handed out.
#[derive(Debug, Default)]
struct Counter {
    /// Slots this instance may hand out.
    leased: u32,
    /// Until when its lease row counts.
    valid_until: Option<DateTime<Utc>>,
    /// When the last renewal could not give this instance a free slot,
    /// and under which limit.
    refused: Option<(DateTime<Utc>, u32)>,
    /// Slots handed out, by call key, with their expiry.
    held: HashMap<Arc<str>, DateTime<Utc>>,
    by_expiry: BTreeSet<(DateTime<Utc>, Arc<str>)>,
    /// Keys made up for calls without a call id, per service, oldest first.
    unnamed: HashMap<Uuid, VecDeque<Arc<str>>>,
}

impl Counter {
    fn prune(&mut self, now: DateTime<Utc>) {
        while let Some((at, key)) = self.by_expiry.first().cloned() {
            if at > now {
                break;
            }
            self.by_expiry.remove(&(at, key.clone()));
            self.held.remove(&key);
        }
        self.unnamed.retain(|_, q| {
            while q.front().is_some_and(|k| !self.held.contains_key(k)) {
                q.pop_front();
            }
            !q.is_empty()
        });
    }

    fn used(&self) -> u32 {
        self.held.len() as u32
    }

    /// Whether the lease row outlives a slot lapsing at `until`.
    fn covers(&self, until: DateTime<Utc>) -> bool {
        self.valid_until.is_some_and(|v| until < v)
    }

    /// What may be handed out under `limit` (lowered since the lease: the
    /// lower).
    fn room(&self, limit: u32) -> u32 {
        self.leased.min(limit)
    }

    fn add(&mut self, key: Arc<str>, until: DateTime<Utc>, service: Option<Uuid>) {
        self.by_expiry.insert((until, key.clone()));
        if let Some(s) = service {
            self.unnamed.entry(s).or_default().push_back(key.clone());
        }
        self.held.insert(key, until);
    }

    fn remove(&mut self, key: &str) -> bool {
        match self.held.remove_entry(key) {
            Some((k, until)) => {
                self.by_expiry.remove(&(until, k));
                true
            }
            None => false,
        }
    }

    /// Hands back the slot of `call_id`, or the oldest unnamed one of
    /// `service`.
    fn release(&mut self, call_id: &str, service: Uuid) {
        if self.remove(call_id) {
            return;
        }
        while let Some(k) = self.unnamed.get_mut(&service).and_then(VecDeque::pop_front) {
            if self.remove(&k) {
                break;
            }
        }
    }

    fn latest(&self) -> Option<DateTime<Utc>> {
        self.by_expiry.last().map(|(at, _)| *at)
    }
}

type Shared = Arc<tokio::sync::Mutex<Counter>>;

/// The answer to [`Slots::take`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// Every counter had room: the call's key (to hand the slots back if
    /// the call is refused for another reason), or `None` when only asked.
    Granted(Option<Arc<str>>),
    /// This counter is full.
    Full(Kind),
}

/// Every counter of this instance.
pub struct Slots {
    counters: Mutex<HashMap<(TenantId, CounterKey), Shared>>,
    repos: Repos,
    instance: String,
}

impl Slots {
    /// An instance's slots, leased in `repos` under `instance`.
    pub fn new(repos: Repos, instance: String) -> Self {
        Slots {
            counters: Mutex::default(),
            repos,
            instance,
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<(TenantId, CounterKey), Shared>> {
        self.counters
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn counter(&self, tenant: TenantId, key: CounterKey) -> Shared {
        self.map().entry((tenant, key)).or_default().clone()
    }

    /// Takes a slot of every counter of `asks` for one call of `service`
    /// on `account` (its call id, if any), or none when one is full. With
    /// `hold` false it only says whether there is room. A call id that
    /// holds its slots already is granted again.
    #[allow(clippy::too_many_arguments)]
    pub async fn take(
        &self,
        tenant: TenantId,
        account: AccountId,
        service: Uuid,
        call_id: Option<&str>,
        asks: &[Ask],
        hold: bool,
        now: DateTime<Utc>,
    ) -> AppResult<Taken> {
        let mut asks: SmallVec<[Ask; 4]> = asks.iter().copied().collect();
        asks.sort_by_key(|a| a.key);
        let shared: SmallVec<[Shared; 4]> =
            asks.iter().map(|a| self.counter(tenant, a.key)).collect();
        let mut locked: SmallVec<[_; 4]> = SmallVec::with_capacity(shared.len());
        for s in &shared {
            locked.push(s.lock().await);
        }
        let mut renew: SmallVec<[usize; 4]> = SmallVec::new();
        let mut fresh_call = false;
        for (i, c) in locked.iter_mut().enumerate() {
            c.prune(now);
            if call_id.is_some_and(|id| c.held.contains_key(id)) {
                continue;
            }
            fresh_call = true;
            let a = &asks[i];
            if c.used() < c.room(a.limit) && c.covers(a.until) {
                continue;
            }
            // Refused from the database a moment ago, or holding the whole
            // limit: refused again from memory.
            let all_mine = c.covers(now) && c.leased >= a.limit && c.used() >= a.limit;
            let just_refused = c
                .refused
                .is_some_and(|(at, limit)| limit == a.limit && now < at + REFUSED_FOR);
            if all_mine || just_refused {
                return Ok(Taken::Full(a.key.kind));
            }
            renew.push(i);
        }
        if !fresh_call {
            return Ok(Taken::Granted(call_id.map(Arc::from)));
        }
        if !renew.is_empty() {
            let tx = self.repos.tenant_quiet(tenant).await?;
            // The account's row lock orders the instances' renewals.
            tx.customers().account_for_update(account).await?;
            for &i in &renew {
                let (a, c) = (&asks[i], &mut locked[i]);
                let name = a.key.name();
                let others = tx
                    .fraud()
                    .slots_of_others(&name, &self.instance, now)
                    .await?;
                let room = (i64::from(a.limit) - others).max(0) as u32;
                let spare = room.saturating_sub(c.used() + 1) / 2;
                c.leased = room.min(c.used() + 1 + spare).max(c.used());
                c.refused = (c.used() >= c.leased).then_some((now, a.limit));
                let until = c.latest().map_or(a.until, |at| at.max(a.until)) + LEASE;
                c.valid_until = Some(until);
                tx.fraud()
                    .set_slots(&name, &self.instance, c.leased as i32, until, now)
                    .await?;
            }
            tx.commit().await?;
        }
        for (i, c) in locked.iter().enumerate() {
            let held = call_id.is_some_and(|id| c.held.contains_key(id));
            if !held && c.used() >= c.room(asks[i].limit) {
                return Ok(Taken::Full(asks[i].key.kind));
            }
        }
        if !hold {
            return Ok(Taken::Granted(None));
        }
        let key: Arc<str> = match call_id {
            Some(c) => c.into(),
            None => format!("~{}", Uuid::now_v7()).into(),
        };
        let unnamed = call_id.is_none().then_some(service);
        for (i, c) in locked.iter_mut().enumerate() {
            if !c.held.contains_key(&key) {
                c.add(key.clone(), asks[i].until, unnamed);
            }
        }
        Ok(Taken::Granted(Some(key)))
    }

    /// Hands back the slots `key` took of `asks`' counters (the call was
    /// refused after all).
    pub async fn undo(&self, tenant: TenantId, asks: &[Ask], key: &str) {
        for a in asks {
            let c = self.counter(tenant, a.key);
            c.lock().await.remove(key);
        }
    }

    /// Hands back the concurrent-call slots of calls whose CDRs were rated:
    /// `(account, call id, service, charge)`.
    pub async fn settle<T>(&self, tenant: TenantId, calls: &[(AccountId, String, Uuid, T)]) {
        if self.map().is_empty() {
            return;
        }
        for (account, call_id, service, _) in calls {
            for subject in [account.as_uuid(), *service] {
                let key = CounterKey {
                    kind: Kind::Concurrent,
                    subject,
                };
                let counter = self.map().get(&(tenant, key)).cloned();
                if let Some(c) = counter {
                    c.lock().await.release(call_id, *service);
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_lapses_or_is_handed_back_by_call_id_or_service() {
        let now = Utc::now();
        let service = Uuid::now_v7();
        let mut c = Counter {
            leased: 3,
            valid_until: Some(now + LEASE),
            ..Counter::default()
        };
        c.add("a".into(), now + Duration::seconds(10), None);
        c.add("~1".into(), now + Duration::seconds(100), Some(service));
        c.add("~2".into(), now + Duration::seconds(100), Some(service));
        assert_eq!(c.used(), 3);
        c.release("a", service);
        assert_eq!(c.used(), 2);
        // A CDR without a reservation of its own hands back the oldest
        // unnamed slot of its service.
        c.release("unknown", service);
        assert!(!c.held.contains_key("~1") && c.held.contains_key("~2"));
        c.prune(now + Duration::seconds(101));
        assert_eq!(c.used(), 0);
        assert!(c.unnamed.is_empty());
    }
}
