//! How deep resellers may nest below the operator.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::resellers::own_seller;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::ResellerSettings;

/// The current rules of the staff's (the operator's) seller.
pub async fn get_reseller_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<ResellerSettings, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let seller = own_seller(&tx, staff).await?;
    tx.commit().await?;
    Ok(ResellerSettings {
        max_reseller_depth: seller.max_reseller_depth.max(0) as u32,
    })
}

/// Replaces the rules (resellers already deeper stay; new ones obey).
pub async fn put_reseller_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
    req: &ResellerSettings,
) -> Result<ResellerSettings, AppError> {
    let depth = req.max_reseller_depth;
    if !(1..=5).contains(&depth) {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "max_reseller_depth must be 1 to 5",
        )
        .with_field("max_reseller_depth"));
    }
    let tx = repos.tenant(staff.tenant_id).await?;
    let before = tx
        .seller(staff.seller_id)
        .await?
        .map(|s| s.max_reseller_depth);
    tx.sellers()
        .set_max_reseller_depth(staff.seller_id.as_uuid(), depth as i32)
        .await?;
    let event = Event::new("settings.resellers_changed", "seller", staff.seller_id)
        .changes(Changes::none().set("max_reseller_depth", before, depth));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(ResellerSettings {
        max_reseller_depth: depth,
    })
}
