//! When each reservation of a grant expires, soonest first (see
//! `Grant::prune`).
//!
//! Calls are mostly held in the order they expire: a line's calls are
//! asked one after another, most for the longest duration the switch
//! allows. Those are appended to a queue, written one after another in
//! memory; only a call expiring before the last one appended (a shorter
//! call after a longer one) goes to a heap. A heap alone compared every new
//! entry with its parent, halfway down a large array: a cache miss per
//! authorization on a busy account.

use chrono::{DateTime, Utc};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::sync::Arc;

/// One reservation's expiry and its key (the call id, shared with the
/// grant's map).
pub(super) type Expiry = (DateTime<Utc>, Arc<str>);

/// Expiries, soonest first.
#[derive(Debug, Default)]
pub(super) struct Expiries {
    /// In the order they expire, each no sooner than the one before.
    in_order: VecDeque<Expiry>,
    /// Those that came out of order.
    out_of_order: BinaryHeap<Reverse<Expiry>>,
    /// No entry expires after this (`None`: no entry).
    latest: Option<DateTime<Utc>>,
}

impl Expiries {
    /// Adds `key`, expiring `at`.
    pub(super) fn push(&mut self, at: DateTime<Utc>, key: Arc<str>) {
        self.latest = self.latest.max(Some(at));
        if self.in_order.back().is_none_or(|(last, _)| *last <= at) {
            self.in_order.push_back((at, key));
        } else {
            self.out_of_order.push(Reverse((at, key)));
        }
    }

    /// The soonest expiry.
    pub(super) fn peek(&self) -> Option<DateTime<Utc>> {
        let queued = self.in_order.front().map(|(at, _)| *at);
        let heaped = self.out_of_order.peek().map(|Reverse((at, _))| *at);
        match (queued, heaped) {
            (Some(q), Some(h)) => Some(q.min(h)),
            (q, h) => q.or(h),
        }
    }

    /// Takes the soonest expiry out.
    pub(super) fn pop(&mut self) -> Option<Expiry> {
        let queued = self.in_order.front().map(|(at, _)| *at);
        let heaped = self.out_of_order.peek().map(|Reverse((at, _))| *at);
        let popped = match (queued, heaped) {
            (Some(q), Some(h)) if h < q => self.out_of_order.pop().map(|Reverse(e)| e),
            (Some(_), _) => self.in_order.pop_front(),
            (None, _) => self.out_of_order.pop().map(|Reverse(e)| e),
        };
        if self.is_empty() {
            self.latest = None;
        }
        popped
    }

    /// No entry expires after this, at once (`None`: there is none). An
    /// entry's expiry counts until the entry goes, whether or not its call
    /// is still held: a bound, not always the latest of the calls held.
    pub(super) fn latest(&self) -> Option<DateTime<Utc>> {
        self.latest
    }

    /// How many entries there are.
    pub(super) fn len(&self) -> usize {
        self.in_order.len() + self.out_of_order.len()
    }

    /// Whether there is none.
    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps only the entries `keep` says to.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&DateTime<Utc>, &Arc<str>) -> bool) {
        self.in_order.retain(|(at, k)| keep(at, k));
        self.out_of_order.retain(|Reverse((at, k))| keep(at, k));
        let heaped = self.out_of_order.iter().map(|Reverse((at, _))| *at).max();
        self.latest = self.in_order.back().map(|(at, _)| *at).max(heaped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn entries_come_out_soonest_first_whatever_order_they_went_in() {
        let t0 = Utc::now();
        let mut e = Expiries::default();
        // In order, then shorter ones among them, then a tie.
        for secs in [10, 20, 30, 15, 5, 30, 40, 25] {
            e.push(t0 + Duration::seconds(secs), format!("c{secs}").into());
        }
        assert_eq!(e.len(), 8);
        assert_eq!(e.peek(), Some(t0 + Duration::seconds(5)));
        assert_eq!(e.latest(), Some(t0 + Duration::seconds(40)));
        e.retain(|_, k| &**k != "c20");
        let mut out = Vec::new();
        while let Some((at, _)) = e.pop() {
            out.push((at - t0).num_seconds());
        }
        assert_eq!(out, [5, 10, 15, 25, 30, 30, 40]);
        assert!(e.is_empty() && e.peek().is_none() && e.latest().is_none());
    }

    #[test]
    fn the_latest_expiry_bounds_every_entry_and_tightens_when_entries_go() {
        let t0 = Utc::now();
        let mut e = Expiries::default();
        for secs in [10, 40, 20] {
            e.push(t0 + Duration::seconds(secs), format!("c{secs}").into());
        }
        assert_eq!(e.latest(), Some(t0 + Duration::seconds(40)));
        // c20 came out of order (to the heap): with c40 gone, it is the latest.
        e.retain(|_, k| &**k != "c40");
        assert_eq!(e.latest(), Some(t0 + Duration::seconds(20)));
        e.pop();
        assert_eq!(
            e.latest(),
            Some(t0 + Duration::seconds(20)),
            "a bound while any is left"
        );
        e.pop();
        assert_eq!(e.latest(), None);
    }
}
