//! Where a batch's time goes: parse, lock, rate, write, commit.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// How long each phase of one batch took.
#[derive(Debug, Default, Clone, Copy)]
pub struct Phases {
    /// Decoding the body and the shape checks, sorting.
    pub parse: Duration,
    /// Opening the transaction, reading the batch's lines, accounts,
    /// services, plans, closed periods, duplicates and chains; locking the
    /// accounts (first, or on PostgreSQL once the CDRs are stored, with the
    /// check that what rating read still holds: see `snapshot`).
    pub lock: Duration,
    /// Deck rows, allowances, charges and debits, in memory.
    pub rate: Duration,
    /// Storing CDRs, level charges, postings, allowance usage and alerts.
    pub write: Duration,
    /// The commit.
    pub commit: Duration,
}

impl Phases {
    /// As a `Server-Timing` header value (milliseconds), e.g.
    /// `parse;dur=4.1, lock;dur=9.0, rate;dur=20.3, write;dur=51.2, commit;dur=1.0`.
    pub fn server_timing(&self) -> String {
        let mut out = String::new();
        for (name, d) in [
            ("parse", self.parse),
            ("lock", self.lock),
            ("rate", self.rate),
            ("write", self.write),
            ("commit", self.commit),
        ] {
            if !out.is_empty() {
                out.push_str(", ");
            }
            let _ = write!(out, "{name};dur={:.1}", d.as_secs_f64() * 1000.0);
        }
        out
    }
}

/// A stopwatch that hands out the time since it last did.
pub(super) struct Lap(Instant);

impl Lap {
    /// Starts now.
    pub(super) fn start() -> Self {
        Self(Instant::now())
    }

    /// The time since the start or the previous lap.
    pub(super) fn lap(&mut self) -> Duration {
        let now = Instant::now();
        let d = now - self.0;
        self.0 = now;
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_timing_lists_every_phase_in_milliseconds() {
        let p = Phases {
            parse: Duration::from_micros(1_260),
            write: Duration::from_millis(40),
            ..Phases::default()
        };
        assert_eq!(
            p.server_timing(),
            "parse;dur=1.3, lock;dur=0.0, rate;dur=0.0, write;dur=40.0, commit;dur=0.0"
        );
    }
}
