//! Which site a request is for, from its `Host` header: the bare base domain
//! (the platform), `{slug}.{base domain}` (an operator's portal),
//! `{reseller}.{slug}.{base domain}` (a reseller's portal) or a custom
//! domain mapped in the `hosts` table.

use crate::error::AppError;
use crate::state::AppState;
use ringledger_shared::api::TenantStatus;
use ringledger_shared::ids::{SellerId, TenantId};

/// The site a request was sent to.
#[derive(Debug, Clone)]
pub enum Site {
    /// The platform's own site (bare base domain or an IP address).
    Platform,
    /// A seller's portal.
    Seller(SellerSite),
}

/// A resolved seller portal.
#[derive(Debug, Clone)]
pub struct SellerSite {
    /// The tenant.
    pub tenant_id: TenantId,
    /// The seller whose brand the portal shows.
    pub seller_id: SellerId,
    /// The tenant's slug.
    pub slug: String,
    /// Whether the tenant may operate.
    pub status: TenantStatus,
}

/// A `Host` header's name, lower-cased, without port or trailing dot.
pub fn host_name(raw: &str) -> String {
    strip_port(raw).trim_end_matches('.').to_ascii_lowercase()
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

/// How a host name should be looked up.
#[derive(Debug, PartialEq, Eq)]
pub enum HostKind<'a> {
    /// The platform site.
    Platform,
    /// `{label}.{base}`: a portal slug.
    Slug(&'a str),
    /// `{reseller}.{operator}.{base}`: a reseller's portal.
    Reseller {
        /// The reseller's slug.
        reseller: &'a str,
        /// The operator's slug.
        operator: &'a str,
    },
    /// Anything else: a custom domain.
    Custom(&'a str),
}

/// Classifies a host name against the base domain.
pub fn classify<'a>(host: &'a str, base_domain: &str) -> HostKind<'a> {
    if host.is_empty() || host == base_domain || host.parse::<std::net::IpAddr>().is_ok() {
        return HostKind::Platform;
    }
    match host
        .strip_suffix(base_domain)
        .and_then(|p| p.strip_suffix('.'))
    {
        Some(label) if !label.is_empty() && !label.contains('.') => HostKind::Slug(label),
        Some(labels) => match labels.split_once('.') {
            Some((reseller, operator))
                if !reseller.is_empty() && !operator.is_empty() && !operator.contains('.') =>
            {
                HostKind::Reseller { reseller, operator }
            }
            _ => HostKind::Custom(host),
        },
        _ => HostKind::Custom(host),
    }
}

/// The portal of `seller` of tenant `t`.
fn seller_site(t: ringledger_db::entities::tenants::Model, seller: uuid::Uuid) -> Site {
    Site::Seller(SellerSite {
        tenant_id: TenantId(t.id),
        seller_id: SellerId(seller),
        slug: t.slug,
        status: t.status,
    })
}

/// Resolves the site of a host name.
pub async fn resolve(state: &AppState, host: &str) -> Result<Option<Site>, AppError> {
    let tx = state.repos().platform_read().await?;
    let found = match classify(host, &state.settings().base_domain) {
        HostKind::Platform => Some(Site::Platform),
        HostKind::Slug(slug) => match tx.tenant_by_slug(slug).await? {
            Some(t) => tx
                .operator_seller(TenantId(t.id))
                .await?
                .map(|s| seller_site(t, s.id)),
            None => None,
        },
        HostKind::Reseller { reseller, operator } => match tx.tenant_by_slug(operator).await? {
            Some(t) => tx
                .reseller_by_slug(TenantId(t.id), reseller)
                .await?
                .map(|s| seller_site(t, s.id)),
            None => None,
        },
        // A claimed domain serves its portal only once verified.
        HostKind::Custom(h) => match tx.host(h).await?.filter(|m| m.verified_at.is_some()) {
            Some(mapping) => tx
                .tenant(TenantId(mapping.tenant_id))
                .await?
                .map(|t| seller_site(t, mapping.seller_id)),
            None => None,
        },
    };
    tx.commit().await?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_classified() {
        assert_eq!(classify("localhost", "localhost"), HostKind::Platform);
        assert_eq!(classify("127.0.0.1", "localhost"), HostKind::Platform);
        assert_eq!(
            classify("acme.localhost", "localhost"),
            HostKind::Slug("acme")
        );
        assert_eq!(
            classify("a.b.localhost", "localhost"),
            HostKind::Reseller {
                reseller: "a",
                operator: "b"
            }
        );
        assert_eq!(
            classify("a.b.c.localhost", "localhost"),
            HostKind::Custom("a.b.c.localhost")
        );
        assert_eq!(
            classify("xlocalhost", "localhost"),
            HostKind::Custom("xlocalhost")
        );
        assert_eq!(
            classify("billing.acme.com", "localhost"),
            HostKind::Custom("billing.acme.com")
        );
    }

    #[test]
    fn ports_are_stripped() {
        assert_eq!(strip_port("acme.localhost:8080"), "acme.localhost");
        assert_eq!(strip_port("[::1]:8080"), "::1");
        assert_eq!(strip_port("example.com"), "example.com");
    }
}
