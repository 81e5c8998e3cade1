//! What one service used in a billing period, summed from its rated calls.

use rust_decimal::Decimal;

/// Rated calls of one service in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceUsage {
    /// Calls.
    pub calls: i64,
    /// Billable seconds.
    pub billable_secs: i64,
    /// Seconds covered by allowances.
    pub covered_secs: i64,
    /// Sum of the calls' charges (4 places).
    pub charge: Decimal,
}

impl std::ops::AddAssign<&ServiceUsage> for ServiceUsage {
    fn add_assign(&mut self, other: &ServiceUsage) {
        self.calls += other.calls;
        self.billable_secs += other.billable_secs;
        self.covered_secs += other.covered_secs;
        self.charge += other.charge;
    }
}
