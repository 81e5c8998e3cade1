//! When a failed delivery is tried again, and when it is given up.

use chrono::{DateTime, Duration, Utc};

/// How long deliveries are retried after their event: three days.
pub fn give_up_after() -> Duration {
    Duration::days(3)
}

/// The wait after the `attempts`-th failed attempt: a minute, doubling,
/// at most six hours (about fifteen attempts in three days).
pub fn backoff(attempts: i32) -> Duration {
    let minutes = 1i64 << attempts.saturating_sub(1).clamp(0, 20);
    Duration::minutes(minutes.min(360))
}

/// The next attempt after a failure at `now`, or `None` when the delivery
/// created at `created` is given up.
pub fn next_attempt(
    created: DateTime<Utc>,
    attempts: i32,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let deadline = created + give_up_after();
    (now < deadline).then(|| (now + backoff(attempts)).min(deadline))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_a_minute_to_six_hours() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(9), Duration::minutes(256));
        assert_eq!(backoff(10), Duration::minutes(360));
        assert_eq!(backoff(400), Duration::minutes(360));
    }

    #[test]
    fn gives_up_three_days_after_the_event() {
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(next_attempt(t0, 1, t0), Some(t0 + Duration::minutes(1)));
        // The last retry is at the deadline, not after it.
        let late = t0 + Duration::days(3) - Duration::minutes(30);
        assert_eq!(next_attempt(t0, 14, late), Some(t0 + Duration::days(3)));
        assert_eq!(next_attempt(t0, 15, t0 + Duration::days(3)), None);
        // About fifteen attempts fit in three days.
        let (mut now, mut n) = (t0, 0);
        while let Some(next) = next_attempt(t0, n + 1, now) {
            n += 1;
            now = next;
        }
        assert!((14..=20).contains(&n), "{n} attempts");
    }
}
