//! What one instance holds of one account and has handed out to calls
//! (see the parent module): the calls held, by call id and by expiry.

use super::LEASE;
use super::expiries::Expiries;
use chrono::{DateTime, Duration, Utc};
use foldhash::HashMap;
use rust_decimal::Decimal;
use std::collections::VecDeque;
use std::sync::Arc;
use uuid::Uuid;

/// One call's reservation on one account.
#[derive(Debug, Clone)]
pub(super) struct Held {
    pub(super) amount: Decimal,
    pub(super) secs: u64,
    pub(super) expires_at: DateTime<Utc>,
    pub(super) service: Uuid,
}

/// A renewal ahead between its reading and its commit
/// ([`Grant::lowered_for`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Lowered {
    /// The grant's write count it expects to find at its commit.
    writes: u64,
    /// What the commit adds to the hold.
    raise: Decimal,
}

/// What this instance holds of one account and has handed out.
#[derive(Debug, Default)]
pub(super) struct Grant {
    /// What this instance may hand out (its hold, less what was spent or
    /// expired since it was read).
    pub(super) amount: Decimal,
    /// Until when the hold's last reading of the balance is trusted
    /// (`None`: never read): [`LEASE`] after the reading. A call that finds
    /// it passed renews the hold before it is answered.
    fresh_until: Option<DateTime<Utc>>,
    /// From when a call asks for the hold to be renewed ahead of its lease,
    /// in the background, and is answered at once: drawn at each renewal
    /// between half of [`LEASE`] and three quarters of it
    /// ([`Grant::renewed`]), so accounts first used together are not
    /// renewed together ever after.
    renew_from: Option<DateTime<Utc>>,
    /// Asked for a renewal ahead that has not landed yet.
    pub(super) queued: bool,
    /// How many times the hold's row was written from this grant: a renewal
    /// ahead raises what is handed out only if no other write came between
    /// its reading and its commit ([`Grant::lowered_for`]).
    writes: u64,
    /// The last call held here (its seconds and its charge): a renewal
    /// ahead holds for calls like it.
    pub(super) last_call: Option<(u64, Decimal)>,
    /// The balance that renewal read.
    pub(super) balance_seen: Option<Decimal>,
    /// Until when the hold's row counts for the other instances (as last
    /// written): never before a reservation it backs expires.
    pub(super) hold_until: Option<DateTime<Utc>>,
    /// Sum of `calls`.
    pub(super) reserved: Decimal,
    /// By call id (one allocation per call, shared with `by_expiry`).
    /// foldhash, randomly seeded: a switch passes on call ids its callers
    /// chose.
    pub(super) calls: HashMap<Arc<str>, Held>,
    /// When each reservation expires, soonest first. A settled call's
    /// entry stays until it comes up (it is then skipped) or until such
    /// entries are half of them ([`Grant::compact`]).
    by_expiry: Expiries,
    /// No reservation expires before this (`None`: nothing is held). Most
    /// authorizations find nothing to prune, and this spares them reading
    /// the expiries (cold, on an account holding many calls).
    earliest: Option<DateTime<Utc>>,
    /// Keys made up for requests without a call id, per service, oldest first.
    unnamed: HashMap<Uuid, VecDeque<Arc<str>>>,
}

impl Grant {
    /// Drops expired reservations; their money leaves the hold too.
    pub(super) fn prune(&mut self, now: DateTime<Utc>) {
        if self.earliest.is_none_or(|at| at > now) {
            return;
        }
        while self.by_expiry.peek().is_some_and(|at| at <= now) {
            let Some((at, key)) = self.by_expiry.pop() else {
                break;
            };
            // A settled call's entry, or one a later reservation of the
            // same call id replaced: nothing to release.
            if self.calls.get(&*key).is_none_or(|h| h.expires_at != at) {
                continue;
            }
            if let Some(h) = self.calls.remove(&*key) {
                self.reserved -= h.amount;
                self.amount -= h.amount;
                // Unnamed keys of the service that are gone leave its queue.
                if let Some(q) = self.unnamed.get_mut(&h.service) {
                    while q.front().is_some_and(|k| !self.calls.contains_key(&**k)) {
                        q.pop_front();
                    }
                    if q.is_empty() {
                        self.unnamed.remove(&h.service);
                    }
                }
            }
        }
        self.earliest = self.by_expiry.peek();
    }

