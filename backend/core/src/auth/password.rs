//! Password hashing with argon2id at OWASP's recommended parameters
//! (m = 19 MiB, t = 2, p = 1). Hashing runs on the blocking pool, at most
//! [`MAX_CONCURRENT`] at a time: a flood of sign-ups or logins waits its
//! turn instead of taking 19 MiB each and every blocking thread.

use anyhow::anyhow;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Hashes (or verifications) running at once, process-wide: twice the
/// cores, at least 4 (about 19 MiB each).
pub static MAX_CONCURRENT: OnceLock<usize> = OnceLock::new();

fn permits() -> &'static Semaphore {
    static GATE: OnceLock<Semaphore> = OnceLock::new();
    GATE.get_or_init(|| {
        let n = *MAX_CONCURRENT.get_or_init(|| {
            std::thread::available_parallelism().map_or(4, |n| (n.get() * 2).max(4))
        });
        Semaphore::new(n)
    })
}

/// Runs argon2 work on the blocking pool once a permit is free.
async fn gated<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let _permit = permits().acquire().await?;
    Ok(tokio::task::spawn_blocking(work).await?)
}

fn hasher() -> Argon2<'static> {
    // The parameters are constants known to be valid; fall back to the
    // library default (also argon2id) rather than panic.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: String) -> anyhow::Result<String> {
    gated(move || hash_blocking(&password)).await?
}

/// Hashes on the current thread (CLI and tests).
pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow!("hashing failed: {e}"))
}

/// A hash of a random password, verified against when the account does not
/// exist, so that "no such user" takes as long as "wrong password".
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("no such account: timing equaliser").unwrap_or_default())
}

/// Verifies `password` against `stored` (or against a dummy hash when there
/// is no account, returning `false` after the same amount of work).
pub async fn verify(password: String, stored: Option<String>) -> bool {
    gated(move || {
        let phc = stored.as_deref().unwrap_or_else(|| dummy_hash());
        let ok = match PasswordHash::new(phc) {
            Ok(parsed) => hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        };
        ok && stored.is_some()
    })
    .await
    .unwrap_or(false)
}

/// `found` (an account read by e-mail), if `password` opens it: `None` for
/// a wrong password, and for no account after the same work. Read the
/// account, and call this, before any write transaction: a hash takes tens
/// of milliseconds, which a write transaction would hold SQLite's one writer
/// (or a pooled connection) for. The write transaction then reads the
/// account again and takes it only if its hash is still the one checked.
pub async fn opens<T>(found: Option<T>, password: String, hash: impl Fn(&T) -> &str) -> Option<T> {
    let ok = verify(password, found.as_ref().map(|f| hash(f).to_owned())).await;
    found.filter(|_| ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn at_most_the_cap_runs_at_once() {
        let _ = permits();
        let cap = MAX_CONCURRENT.get().copied().unwrap_or(4);
        assert!(cap >= 4, "{cap}");
        let running = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks = (0..cap * 3).map(|_| {
            let (running, peak) = (running.clone(), peak.clone());
            gated(move || {
                use std::sync::atomic::Ordering::SeqCst;
                let now = running.fetch_add(1, SeqCst) + 1;
                peak.fetch_max(now, SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(20));
                running.fetch_sub(1, SeqCst);
            })
        });
        for r in futures_util::future::join_all(tasks).await {
            assert!(r.is_ok());
        }
        let peak = peak.load(std::sync::atomic::Ordering::SeqCst);
        assert!(peak <= cap && peak > 1, "peak {peak}, cap {cap}");
    }

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let h = hash("correct horse".into()).await.unwrap_or_default();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse".into(), Some(h.clone())).await);
        assert!(!verify("wrong horse".into(), Some(h)).await);
        assert!(!verify("anything".into(), None).await);
    }

    #[tokio::test]
    async fn an_account_is_answered_only_when_the_password_opens_it() {
        let h = hash("correct horse".into()).await.unwrap_or_default();
        let found = Some(("al", h));
        let opened = opens(found.clone(), "correct horse".into(), |a| &a.1).await;
        assert_eq!(opened.map(|a| a.0), Some("al"));
        assert_eq!(opens(found, "wrong horse".into(), |a| &a.1).await, None);
        let none: Option<(&str, String)> = None;
        assert_eq!(opens(none, "correct horse".into(), |a| &a.1).await, None);
    }
}
