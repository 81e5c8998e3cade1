//! Settings, layered: built-in defaults → optional TOML file
//! (`ringledger.toml` in the working directory, or `RINGLEDGER_CONFIG`) →
//! `RINGLEDGER_*` environment variables → command-line flags. `DATABASE_URL`
//! overrides the default SQLite file in the data directory.
//!
//! The defaults start a working server with nothing set.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Every setting of the server. See the README for what each one does.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Interface to listen on.
    pub bind: String,
    /// TCP port to listen on (0 picks a free one, for tests).
    pub port: u16,
    /// Where the SQLite database, the signing key and outgoing e-mail live.
    pub data_dir: PathBuf,
    /// `sqlite:…` or `postgres:…`; empty means `{data_dir}/ringledger.db`.
    #[serde(skip_serializing)]
    pub database_url: Option<SecretString>,
    /// Portals live at `{slug}.{base_domain}`; the bare domain is the platform site.
    pub base_domain: String,
    /// Scheme of public links (`http` or `https`).
    pub public_scheme: String,
    /// Port shown in public links; defaults to `port`; omitted when 80/443.
    pub public_port: Option<u16>,
    /// The built SPA (`index.html` and `assets/`).
    pub static_dir: PathBuf,
    /// Access-token lifetime in seconds.
    pub access_token_ttl_secs: u64,
    /// Refresh-token lifetime in days.
    pub refresh_token_ttl_days: u64,
    /// Failed sign-ins allowed per account and client before back-off (30 s,
    /// doubling with each further failure, at most an hour).
    pub login_attempts_per_account: u32,
    /// Login requests allowed per client IP per minute.
    pub login_attempts_per_ip: u32,
    /// `auto` (JSON when stdout is not a terminal), `json` or `pretty`.
    pub log_format: String,
    /// Whether to set the `Secure` flag on cookies; always on when
    /// `public_scheme` is `https`.
    pub secure_cookies: bool,
    /// Outgoing mail server, e.g. `smtp://127.0.0.1:1025` or
    /// `smtps://user:pass@mail.example.com`; empty writes each message to a
    /// file under `{data_dir}/mail/`.
    #[serde(skip_serializing)]
    pub smtp_url: Option<SecretString>,
    /// The `From` of outgoing mail.
    pub mail_from: String,
    /// Public sign-ups allowed per client IP per hour.
    pub signups_per_ip_per_hour: u32,
    /// Operator sign-ups (`POST /api/v1/tenants`) allowed per client IP per
    /// hour.
    pub operator_signups_per_ip_per_hour: u32,
    /// The most seconds a request may take (reading its body, working,
    /// answering); past it the work is dropped (its transaction rolls back)
    /// and the client gets `503`.
    pub request_timeout_secs: u64,
    /// The load balancers and proxies in front of the server, as CIDRs or
    /// addresses separated by commas (`10.0.0.0/8, 192.168.1.5`): when the
    /// peer is one of them, the client is the right-most `X-Forwarded-For`
    /// address that is not. Empty: the peer is the client.
    pub trusted_proxies: String,
    /// Accounts invoiced per bill-run transaction.
    pub bill_run_chunk: usize,
    /// Pause between bill-run chunks, in milliseconds (0 in production;
    /// tests use it to stop a run half-way).
    pub bill_run_pause_ms: u64,
    /// PostgreSQL: a CDR batch with at least this many records locks its
    /// accounts last (after storing its calls, see
    /// `services::cdr_ingest::snapshot`); a smaller one locks them first,
    /// as it holds its locks briefly anyway and re-reading costs more than
    /// it saves.
    pub cdr_lock_last_from: usize,
    /// Pins the application clock to this RFC 3339 instant (demos and
    /// tests that move through billing periods; never in production).
    pub fake_now: Option<String>,
    /// Stripe's API address (a fake's in tests and demos).
    pub stripe_api_base: String,
    /// Days after a failed automatic charge before the next attempts.
    pub charge_retry_days: Vec<u32>,
    /// The platform's own Stripe secret key: operators pay for Ringledger
    /// with it. Empty: operators are not billed.
    #[serde(skip_serializing)]
    pub platform_stripe_secret_key: Option<SecretString>,
    /// The signing secret of the platform's webhook endpoint.
    #[serde(skip_serializing)]
    pub platform_stripe_webhook_secret: Option<SecretString>,
    /// The Stripe price of the operators' monthly plan.
    pub platform_price_id: String,
    /// Trial days of a new operator.
    pub platform_trial_days: u32,
    /// Days an operator's plan may stay unpaid before the tenant is suspended.
    pub platform_grace_days: u32,
    /// Which background jobs this process runs: `all` (the default) or
    /// `none` (a web-only replica; another process runs the jobs).
    pub jobs: String,
    /// This instance's name in job leases; empty means `{host}:{port}`.
    pub instance_id: String,
    /// Lets webhook endpoints be plain `http://` and private or loopback
    /// addresses (development and tests); off, only public `https://`.
    pub webhooks_allow_private: bool,
    /// When set, `GET /metrics` requires `Authorization: Bearer <token>`.
    #[serde(skip_serializing)]
    pub metrics_token: Option<SecretString>,
    /// The access-token signing key (base64, 32 bytes or more) shared by
    /// every instance; empty means `{data_dir}/jwt-signing.key`.
    #[serde(skip_serializing)]
    pub jwt_signing_key: Option<SecretString>,
    /// The key sealing stored secrets (base64, 32 bytes) shared by every
    /// instance; empty means `{data_dir}/secrets.key`.
    #[serde(skip_serializing)]
    pub secrets_key: Option<SecretString>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1".into(),
            port: 8080,
            data_dir: PathBuf::from("data"),
            database_url: None,
            base_domain: "localhost".into(),
            public_scheme: "http".into(),
            public_port: None,
            static_dir: PathBuf::from("frontend/dist"),
            access_token_ttl_secs: 900,
            refresh_token_ttl_days: 30,
            login_attempts_per_account: 5,
            login_attempts_per_ip: 30,
            log_format: "auto".into(),
            secure_cookies: false,
            smtp_url: None,
            mail_from: "Ringledger <no-reply@ringledger.localhost>".into(),
            signups_per_ip_per_hour: 20,
            operator_signups_per_ip_per_hour: 10,
            trusted_proxies: String::new(),
            request_timeout_secs: 120,
            bill_run_chunk: 1_000,
            bill_run_pause_ms: 0,
            cdr_lock_last_from: 100,
            fake_now: None,
            stripe_api_base: "https://api.stripe.com/".into(),
            charge_retry_days: vec![1, 3, 5],
            platform_stripe_secret_key: None,
            platform_stripe_webhook_secret: None,
            platform_price_id: String::new(),
            platform_trial_days: 14,
            platform_grace_days: 7,
            jobs: "all".into(),
            instance_id: String::new(),
            webhooks_allow_private: false,
            metrics_token: None,
            jwt_signing_key: None,
            secrets_key: None,
        }
    }
}

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--port`.
    pub port: Option<u16>,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
}

impl Settings {
    /// Loads the layered settings.
    pub fn load(overrides: &Overrides) -> anyhow::Result<Self> {
        let file = std::env::var("RINGLEDGER_CONFIG").unwrap_or_else(|_| "ringledger.toml".into());
        let mut figment = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("RINGLEDGER_").ignore(&["config"]));
        if let Ok(url) = std::env::var("DATABASE_URL")
            && !url.trim().is_empty()
        {
            figment = figment.merge(("database_url", url));
        }
        if let Some(port) = overrides.port {
            figment = figment.merge(("port", port));
        }
        if let Some(dir) = &overrides.data_dir {
            figment = figment.merge(("data_dir", dir));
        }
        let settings: Settings = figment.extract()?;
        settings.trusted_proxy_nets()?;
        Ok(settings)
    }

    /// [`Settings::trusted_proxies`], parsed (a bare address is its own
    /// /32 or /128).
    pub fn trusted_proxy_nets(&self) -> anyhow::Result<Vec<ipnet::IpNet>> {
        self.trusted_proxies
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "RINGLEDGER_TRUSTED_PROXIES: `{s}` is not an address or a CIDR"
                        )
                    })
            })
            .collect()
    }

    /// The database URL in effect: the configured one, or the SQLite file in
    /// the data directory.
    pub fn database_url(&self) -> anyhow::Result<String> {
        use secrecy::ExposeSecret;
        match &self.database_url {
            Some(url) if !url.expose_secret().trim().is_empty() => {
                Ok(url.expose_secret().to_owned())
            }
            _ => {
                let abs = absolute(&self.data_dir)?.join("ringledger.db");
                Ok(format!("sqlite://{}?mode=rwc", abs.display()))
            }
        }
    }

    /// The base URL of a portal host, e.g. `http://acme.localhost:8080`.
    pub fn public_url(&self, host: &str, bound_port: u16) -> String {
        let port = self.public_port.unwrap_or(bound_port);
        let default_port = matches!(
            (self.public_scheme.as_str(), port),
            ("http", 80) | ("https", 443)
        );
        if default_port {
            format!("{}://{host}", self.public_scheme)
        } else {
            format!("{}://{host}:{port}", self.public_scheme)
        }
    }
}

/// The bytes of a base64 secret setting, `None` when unset or empty.
pub fn base64_secret(value: &Option<SecretString>, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
    use base64::Engine;
    use secrecy::ExposeSecret;
    match value {
        Some(v) if !v.expose_secret().trim().is_empty() => {
            base64::engine::general_purpose::STANDARD
                .decode(v.expose_secret().trim())
                .map(Some)
                .map_err(|_| anyhow::anyhow!("{name} is not valid base64"))
        }
        _ => Ok(None),
    }
}

/// An absolute form of `path` (relative to the working directory).
pub fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    Ok(if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_nothing() {
        let s = Settings::default();
        assert_eq!(s.port, 8080);
        assert_eq!(s.base_domain, "localhost");
        assert!(
            s.database_url()
                .map(|u| u.starts_with("sqlite://"))
                .unwrap_or(false)
        );
    }

    #[test]
    fn public_urls_omit_default_ports() {
        let mut s = Settings::default();
        assert_eq!(
            s.public_url("acme.localhost", 8080),
            "http://acme.localhost:8080"
        );
        s.public_scheme = "https".into();
        s.public_port = Some(443);
        assert_eq!(
            s.public_url("acme.example.com", 8080),
            "https://acme.example.com"
        );
    }
}
