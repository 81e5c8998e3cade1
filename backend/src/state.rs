//! What every handler can reach: settings, the repos, keys, limits, the clock.

use crate::auth::jwt::JwtKeys;
use crate::auth::rate_limit::LoginLimiter;
use crate::clock::Clock;
use crate::config::Settings;
use crate::repo::Repos;
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
}

impl AppState {
    /// Assembles the state once the listening port is known.
    pub fn new(settings: Settings, repos: Repos, keys: JwtKeys, clock: Clock, port: u16) -> Self {
        let limiter = LoginLimiter::new(
            settings.login_attempts_per_account,
            settings.login_attempts_per_ip,
        );
        Self {
            inner: Arc::new(Inner {
                settings,
                repos,
                keys,
                limiter,
                clock,
                port,
            }),
        }
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
