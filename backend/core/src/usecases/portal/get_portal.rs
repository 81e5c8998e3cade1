//! Which site a host is and its brand.

use crate::config::Settings;
use crate::site::Site;
use ringledger_db::repo::Repos;
use ringledger_shared::api::{PortalKind, PortalView, TenantStatus};
use ringledger_shared::locale::Locale;

/// The platform's own colours.
const PLATFORM_PRIMARY: &str = "#1d4ed8";
const PLATFORM_ACCENT: &str = "#f59e0b";

crate::use_case_error! {
    /// Why the portal could not be shown.
    pub enum GetPortalError {
        /// The portal's seller is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// The portal of `site`: the platform's own site or a seller's brand.
pub async fn get_portal(
    repos: &Repos,
    settings: &Settings,
    site: &Site,
) -> Result<PortalView, GetPortalError> {
    let base_domain = settings.base_domain.clone();
    let view = match site {
        Site::Platform => PortalView {
            kind: PortalKind::Platform,
            name: "Ringledger".into(),
            slug: None,
            primary_color: PLATFORM_PRIMARY.into(),
            accent_color: PLATFORM_ACCENT.into(),
            support_email: None,
            suspended: false,
            base_domain,
            has_logo: false,
            sip_server: None,
            languages: vec![Locale::En],
        },
        Site::Seller(s) => {
            // A read transaction: an anonymous visitor never takes the write lock.
            let tx = repos.tenant_read(s.tenant_id).await?;
            let seller = tx
                .seller(s.seller_id)
                .await?
                .ok_or(GetPortalError::NotFound("portal"))?;
            let has_logo = tx.sellers().has_logo(seller.id).await?;
            tx.commit().await?;
            PortalView {
                kind: PortalKind::Seller,
                name: seller.name,
                slug: Some(s.slug.clone()),
                primary_color: seller.primary_color,
                accent_color: seller.accent_color,
                support_email: seller.support_email,
                suspended: s.status == TenantStatus::Suspended,
                base_domain,
                has_logo,
                sip_server: seller.sip_server,
                languages: Locale::list(&seller.languages),
            }
        }
    };
    Ok(view)
}
