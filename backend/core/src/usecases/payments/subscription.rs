//! The operator's own Ringledger plan.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::payments::platform;
use ringledger_shared::api::payments::{CheckoutView, SubscriptionView};

crate::use_case_error! {
    /// Why the plan could not be shown.
    pub enum SubscriptionError {
        /// The staff's tenant is gone.
        #[error("tenant not found")]
        TenantNotFound,
    }
}

/// The operator's plan: status, period, when an unpaid tenant is suspended.
pub async fn subscription(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
) -> Result<SubscriptionView, SubscriptionError> {
    let tx = deps.repos().tenant_read(staff.tenant_id).await?;
    let t = tx
        .tenant()
        .await?
        .ok_or(SubscriptionError::TenantNotFound)?;
    tx.commit().await?;
    Ok(platform::view(deps, &t))
}

/// Starts paying for Ringledger with a card: the Stripe Checkout page,
/// prefilled with the staff member's e-mail.
pub async fn subscription_checkout(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
) -> Result<CheckoutView, AppError> {
    let tx = deps.repos().tenant_read(staff.tenant_id).await?;
    let email = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    tx.commit().await?;
    let url = platform::checkout(deps, staff.tenant_id, &email).await?;
    Ok(CheckoutView {
        payment_id: None,
        url,
    })
}
