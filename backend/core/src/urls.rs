//! The public addresses of the platform and its portals, as links in
//! e-mails, invoices and API answers show them.

use crate::config::Settings;
use ringledger_db::entities::sellers;

/// Builds public URLs from the settings and the port the server is bound to.
#[derive(Debug, Clone)]
pub struct Urls {
    settings: Settings,
    port: u16,
}

impl Urls {
    /// The URLs of a server configured with `settings`, listening on `port`.
    pub fn new(settings: Settings, port: u16) -> Self {
        Self { settings, port }
    }

    /// The public base URL of `host`, e.g. `http://acme.localhost:8080`.
    pub fn public_url(&self, host: &str) -> String {
        self.settings.public_url(host, self.port)
    }

    /// The public URL of a tenant's portal.
    pub fn portal_url(&self, slug: &str) -> String {
        self.public_url(&format!("{slug}.{}", self.settings.base_domain))
    }

    /// The public URL of a seller's portal: the tenant's for the operator,
    /// `{reseller}.{tenant}.{base}` for a reseller.
    pub fn seller_portal_url(&self, tenant_slug: &str, seller: &sellers::Model) -> String {
        if seller.parent_id.is_some() {
            self.portal_url(&format!("{}.{tenant_slug}", seller.slug))
        } else {
            self.portal_url(tenant_slug)
        }
    }
}
