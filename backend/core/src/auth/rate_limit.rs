//! Rate limits on sign-in and sign-up, counted in the database (table
//! `rate_limit_hits`), so that every instance behind a load balancer counts
//! the same attempts. Fixed windows: the `n`-th hit of a key in a window is
//! refused when `n` exceeds the limit. Keys (e-mails, addresses) are stored
//! hashed.

use crate::config::Settings;
use ringledger_db::repo::Repos;
use sea_orm::DbErr;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// One limit: at most `max` hits per key per `window_secs`.
#[derive(Debug, Clone, Copy)]
struct Limit {
    name: &'static str,
    max: u32,
    window_secs: i64,
}

/// The start (Unix seconds) of the window holding `now`.
fn window_start(now: i64, window_secs: i64) -> i64 {
    now - now.rem_euclid(window_secs.max(1))
}

/// Records a hit of `key` against `limit`; `false` once over it. A
/// sliding-window estimate: this window's hits plus the previous window's,
/// weighted by how much of it still lies within the last `window_secs`, so
/// that crossing a window's boundary does not reset the count.
async fn allow(repos: &Repos, limit: Limit, key: &str) -> Result<bool, DbErr> {
    let now = chrono::Utc::now().timestamp();
    let digest = hex::encode(&Sha256::digest(key.as_bytes())[..16]);
    let bucket = format!("{}:{digest}", limit.name);
    let start = window_start(now, limit.window_secs);
    let current = repos.rate_hit(&bucket, start).await?;
    let previous = repos.rate_hits(&bucket, start - limit.window_secs).await?;
    Ok(within(limit, current, previous, now - start))
}

/// Whether `current` hits plus `previous` ones weighted by the part of the
/// previous window still inside the sliding one stay within the limit
/// (integer arithmetic: both sides times the window).
fn within(limit: Limit, current: i64, previous: i64, into_window: i64) -> bool {
    let w = limit.window_secs.max(1);
    let left = (w - into_window).clamp(0, w);
    current * w + previous * left <= i64::from(limit.max) * w
}

/// A sign-in attempt on `account_key` (scope and e-mail) from `ip`:
/// `login_attempts_per_account` per 15 minutes per account and
/// `login_attempts_per_ip` per minute per address. `false` when refused.
pub async fn check_login(
    repos: &Repos,
    s: &Settings,
    account_key: &str,
    ip: Option<IpAddr>,
) -> Result<bool, DbErr> {
    let ip_ok = match ip {
        Some(ip) => {
            let limit = Limit {
                name: "login-ip",
                max: s.login_attempts_per_ip.max(1),
                window_secs: 60,
            };
            allow(repos, limit, &ip.to_string()).await?
        }
        None => true,
    };
    let limit = Limit {
        name: "login",
        max: s.login_attempts_per_account.max(1),
        window_secs: 15 * 60,
    };
    let account_ok = allow(repos, limit, &account_key.to_lowercase()).await?;
    Ok(ip_ok && account_ok)
}

/// A public sign-up (or card registration) from `ip`:
/// `signups_per_ip_per_hour`. `false` when refused.
pub async fn check_signup(
    repos: &Repos,
    settings: &Settings,
    ip: Option<IpAddr>,
) -> Result<bool, DbErr> {
    let Some(ip) = ip else { return Ok(true) };
    let limit = Limit {
        name: "signup-ip",
        max: settings.signups_per_ip_per_hour.max(1),
        window_secs: 3_600,
    };
    allow(repos, limit, &ip.to_string()).await
}

/// Deletes the windows that ended more than a day ago (a periodic job).
pub async fn forget_old(repos: &Repos) -> Result<(), DbErr> {
    let cutoff = chrono::Utc::now().timestamp() - 86_400;
    repos.forget_rate_windows(cutoff).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_window_counts_for_what_still_overlaps() {
        let l = Limit {
            name: "t",
            max: 4,
            window_secs: 60,
        };
        // Four hits just before a boundary, one just after: refused.
        assert!(!within(l, 1, 4, 1));
        // Half a window later, half of them still count.
        assert!(within(l, 2, 4, 30));
        assert!(!within(l, 3, 4, 30));
        // A whole window later they no longer count.
        assert!(within(l, 4, 4, 60));
        assert!(!within(l, 5, 0, 10));
    }

    #[test]
    fn windows_are_aligned() {
        assert_eq!(window_start(1_000_000_059, 60), 1_000_000_020);
        assert_eq!(window_start(1_000_000_020, 60), 1_000_000_020);
        assert_eq!(window_start(899, 900), 0);
        assert_eq!(window_start(900, 900), 900);
    }
}