    /// Drops the entries of calls no longer held once they outnumber the
    /// calls held (plus some slack): the heap stays within twice the calls
    /// held, and each settled call pays for its entry's removal once.
    fn compact(&mut self) {
        if self.by_expiry.len() > 2 * self.calls.len() + 64 {
            let calls = &self.calls;
            self.by_expiry
                .retain(|at, k| calls.get(&**k).is_some_and(|h| h.expires_at == *at));
        }
    }

    pub(super) fn free(&self) -> Decimal {
        (self.amount - self.reserved).max(Decimal::ZERO)
    }

    pub(super) fn fresh(&self, now: DateTime<Utc>) -> bool {
        self.fresh_until.is_some_and(|until| now < until)
    }

    /// Records a renewal that read the balance at `now`: trusted for
    /// [`LEASE`], renewed ahead from a moment drawn between half of it and
    /// three quarters of it (accounts first used together, at an
    /// instance's start or in a burst of calls, would otherwise be renewed
    /// together every lease ever after).
    pub(super) fn renewed(&mut self, now: DateTime<Utc>) {
        let whole = LEASE.num_milliseconds();
        self.fresh_until = Some(now + LEASE);
        self.renew_from =
            Some(now + Duration::milliseconds(rand::random_range(whole / 2..=whole * 3 / 4)));
    }

    /// Whether a call at `now` asks for the hold to be renewed ahead (it
    /// has not asked since the last renewal, and the moment has come).
    pub(super) fn wants_renewal_ahead(&self, now: DateTime<Utc>) -> bool {
        !self.queued && self.renew_from.is_some_and(|from| now >= from)
    }

    /// A renewal a call waits for is about to read and write the hold: until
    /// it lands ([`Grant::renewed`]) the grant is trusted for nothing, and a
    /// renewal ahead under way no longer raises it. A call dropped while it
    /// waits (its client gone, its time limit past) may leave the row
    /// written and the grant not: the next call then renews it again,
    /// instead of handing out a hold the row may no longer have.
    pub(super) fn renewing(&mut self) {
        self.fresh_until = None;
        self.writes += 1;
    }

    /// Records a write of the hold's row made while this grant was locked
    /// from its reading to its commit (a renewal or an extension on a
    /// call's path): a renewal ahead under way no longer raises the hold.
    pub(super) fn written(&mut self) {
        self.writes += 1;
    }

    /// A renewal ahead has read that the hold may be `amount` and is about
    /// to write it, without this grant locked until its commit. Until then
    /// calls are handed out of the lower of the old hold and the new one
    /// (the row holds the old until the commit, the new after); what the
    /// commit adds comes with [`Grant::landed`].
    pub(super) fn lowered_for(&mut self, amount: Decimal) -> Lowered {
        self.writes += 1;
        let lowered = self.amount.min(amount);
        self.amount = lowered;
        Lowered {
            writes: self.writes,
            raise: amount - lowered,
        }
    }

    /// A renewal ahead committed, having read `balance` at `now` and
    /// written the row to count until `until` (a row's time only grows, so
    /// it stands whatever was written since). The hold is raised to what
    /// was written, and its lease starts again, only if nothing else wrote
    /// the row since ([`Grant::lowered_for`]); else that write stands.
    pub(super) fn landed(
        &mut self,
        lowered: Lowered,
        balance: Decimal,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        self.hold_until = self.hold_until.max(Some(until));
        if self.writes != lowered.writes {
            return false;
        }
        self.amount += lowered.raise;
        self.balance_seen = Some(balance);
        self.renewed(now);
        true
    }

    /// No reservation held expires after this (read at every renewal, with
    /// the grant locked: kept as calls are added, not a pass over the calls
    /// held, which are thousands on a busy line). A settled call may keep
    /// it later than the last one held until its entry goes: the hold's row
    /// then counts a little longer, never shorter.
    pub(super) fn latest_expiry(&self) -> Option<DateTime<Utc>> {
        self.by_expiry.latest()
    }

    pub(super) fn add(&mut self, key: Arc<str>, held: Held, named: bool) {
        self.reserved += held.amount;
        self.last_call = Some((held.secs, held.amount));
        self.earliest = Some(
            self.earliest
                .map_or(held.expires_at, |at| at.min(held.expires_at)),
        );
        self.by_expiry.push(held.expires_at, key.clone());
        if !named {
            self.unnamed
                .entry(held.service)
                .or_default()
                .push_back(key.clone());
        }
        // The same call id held again (on an account where it was not
        // settled): the new reservation replaces the old one's money.
        if let Some(old) = self.calls.insert(key, held) {
            self.reserved -= old.amount;
        }
    }

