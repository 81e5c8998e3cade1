//! The seller's logo: only PNG, JPEG, GIF and WebP, recognised by their
//! first bytes (never SVG, which can carry script). The edge reads the
//! upload and enforces its size.

use super::brand_view;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::resellers::own_seller;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::{BrandSettings, logo_type};

/// Uploads (replaces) the logo with `bytes`; answers the brand.
pub async fn put_logo(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    bytes: &[u8],
) -> Result<BrandSettings, AppError> {
    let content_type = logo_type(bytes).ok_or_else(|| {
        AppError::new(
            ErrorCode::ValidationFailed,
            "the logo must be a PNG, JPEG, GIF or WebP image",
        )
        .with_field("logo")
    })?;
    let tx = repos.tenant(staff.tenant_id).await?;
    let seller = own_seller(&tx, staff).await?;
    tx.sellers()
        .set_logo(
            seller.id,
            Some((content_type.to_owned(), bytes.to_vec())),
            clock.now(),
        )
        .await?;
    let view = brand_view(&tx, &seller).await?;
    let event = Event::new("settings.logo_changed", "seller", seller.id)
        .changes(Changes::none().to("logo", format!("{content_type}, {} bytes", bytes.len())));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(view)
}

/// Removes the logo; answers the brand.
pub async fn delete_logo(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
) -> Result<BrandSettings, AppError> {
    let tx = repos.tenant(staff.tenant_id).await?;
    let seller = own_seller(&tx, staff).await?;
    tx.sellers().set_logo(seller.id, None, clock.now()).await?;
    let event = Event::new("settings.logo_removed", "seller", seller.id);
    audit::by_staff(&tx, staff, event).await?;
    let view = brand_view(&tx, &seller).await?;
    tx.commit().await?;
    Ok(view)
}
