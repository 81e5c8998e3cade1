//! A seller's fraud control defaults: the limits its customers have unless
//! given their own, and when spend is anomalous.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::fraud::rules;
use ringledger_db::repo::Repos;
use ringledger_shared::api::fraud::FraudSettings;

/// The staff's seller's own defaults (empty when it set none: a reseller
/// then applies its parent's).
pub async fn fraud_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<FraudSettings, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let settings = rules::of_seller(&tx, staff.seller_id.as_uuid()).await?;
    tx.commit().await?;
    Ok(settings.unwrap_or_default())
}

/// Replaces the staff's seller's defaults (audited); answers them.
pub async fn save_fraud_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
    request: FraudSettings,
) -> Result<FraudSettings, AppError> {
    let errors = request.check();
    if !errors.is_empty() {
        return Err(AppError::from_fields(errors));
    }
    let tx = repos.tenant(staff.tenant_id).await?;
    let before = rules::of_seller(&tx, staff.seller_id.as_uuid())
        .await?
        .unwrap_or_default();
    rules::save(&tx, staff.seller_id.as_uuid(), &request, staff.origin.at).await?;
    let event = Event::new("settings.fraud_changed", "seller", staff.seller_id)
        .changes(Changes::diff(&before, &request));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(request)
}
