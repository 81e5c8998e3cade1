//! The time source. Use cases read it through the [`Clock`] trait; the
//! process passes a [`SettableClock`] (the system clock unless a test or
//! the CLI's `--now` pins it), because sessions, bill runs and proration
//! depend on dates.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

/// What a use case asks of time.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock, which a test or the CLI may pin (clones share the pin).
#[derive(Clone, Default)]
pub struct SettableClock {
    pin: Arc<Pin>,
}

/// A clock's pin: `pinned` says whether `at` is set, so the system clock
/// (every request of a server reads it, from every worker) is read without
/// a lock: a flag never written is read by each core from its own cache.
#[derive(Default)]
struct Pin {
    pinned: AtomicBool,
    at: RwLock<Option<DateTime<Utc>>>,
}

impl SettableClock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// Pins the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut guard) = self.pin.at.write() {
            *guard = Some(at);
            self.pin.pinned.store(true, Ordering::Release);
        }
    }

    /// Moves a pinned clock forward by `by` (pins it first if needed).
    pub fn advance(&self, by: chrono::Duration) {
        let next = self.now() + by;
        self.set(next);
    }
}

impl Clock for SettableClock {
    /// Now, or the time pinned.
    fn now(&self) -> DateTime<Utc> {
        if !self.pin.pinned.load(Ordering::Acquire) {
            return Utc::now();
        }
        match self.pin.at.read() {
            Ok(guard) => guard.unwrap_or_else(Utc::now),
            Err(_) => Utc::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{Clock, SettableClock};
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn a_pin_is_shared_by_clones_and_moves_only_when_advanced() {
        let clock = SettableClock::system();
        let before = Utc::now();
        let read = clock.now();
        assert!(read >= before && read <= Utc::now(), "the system clock");
        let other = clock.clone();
        let at = Utc.with_ymd_and_hms(2026, 1, 31, 23, 59, 0).unwrap();
        clock.set(at);
        assert_eq!(
            (clock.now(), other.now()),
            (at, at),
            "pinned for every clone"
        );
        other.advance(Duration::minutes(2));
        assert_eq!(clock.now(), at + Duration::minutes(2));
    }
}
