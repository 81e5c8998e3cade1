//! The time source. Use cases read it through the [`Clock`] trait; the
//! process passes a [`SettableClock`] (the system clock unless a test or
//! the CLI's `--now` pins it), because sessions, bill runs and proration
//! depend on dates.

use chrono::{DateTime, Utc};
use std::sync::{Arc, RwLock};

/// What a use case asks of time.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock, which a test or the CLI may pin (clones share the pin).
#[derive(Clone, Default)]
pub struct SettableClock {
    fixed: Arc<RwLock<Option<DateTime<Utc>>>>,
}

impl SettableClock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// Pins the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut guard) = self.fixed.write() {
            *guard = Some(at);
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
        match self.fixed.read() {
            Ok(guard) => guard.unwrap_or_else(Utc::now),
            Err(_) => Utc::now(),
        }
    }
}
