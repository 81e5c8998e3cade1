//! The time source. Production reads the system clock; tests set it, because
//! sessions, bill runs and proration depend on dates.

use chrono::{DateTime, Utc};
use std::sync::{Arc, RwLock};

/// A settable clock shared by the whole application.
#[derive(Clone, Default)]
pub struct Clock {
    fixed: Arc<RwLock<Option<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// Now, or the time a test set.
    pub fn now(&self) -> DateTime<Utc> {
        match self.fixed.read() {
            Ok(guard) => guard.unwrap_or_else(Utc::now),
            Err(_) => Utc::now(),
        }
    }

    /// Pins the clock to `at` (tests only).
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