    /// Settles the reservation of `call_id` (or the oldest unnamed one of
    /// `service`): it is released, and what the call was charged leaves
    /// the hold.
    pub(super) fn settle(&mut self, call_id: &str, service: Option<Uuid>, charged: Decimal) {
        let key = if let Some((k, _)) = self.calls.get_key_value(call_id) {
            Some(k.clone())
        } else {
            service.and_then(|s| {
                let q = self.unnamed.get_mut(&s)?;
                while let Some(k) = q.pop_front() {
                    if self.calls.contains_key(&*k) {
                        return Some(k);
                    }
                }
                None
            })
        };
        let Some(key) = key else {
            return;
        };
        if let Some(h) = self.calls.remove(&*key) {
            self.reserved -= h.amount;
            self.amount -= charged.max(Decimal::ZERO);
            self.compact();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn held(amount: Decimal, at: DateTime<Utc>) -> Held {
        Held {
            amount,
            secs: 60,
            expires_at: at,
            service: Uuid::nil(),
        }
    }

    #[test]
    fn expired_and_settled_money_is_not_handed_out_again() {
        let now = Utc::now();
        let mut g = Grant {
            amount: dec!(10),
            fresh_until: Some(now + LEASE),
            ..Grant::default()
        };
        g.add("a".into(), held(dec!(4), now + Duration::seconds(60)), true);
        g.add(
            "b".into(),
            held(dec!(3), now + Duration::seconds(10)),
            false,
        );
        assert_eq!(g.free(), dec!(3));
        // b expires: its 3 are gone until a renewal reads the balance.
        g.prune(now + Duration::seconds(11));
        assert_eq!(
            (g.reserved, g.amount, g.free()),
            (dec!(4), dec!(7), dec!(3))
        );
        // a's CDR charged 2.5 of its 4: 1.5 comes back.
        g.settle("a", None, dec!(2.5));
        assert_eq!(
            (g.reserved, g.amount, g.free()),
            (dec!(0), dec!(4.5), dec!(4.5))
        );
    }

    #[test]
    fn an_unnamed_reservation_is_settled_by_its_services_next_cdr() {
        let now = Utc::now();
        let mut g = Grant {
            amount: dec!(10),
            ..Grant::default()
        };
        g.add(
            "~1".into(),
            held(dec!(2), now + Duration::seconds(60)),
            false,
        );
        g.add(
            "~2".into(),
            held(dec!(3), now + Duration::seconds(90)),
            false,
        );
        g.settle("whatever", Some(Uuid::nil()), dec!(1));
        assert!(!g.calls.contains_key("~1"), "the oldest first");
        assert_eq!((g.reserved, g.amount), (dec!(3), dec!(9)));
    }

    #[test]
    fn a_reservation_expires_on_time_whatever_was_added_or_settled_before_it() {
        let now = Utc::now();
        let at = |secs| now + Duration::seconds(secs);
        let mut g = Grant {
            amount: dec!(20),
            ..Grant::default()
        };
        g.add("late".into(), held(dec!(1), at(100)), true);
        g.prune(at(50));
        assert_eq!(g.reserved, dec!(1), "nothing expired yet");
        // Added after, expiring first: pruned at its own time.
        g.add("soon".into(), held(dec!(2), at(60)), true);
        g.prune(at(59));
        assert_eq!(g.reserved, dec!(3), "one second early: both held");
        g.prune(at(60));
        assert_eq!(g.reserved, dec!(1), "expired at its instant");
        assert!(!g.calls.contains_key("soon"));
        // The first to expire settled: the next one still expires on time.
        g.add("first".into(), held(dec!(4), at(70)), true);
        g.add("next".into(), held(dec!(5), at(80)), true);
        g.settle("first", None, dec!(4));
        g.prune(at(79));
        assert_eq!(g.reserved, dec!(6), "next and late held");
        g.prune(at(80));
        assert_eq!(g.reserved, dec!(1));
        g.prune(at(100));
        assert_eq!((g.reserved, g.calls.len(), g.earliest), (dec!(0), 0, None));
        assert!(g.by_expiry.is_empty(), "the settled call's entry went too");
        // What expired (2, 5, 1) and what was charged (4) left the hold.
        assert_eq!(g.amount, dec!(8));
    }

    #[test]
    fn settled_calls_leave_the_heap_and_one_held_again_replaces_the_first() {
        let now = Utc::now();
        let at = |secs| now + Duration::seconds(secs);
        let mut g = Grant {
            amount: dec!(1000),
            ..Grant::default()
        };
        for i in 0..200 {
            g.add(format!("c{i}").into(), held(dec!(1), at(100 + i)), true);
        }
        for i in 0..199 {
            g.settle(&format!("c{i}"), None, dec!(1));
            assert!(g.by_expiry.len() <= 2 * g.calls.len() + 64, "bounded");
        }
        assert_eq!((g.reserved, g.calls.len()), (dec!(1), 1));
        // c199 held again, for longer: the first reservation's money goes,
        // and its old expiry releases nothing.
        g.add("c199".into(), held(dec!(5), at(500)), true);
        assert_eq!(g.reserved, dec!(5));
        g.prune(at(400));
        assert_eq!((g.reserved, g.calls.len()), (dec!(5), 1));
        assert_eq!(g.latest_expiry(), Some(at(500)));
        g.prune(at(500));
        assert_eq!((g.reserved, g.calls.len()), (dec!(0), 0));
    }

    #[test]
    fn a_renewal_is_trusted_for_a_lease_and_asked_ahead_from_a_moment_drawn_each_time() {
        let now = Utc::now();
        let mut g = Grant::default();
        assert!(!g.fresh(now), "never renewed");
        assert!(
            !g.wants_renewal_ahead(now + LEASE),
            "nothing to renew ahead"
        );
        let mut moments = std::collections::BTreeSet::new();
        for _ in 0..100 {
            g.renewed(now);
            assert!(g.fresh(now + LEASE - Duration::milliseconds(1)));
            assert!(!g.fresh(now + LEASE), "never trusted past the lease");
            assert!(!g.wants_renewal_ahead(now + LEASE / 2 - Duration::milliseconds(1)));
            assert!(g.wants_renewal_ahead(now + LEASE * 3 / 4));
            moments.insert(g.renew_from);
        }
        assert!(moments.len() > 1, "drawn, not fixed: {moments:?}");
        g.queued = true;
        assert!(!g.wants_renewal_ahead(now + LEASE), "asked once");
    }

    #[test]
    fn a_renewal_ahead_hands_out_the_lower_hold_until_it_lands() {
        let now = Utc::now();
        let at = |secs| now + Duration::seconds(secs);
        let mut g = Grant {
            amount: dec!(10),
            hold_until: Some(at(100)),
            ..Grant::default()
        };
        g.renewed(now);
        g.add("a".into(), held(dec!(4), at(90)), true);
        // Read: the hold may be 30. Until the commit only the old 10 is
        // handed out; a CDR charged 1 meanwhile.
        let up = g.lowered_for(dec!(30));
        assert_eq!((g.amount, g.free()), (dec!(10), dec!(6)));
        g.settle("a", None, dec!(1));
        assert!(g.landed(up, dec!(50), at(200), at(3)));
        assert_eq!(g.amount, dec!(29), "30 written, less the 1 charged since");
        assert_eq!(
            (g.balance_seen, g.hold_until),
            (Some(dec!(50)), Some(at(200)))
        );
        assert!(
            g.fresh(at(3) + LEASE - Duration::milliseconds(1)),
            "a new lease"
        );

        // Read lower than held: lowered at once, nothing to add.
        let down = g.lowered_for(dec!(12));
        assert_eq!(g.amount, dec!(12));
        assert!(g.landed(down, dec!(12), at(150), at(4)));
        assert_eq!(
            (g.amount, g.hold_until),
            (dec!(12), Some(at(200))),
            "time only grows"
        );

        // Another write of the row between the reading and the commit
        // (an extension wrote what was handed out then): it stands.
        let up = g.lowered_for(dec!(40));
        g.written();
        assert!(!g.landed(up, dec!(40), at(300), at(5)));
        assert_eq!(g.amount, dec!(12), "not raised past the later write");
        assert_eq!(g.balance_seen, Some(dec!(12)), "its reading is not taken");
        assert_eq!(g.hold_until, Some(at(300)), "the row's time still grew");

        // A call starts a renewal it waits for (and may be dropped before
        // it lands): nothing is trusted until a renewal lands, and one
        // ahead under way no longer does.
        g.renewed(at(5));
        let up = g.lowered_for(dec!(50));
        g.renewing();
        assert!(!g.fresh(at(5)));
        assert!(!g.landed(up, dec!(50), at(300), at(6)));
        assert!(!g.fresh(at(6)), "still to be renewed");
    }
}
