//! Login rate limits, per account and per client IP (governor's GCRA).

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

/// The two login limiters.
pub struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
}

fn quota(n: u32, window: Duration) -> Quota {
    let n = NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN);
    let per_cell = window / n.get();
    Quota::with_period(per_cell)
        .unwrap_or_else(|| Quota::per_second(n))
        .allow_burst(n)
}

impl LoginLimiter {
    /// `per_account` attempts per 15 minutes per account; `per_ip` per minute per IP.
    pub fn new(per_account: u32, per_ip: u32) -> Self {
        Self {
            per_account: RateLimiter::keyed(quota(per_account, Duration::from_secs(15 * 60))),
            per_ip: RateLimiter::keyed(quota(per_ip, Duration::from_secs(60))),
        }
    }

    /// Records an attempt; `false` when either limit is exhausted.
    pub fn check(&self, account_key: &str, ip: Option<IpAddr>) -> bool {
        let ip_ok = ip.is_none_or(|ip| self.per_ip.check_key(&ip).is_ok());
        let account_ok = self.per_account.check_key(&account_key.to_owned()).is_ok();
        ip_ok && account_ok
    }

    /// Forgets keys whose limits have fully recovered (called periodically).
    pub fn shrink(&self) {
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_account_independently() {
        let l = LoginLimiter::new(3, 100);
        for _ in 0..3 {
            assert!(l.check("t1:ann@x.test", None));
        }
        assert!(!l.check("t1:ann@x.test", None));
        assert!(
            l.check("t2:ann@x.test", None),
            "another tenant's account is separate"
        );
    }

    #[test]
    fn limits_per_ip() {
        let l = LoginLimiter::new(100, 2);
        let ip: IpAddr = [10, 0, 0, 1].into();
        assert!(l.check("a", Some(ip)));
        assert!(l.check("b", Some(ip)));
        assert!(!l.check("c", Some(ip)));
    }
}
