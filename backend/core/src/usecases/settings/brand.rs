//! The name, colours and contact details the seller's portal, e-mails and
//! invoices show.

use super::brand_view;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::resellers::own_seller;
use ringledger_db::repo::Repos;
use ringledger_shared::api::resellers::BrandSettings;
use ringledger_shared::locale::Locale;

/// The staff's seller's current brand.
pub async fn get_brand(repos: &Repos, staff: &StaffPrincipal) -> Result<BrandSettings, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let seller = own_seller(&tx, staff).await?;
    let view = brand_view(&tx, &seller).await?;
    tx.commit().await?;
    Ok(view)
}

/// Replaces the brand (`has_logo` is ignored: the logo has its own use
/// case).
pub async fn put_brand(
    repos: &Repos,
    staff: &StaffPrincipal,
    req: &BrandSettings,
) -> Result<BrandSettings, AppError> {
    let b = req.parse().map_err(AppError::from_fields)?;
    let tx = repos.tenant(staff.tenant_id).await?;
    let mut seller = own_seller(&tx, staff).await?;
    let before = brand_view(&tx, &seller).await?;
    seller.name = b.name.as_str().to_owned();
    seller.primary_color = b.primary_color.as_str().to_owned();
    seller.accent_color = b.accent_color.as_str().to_owned();
    seller.support_email = b.support_email.map(|e| e.to_string());
    seller.address = b.address;
    seller.tax_id = b.tax_id;
    seller.sip_server = b.sip_server.map(|s| s.to_string());
    if let Some(languages) = b.languages {
        seller.languages = Locale::join(&languages);
    }
    let saved = tx.sellers().update_seller_profile(seller).await?;
    let view = brand_view(&tx, &saved).await?;
    let event = Event::new("settings.brand_changed", "seller", staff.seller_id)
        .changes(Changes::diff(&before, &view));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(view)
}
