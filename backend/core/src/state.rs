//! The process-wide dependencies the use cases and jobs reach: settings,
//! the repos, keys, limits, caches, the clock.

use crate::auth::jwt::JwtKeys;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::config::Settings;
use crate::email::mailer::Mailer;
use crate::services::auth_cache::AuthCache;
use ringledger_db::repo::Repos;
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
    clock: Arc<dyn Clock>,
    urls: crate::urls::Urls,
    mailer: Box<dyn crate::ports::MailTransport>,
    mail_lock: tokio::sync::Mutex<()>,
    charge_lock: tokio::sync::Mutex<()>,
    webhook_lock: tokio::sync::Mutex<()>,
    webhook_client: reqwest::Client,
    secrets: SecretBox,
    auth_cache: AuthCache,
    reservations: crate::services::reservations::Reservations,
    slots: crate::services::fraud::Slots,
    high_risk: crate::services::fraud::destinations::HighRiskCache,
    on_net: crate::services::on_net::OnNetCache,
    refusals: crate::services::fraud::refusals::RefusalLog,
    metrics: crate::metrics::Metrics,
    instance_id: String,
    jobs: crate::jobs::gate::Jobs,
    stripe: Box<dyn crate::ports::StripeConnect>,
    dns: Arc<dyn crate::ports::DnsTxt>,
}

impl AppState {
    /// Assembles the state once the listening port is known.
    pub fn new(
        settings: Settings,
        repos: Repos,
        keys: JwtKeys,
        clock: Arc<dyn Clock>,
        dns: Arc<dyn crate::ports::DnsTxt>,
        port: u16,
    ) -> anyhow::Result<Self> {
        let data_dir = crate::config::absolute(&settings.data_dir)?;
        let instance_id = instance_id(&settings.instance_id, port);
        let urls = crate::urls::Urls::new(settings.clone(), port);
        let settings_stripe_base = settings.stripe_api_base.clone();
        let metrics = crate::metrics::Metrics::new()?;
        let reservations = crate::services::reservations::Reservations::new(
            repos.clone(),
            instance_id.clone(),
            metrics.hold_renewals(),
        );
        let slots = crate::services::fraud::Slots::new(repos.clone(), instance_id.clone());
        let webhook_client = crate::webhooks::target::client(settings.webhooks_allow_private)?;
        Ok(Self {
            inner: Arc::new(Inner {
                mailer: Box::new(Mailer::from_settings(&settings)?),
                secrets: SecretBox::from_settings(&settings, &data_dir)?,
                settings,
                repos,
                keys,
                clock,
                urls,
                mail_lock: tokio::sync::Mutex::new(()),
                charge_lock: tokio::sync::Mutex::new(()),
                webhook_lock: tokio::sync::Mutex::new(()),
                webhook_client,
                auth_cache: AuthCache::default(),
                reservations,
                slots,
                high_risk: Default::default(),
                on_net: Default::default(),
                refusals: Default::default(),
                metrics,
                instance_id,
                jobs: crate::jobs::gate::Jobs::default(),
                dns,
                stripe: Box::new(crate::services::payments::stripe_http::HttpStripe::new(
                    &settings_stripe_base,
                )),
            }),
        })
    }

    /// Money held for prepaid calls in flight (see `services::reservations`).
    pub fn reservations(&self) -> &crate::services::reservations::Reservations {
        &self.inner.reservations
    }

    /// Concurrent-call and calls-per-minute slots (see `services::fraud::slots`).
    pub fn slots(&self) -> &crate::services::fraud::Slots {
        &self.inner.slots
    }

    /// Each tenant's high-risk prefixes, in memory.
    pub fn high_risk(&self) -> &crate::services::fraud::destinations::HighRiskCache {
        &self.inner.high_risk
    }

    /// Each tenant's on-net numbers, in memory.
    pub fn on_net(&self) -> &crate::services::on_net::OnNetCache {
        &self.inner.on_net
    }

    /// Which fraud refusals were recorded this minute.
    pub fn refusals(&self) -> &crate::services::fraud::refusals::RefusalLog {
        &self.inner.refusals
    }

    /// Prometheus metrics.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.inner.metrics
    }

    /// This instance's name in leases (`host:port` unless configured): a
    /// process restarted on the same host and port takes its own leases
    /// back at once; another instance waits for them to lapse.
    pub fn instance_id(&self) -> &str {
        &self.inner.instance_id
    }

    /// The background jobs' stop signal, work gate and memory.
    pub fn jobs(&self) -> &crate::jobs::gate::Jobs {
        &self.inner.jobs
    }

    /// Held by the automatic-charge job (one pass at a time per process).
    pub fn charge_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.charge_lock
    }

    /// Where outgoing mail goes.
    pub fn mailer(&self) -> &dyn crate::ports::MailTransport {
        self.inner.mailer.as_ref()
    }

    /// Serialises webhook flushes.
    pub fn webhook_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.webhook_lock
    }

    /// The webhook sender's HTTP client.
    pub fn webhook_client(&self) -> &reqwest::Client {
        &self.inner.webhook_client
    }

    /// Serialises mail flushes.
    pub fn mail_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.mail_lock
    }

    /// Encryption of stored secrets (SIP passwords).
    pub fn secrets(&self) -> &SecretBox {
        &self.inner.secrets
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

    /// Stripe accounts (Stripe's API, or the fake the tests run).
    pub fn stripe(&self) -> &dyn crate::ports::StripeConnect {
        self.inner.stripe.as_ref()
    }

    /// What the composing use cases reach, borrowed from this state.
    pub fn deps(&self) -> crate::ports::Deps<'_> {
        crate::ports::Deps {
            repos: self.repos(),
            clock: self.clock(),
            settings: self.settings(),
            urls: self.urls(),
            secrets: self.secrets(),
            keys: self.keys(),
            stripe: self.stripe(),
            mail: self,
            transport: self.mailer(),
            runs: self,
            dns: self.inner.dns.as_ref(),
            device: None,
        }
    }

    /// The clock.
    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    /// The public addresses of the platform and its portals.
    pub fn urls(&self) -> &crate::urls::Urls {
        &self.inner.urls
    }

    /// The public base URL of `host`, e.g. `http://acme.localhost:8080`.
    pub fn public_url(&self, host: &str) -> String {
        self.inner.urls.public_url(host)
    }

    /// The public URL of a tenant's portal.
    pub fn portal_url(&self, slug: &str) -> String {
        self.inner.urls.portal_url(slug)
    }
}

/// `configured`, else `{host name}:{port}` (unique among live processes:
/// two cannot listen on one port of one host).
fn instance_id(configured: &str, port: u16) -> String {
    if !configured.trim().is_empty() {
        return configured.trim().to_owned();
    }
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.trim().is_empty())
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{port}")
}
