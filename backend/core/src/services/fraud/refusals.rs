//! Fraud control's refusals are recorded in the audit log (`call.refused`),
//! which the console's Calls page lists: at most one row per service and
//! reason a minute (a flood of refused calls costs one write a minute), the
//! next one saying how many were refused in between.

use chrono::{DateTime, Utc};
use ringledger_shared::api::calls::RefusalReason;
use ringledger_shared::ids::TenantId;
use std::collections::HashMap;
use std::sync::Mutex;
use uuid::Uuid;

/// The audit action of a refused call.
pub const ACTION: &str = "call.refused";
/// Entries kept before the old ones are dropped.
const MAX_KEYS: usize = 100_000;

/// Whether `reason` is fraud control's.
pub fn is_fraud(reason: RefusalReason) -> bool {
    use RefusalReason::*;
    matches!(
        reason,
        ConcurrentLimit | RateLimit | SpendLimit | DestinationBlocked | FraudSuspended
    )
}

type Key = (TenantId, Uuid, RefusalReason);

/// The minute of each (service, reason) last recorded, and the refusals
/// not recorded since.
#[derive(Default)]
pub struct RefusalLog {
    seen: Mutex<HashMap<Key, (i64, u64)>>,
}

impl RefusalLog {
    /// Counts a refusal at `now`: `Some(n)` when it is to be recorded (`n`
    /// refusals of the same service and reason went unrecorded before it),
    /// `None` when its minute was recorded already.
    pub fn count(
        &self,
        tenant: TenantId,
        service: Uuid,
        reason: RefusalReason,
        now: DateTime<Utc>,
    ) -> Option<u64> {
        let minute = now.timestamp().div_euclid(60);
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.len() >= MAX_KEYS {
            seen.retain(|_, (m, _)| *m >= minute - 1);
        }
        match seen.get_mut(&(tenant, service, reason)) {
            Some((m, skipped)) if *m == minute => {
                *skipped += 1;
                None
            }
            Some((m, skipped)) => {
                let before = *skipped;
                *m = minute;
                *skipped = 0;
                Some(before)
            }
            None => {
                seen.insert((tenant, service, reason), (minute, 0));
                Some(0)
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn one_record_a_minute_then_how_many_were_skipped() {
        let log = RefusalLog::default();
        let (t, s) = (TenantId(Uuid::nil()), Uuid::nil());
        let now: DateTime<Utc> = "2026-12-05T10:00:10Z".parse().unwrap();
        let r = RefusalReason::ConcurrentLimit;
        assert_eq!(log.count(t, s, r, now), Some(0));
        assert_eq!(log.count(t, s, r, now), None);
        assert_eq!(log.count(t, s, r, now), None);
        assert_eq!(
            log.count(t, s, RefusalReason::RateLimit, now),
            Some(0),
            "another reason"
        );
        let later = now + chrono::Duration::seconds(60);
        assert_eq!(log.count(t, s, r, later), Some(2));
        assert!(is_fraud(r) && !is_fraud(RefusalReason::NoRate));
    }
}
