//! The edges of the process a use case may reach, named one by one.
//!
//! A use case takes what it uses: the repositories, the clock, the
//! settings, and — for the few that compose more (sessions, sign-up,
//! payments, bill runs) — a [`Deps`], a plain set of references in which
//! time, Stripe, the mail sender, the bill-run worker and DNS are traits. The
//! process wires them in `state` (`AppState::deps`); a test can hand a use
//! case a pinned clock, a fake Stripe or a sender that records kicks.

use crate::auth::jwt::JwtKeys;
use crate::auth::secret_box::SecretBox;
use crate::config::Settings;
use crate::urls::Urls;
use ringledger_db::repo::{Committed, Repos};
use ringledger_shared::ids::TenantId;
use uuid::Uuid;

pub use crate::clock::Clock;
pub use crate::services::payments::stripe_api::{StripeClient, StripeConnect};

/// The mail sender, told that mail was queued.
pub trait MailKick: Send + Sync {
    /// Sends pending mail soon, in the background.
    fn kick(&self);

    /// Kicks the sender if the committed transaction queued mail.
    fn after_commit(&self, done: Committed) {
        if done.mail_queued {
            self.kick();
        }
    }
}

/// Where a message is delivered (SMTP, or files under the data directory:
/// `email::Mailer`).
#[async_trait::async_trait]
pub trait MailTransport: Send + Sync {
    /// Delivers one message.
    async fn deliver(&self, message: lettre::Message) -> anyhow::Result<()>;
}

/// DNS TXT lookups (custom-domain ownership proofs).
#[async_trait::async_trait]
pub trait DnsTxt: Send + Sync {
    /// The TXT records of `name` (each record's strings joined).
    async fn txt(&self, name: &str) -> anyhow::Result<Vec<String>>;
}

/// The worker that processes started bill runs.
pub trait BillRunQueue: Send + Sync {
    /// Processes the run `run` of `tenant` in the background.
    fn process_later(&self, tenant: TenantId, run: Uuid);
}

/// The client a session is issued to: its address and browser, shown in
/// "Your sessions".
#[derive(Debug, Clone, Default)]
pub struct Device {
    /// The client's address.
    pub ip: Option<std::net::IpAddr>,
    /// Its `User-Agent` (at most 200 characters).
    pub user_agent: Option<String>,
}

/// What the composing use cases reach (cheap to copy).
#[derive(Clone, Copy)]
pub struct Deps<'a> {
    /// The data floor.
    pub repos: &'a Repos,
    /// Now.
    pub clock: &'a dyn Clock,
    /// The settings in effect.
    pub settings: &'a Settings,
    /// The public addresses of the platform and its portals.
    pub urls: &'a Urls,
    /// Sealing of stored secrets.
    pub secrets: &'a SecretBox,
    /// The access-token keys.
    pub keys: &'a JwtKeys,
    /// Stripe accounts.
    pub stripe: &'a dyn StripeConnect,
    /// The mail sender.
    pub mail: &'a dyn MailKick,
    /// Mail delivery itself (for the few messages no tenant's outbox holds:
    /// a platform admin's password reset).
    pub transport: &'a dyn MailTransport,
    /// The bill-run worker.
    pub runs: &'a dyn BillRunQueue,
    /// DNS lookups.
    pub dns: &'a dyn DnsTxt,
    /// The client of the request, when one issues a session.
    pub device: Option<&'a Device>,
}

impl<'a> Deps<'a> {
    /// The data floor.
    pub fn repos(&self) -> &'a Repos {
        self.repos
    }

    /// Now's source.
    pub fn clock(&self) -> &'a dyn Clock {
        self.clock
    }

    /// The settings in effect.
    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// The public addresses.
    pub fn urls(&self) -> &'a Urls {
        self.urls
    }

    /// The public base URL of `host`.
    pub fn public_url(&self, host: &str) -> String {
        self.urls.public_url(host)
    }

    /// The public URL of a tenant's portal.
    pub fn portal_url(&self, slug: &str) -> String {
        self.urls.portal_url(slug)
    }

    /// Sealing of stored secrets.
    pub fn secrets(&self) -> &'a SecretBox {
        self.secrets
    }

    /// The access-token keys.
    pub fn keys(&self) -> &'a JwtKeys {
        self.keys
    }

    /// Stripe accounts.
    pub fn stripe(&self) -> &'a dyn StripeConnect {
        self.stripe
    }

    /// The mail sender.
    pub fn mail(&self) -> &'a dyn MailKick {
        self.mail
    }

    /// Mail delivery itself.
    pub fn transport(&self) -> &'a dyn MailTransport {
        self.transport
    }

    /// The same, for a request from `device` (sessions it issues record it).
    pub fn with_device(mut self, device: &'a Device) -> Self {
        self.device = Some(device);
        self
    }
}
