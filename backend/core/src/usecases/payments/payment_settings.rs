//! The seller's own Stripe account: whether card payments are configured,
//! and connecting one.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::payments::gateway;
use ringledger_shared::api::payments::{ConnectStripeRequest, PaymentSettingsView};

crate::use_case_error! {
    /// Why the payment settings could not be read.
    pub enum PaymentSettingsError {
        /// The staff's seller is gone.
        #[error("seller not found")]
        SellerNotFound,
    }
}

/// Whether card payments are configured for the staff's seller, and how.
pub async fn payment_settings(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
) -> Result<PaymentSettingsView, PaymentSettingsError> {
    let tx = deps.repos().tenant_read(staff.tenant_id).await?;
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or(PaymentSettingsError::SellerNotFound)?;
    let row = tx.payments().gateway(seller.id).await?;
    tx.commit().await?;
    Ok(gateway::view(
        deps,
        staff.tenant_id,
        seller.id,
        seller.grace_days,
        row.as_ref(),
    ))
}

/// Connects the seller's own Stripe account (replacing an earlier
/// connection), as the staff member.
pub async fn connect_stripe(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    request: &ConnectStripeRequest,
) -> Result<PaymentSettingsView, AppError> {
    let tx = deps.repos().tenant_read(staff.tenant_id).await?;
    crate::services::staff_email::require_verified(&tx, staff, "take card payments").await?;
    let actor = crate::usecases::actor(&tx, staff).await?;
    tx.commit().await?;
    gateway::connect(deps, staff, request, &actor).await
}
