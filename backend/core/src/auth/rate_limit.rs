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

/// Whether a sign-in attempt may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginGate {
    /// Check the password.
    Open,
    /// Too many attempts from this address (any account): `login_attempts_per_ip`
    /// per minute.
    AddressBusy,
    /// Too many failures for this account from this client: wait this many
    /// seconds.
    Wait(i64),
}

/// The back-off key of `account_key` (scope and e-mail) tried from `ip`:
/// per account *and* client, so a stranger's failures never lock the
/// owner out.
fn throttle_key(account_key: &str, ip: Option<IpAddr>) -> String {
    let ip = ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let pair = format!("{}|{ip}", account_key.to_lowercase());
    hex::encode(Sha256::digest(pair.as_bytes()))
}

/// Seconds a pair waits after its `failures`-th failure: nothing for the
/// first `free` ones, then 30 s doubling with each further failure, at most
/// an hour.
pub fn backoff_secs(failures: i64, free: u32) -> i64 {
    let over = failures - i64::from(free.max(1)) + 1;
    if over <= 0 {
        return 0;
    }
    let doublings = u32::try_from(over - 1).unwrap_or(u32::MAX).min(7);
    (30_i64 << doublings).min(3_600)
}

/// Before checking a password: the per-address window (counted now) and
/// the (account, client) back-off.
pub async fn login_gate(
    repos: &Repos,
    s: &Settings,
    account_key: &str,
    ip: Option<IpAddr>,
) -> Result<LoginGate, DbErr> {
    if let Some(ip) = ip {
        let limit = Limit {
            name: "login-ip",
            max: s.login_attempts_per_ip.max(1),
            window_secs: 60,
        };
        if !allow(repos, limit, &ip.to_string()).await? {
            return Ok(LoginGate::AddressBusy);
        }
    }
    let now = chrono::Utc::now().timestamp();
    let t = repos.throttle(&throttle_key(account_key, ip)).await?;
    Ok(if t.blocked_until > now {
        LoginGate::Wait(t.blocked_until - now)
    } else {
        LoginGate::Open
    })
}

/// After a wrong password: counts the failure of (account, client) and
/// starts its back-off once past `login_attempts_per_account`.
pub async fn login_failed(
    repos: &Repos,
    s: &Settings,
    account_key: &str,
    ip: Option<IpAddr>,
) -> Result<(), DbErr> {
    let free = s.login_attempts_per_account;
    let now = chrono::Utc::now().timestamp();
    repos
        .throttle_failure(&throttle_key(account_key, ip), now, |n| {
            backoff_secs(n, free)
        })
        .await
        .map(|_| ())
}

/// After a successful sign-in: the pair's failures are forgotten.
pub async fn login_succeeded(
    repos: &Repos,
    account_key: &str,
    ip: Option<IpAddr>,
) -> Result<(), DbErr> {
    repos.throttle_clear(&throttle_key(account_key, ip)).await
}

/// "2 minutes", "45 seconds": how long to wait, for a person.
pub fn wait_text(secs: i64) -> String {
    if secs <= 90 {
        format!("{} seconds", secs.max(1))
    } else {
        format!("{} minutes", (secs + 59) / 60)
    }
}

/// One hit of `name`'s hourly window for `ip` (`max` per hour); `false`
/// when refused. Without an address nothing is counted.
async fn hourly_per_ip(
    repos: &Repos,
    name: &'static str,
    max: u32,
    ip: Option<IpAddr>,
) -> Result<bool, DbErr> {
    let Some(ip) = ip else { return Ok(true) };
    let limit = Limit {
        name,
        max: max.max(1),
        window_secs: 3_600,
    };
    allow(repos, limit, &ip.to_string()).await
}

/// A public sign-up (or card registration) from `ip`:
/// `signups_per_ip_per_hour`. `false` when refused.
pub async fn check_signup(
    repos: &Repos,
    settings: &Settings,
    ip: Option<IpAddr>,
) -> Result<bool, DbErr> {
    hourly_per_ip(repos, "signup-ip", settings.signups_per_ip_per_hour, ip).await
}

/// An operator sign-up (`POST /api/v1/tenants`) from `ip`:
/// `operator_signups_per_ip_per_hour`. `false` when refused.
pub async fn check_operator_signup(
    repos: &Repos,
    settings: &Settings,
    ip: Option<IpAddr>,
) -> Result<bool, DbErr> {
    let max = settings.operator_signups_per_ip_per_hour;
    hourly_per_ip(repos, "operator-signup-ip", max, ip).await
}

