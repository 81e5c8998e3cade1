//! What every handler can reach: settings, the repos, keys, limits, the clock.

use crate::auth::jwt::JwtKeys;
use crate::auth::rate_limit::LoginLimiter;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::config::Settings;
use crate::email::Mailer;
use crate::repo::Repos;
use crate::services::auth_cache::AuthCache;
use std::sync::Arc;

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    repos: Repos,
    keys: JwtKeys,
    limiter: LoginLimiter,
    clock: Clock,
    port: u16,
    mailer: Mailer,
    mail_lock: tokio::sync::Mutex<()>,
    charge_lock: tokio::sync::Mutex<()>,
    mail_pending: std::sync::atomic::AtomicBool,
    secrets: SecretBox,
    signup_limiter: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    auth_cache: AuthCache,
}

impl AppState {
    /// Assembles the state once the listening port is known.
    pub fn new(
        settings: Settings,
        repos: Repos,
        keys: JwtKeys,
        clock: Clock,
        port: u16,
    ) -> anyhow::Result<Self> {
        let limiter = LoginLimiter::new(
            settings.login_attempts_per_account,
            settings.login_attempts_per_ip,
        );
        let data_dir = crate::config::absolute(&settings.data_dir)?;
        let per_hour = std::num::NonZeroU32::new(settings.signups_per_ip_per_hour.max(1))
            .unwrap_or(std::num::NonZeroU32::MIN);
        let signup_limiter = governor::RateLimiter::keyed(governor::Quota::per_hour(per_hour));
        Ok(Self {
            inner: Arc::new(Inner {
                mailer: Mailer::from_settings(&settings)?,
                secrets: SecretBox::load_or_generate(&data_dir)?,
                settings,
                repos,
                keys,
                limiter,
                clock,
                port,
                mail_lock: tokio::sync::Mutex::new(()),
                charge_lock: tokio::sync::Mutex::new(()),
                mail_pending: std::sync::atomic::AtomicBool::new(false),
                signup_limiter,
                auth_cache: AuthCache::default(),
            }),
        })
    }

    /// Held by the automatic-charge job (one pass at a time per process).
    pub fn charge_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.charge_lock
    }

    /// Where outgoing mail goes.
    pub fn mailer(&self) -> &Mailer {
        &self.inner.mailer
    }

    /// Notes that a transaction queued mail; the caller's handler kicks the
    /// sender once the transaction is committed (`take_mail_pending`).
    pub fn mark_mail_pending(&self) {
        self.inner
            .mail_pending
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether mail was queued since the last call (and resets the flag).
    pub fn take_mail_pending(&self) -> bool {
        self.inner
            .mail_pending
            .swap(false, std::sync::atomic::Ordering::SeqCst)
    }

    /// Serialises mail flushes.
    pub fn mail_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.mail_lock
    }

    /// Encryption of stored secrets (SIP passwords).
    pub fn secrets(&self) -> &SecretBox {
        &self.inner.secrets
    }

    /// Whether a public sign-up (or card registration) from `ip` may go ahead.
    pub fn allow_signup(&self, ip: Option<std::net::IpAddr>) -> bool {
        ip.is_none_or(|ip| self.inner.signup_limiter.check_key(&ip).is_ok())
    }

    /// In-memory copies of what authorization reads.
    pub fn auth_cache(&self) -> &AuthCache {
        &self.inner.auth_cache
    }

    /// Settings in effect.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The data-access layer.
    pub fn repos(&self) -> &Repos {
        &self.inner.repos
    }

    /// The access-token keys.
    pub fn keys(&self) -> &JwtKeys {
        &self.inner.keys
    }

    /// Login rate limits.
    pub fn limiter(&self) -> &LoginLimiter {
        &self.inner.limiter
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The public base URL of `host`, e.g. `http://acme.localhost:8080`.
    pub fn public_url(&self, host: &str) -> String {
        self.inner.settings.public_url(host, self.inner.port)
    }

    /// The public URL of a tenant's portal.
    pub fn portal_url(&self, slug: &str) -> String {
        self.public_url(&format!("{slug}.{}", self.inner.settings.base_domain))
    }
}
