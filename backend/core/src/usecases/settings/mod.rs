//! The seller's settings: how new customer accounts are set up, its brand
//! and logo, a reseller's pricing on its parent, and how deep resellers
//! may nest.

pub mod account_settings;
pub mod brand;
pub mod logo;
pub mod on_net;
pub mod pricing;
pub mod reseller_settings;

use ringledger_db::entities::sellers;
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::resellers::BrandSettings;
use ringledger_shared::locale::Locale;

/// The brand of a seller as the API shows it.
pub(crate) async fn brand_view(
    tx: &TenantTx,
    s: &sellers::Model,
) -> Result<BrandSettings, sea_orm::DbErr> {
    Ok(BrandSettings {
        name: s.name.clone(),
        primary_color: s.primary_color.clone(),
        accent_color: s.accent_color.clone(),
        support_email: s.support_email.clone().unwrap_or_default(),
        address: s.address.clone(),
        tax_id: s.tax_id.clone(),
        sip_server: s.sip_server.clone().unwrap_or_default(),
        languages: Locale::list(&s.languages)
            .iter()
            .map(|l| l.tag().to_owned())
            .collect(),
        has_logo: tx.sellers().has_logo(s.id).await?,
    })
}