/// Phone numbers one client address may reserve per hour on the portals.
pub const RESERVATIONS_PER_IP_PER_HOUR: u32 = 20;

/// A number reservation on a portal from `ip`; `false` when refused (one
/// client cannot hold a seller's whole inventory).
pub async fn check_reservation(repos: &Repos, ip: Option<IpAddr>) -> Result<bool, DbErr> {
    hourly_per_ip(repos, "reserve-ip", RESERVATIONS_PER_IP_PER_HOUR, ip).await
}

/// Password-reset e-mails an address may ask for per hour.
pub const RESETS_PER_ACCOUNT_PER_HOUR: u32 = 5;
/// Password-reset requests one client address may make per hour.
pub const RESETS_PER_IP_PER_HOUR: u32 = 20;

/// A password-reset request for `account_key` (scope and e-mail) from
/// `ip`; `false` when refused. Counted whether or not the address exists,
/// so the answer tells nothing.
pub async fn check_reset(
    repos: &Repos,
    account_key: &str,
    ip: Option<IpAddr>,
) -> Result<bool, DbErr> {
    if !hourly_per_ip(repos, "reset-ip", RESETS_PER_IP_PER_HOUR, ip).await? {
        return Ok(false);
    }
    let limit = Limit {
        name: "reset-account",
        max: RESETS_PER_ACCOUNT_PER_HOUR,
        window_secs: 3_600,
    };
    allow(repos, limit, &account_key.to_lowercase()).await
}

/// "Sign in to your console" e-mails an address may be sent per hour.
pub const CONSOLE_LINKS_PER_ADDRESS_PER_HOUR: u32 = 5;
/// "Sign in to your console" e-mail requests one client may make per hour.
pub const CONSOLE_LINKS_PER_IP_PER_HOUR: u32 = 20;

/// A request for an address's console links from `ip`; `false` when
/// refused. Counted whether or not the address signs in anywhere, in
/// windows of its own (a visitor looking for its console does not use up
/// its password resets).
pub async fn check_console_links(
    repos: &Repos,
    email: &str,
    ip: Option<IpAddr>,
) -> Result<bool, DbErr> {
    let per_ip = CONSOLE_LINKS_PER_IP_PER_HOUR;
    if !hourly_per_ip(repos, "console-links-ip", per_ip, ip).await? {
        return Ok(false);
    }
    let limit = Limit {
        name: "console-links-address",
        max: CONSOLE_LINKS_PER_ADDRESS_PER_HOUR,
        window_secs: 3_600,
    };
    allow(repos, limit, &email.to_lowercase()).await
}

/// Deletes the windows that ended more than a day ago (a periodic job).
pub async fn forget_old(repos: &Repos) -> Result<(), DbErr> {
    let cutoff = chrono::Utc::now().timestamp() - 86_400;
    repos.forget_rate_windows(cutoff).await?;
    repos.forget_throttles(cutoff).await
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
    fn back_off_starts_after_the_free_failures_and_doubles_to_an_hour() {
        let waits: Vec<i64> = (1..=14).map(|n| backoff_secs(n, 5)).collect();
        assert_eq!(
            waits,
            [
                0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600
            ]
        );
        assert_eq!(wait_text(30), "30 seconds");
        assert_eq!(wait_text(120), "2 minutes");
        assert_eq!(wait_text(3600), "60 minutes");
    }

    #[test]
    fn the_back_off_key_is_per_account_and_client() {
        let a: IpAddr = [198, 51, 100, 1].into();
        let b: IpAddr = [198, 51, 100, 2].into();
        assert_eq!(
            throttle_key("t:Al@x.test", Some(a)),
            throttle_key("t:al@x.test", Some(a))
        );
        assert_ne!(
            throttle_key("t:al@x.test", Some(a)),
            throttle_key("t:al@x.test", Some(b))
        );
        assert_ne!(
            throttle_key("t:al@x.test", Some(a)),
            throttle_key("t:bo@x.test", Some(a))
        );
    }

    #[test]
    fn windows_are_aligned() {
        assert_eq!(window_start(1_000_000_059, 60), 1_000_000_020);
        assert_eq!(window_start(1_000_000_020, 60), 1_000_000_020);
        assert_eq!(window_start(899, 900), 0);
        assert_eq!(window_start(900, 900), 900);
    }
}
