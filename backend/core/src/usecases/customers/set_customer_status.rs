//! Suspending, closing and reactivating a customer's account.

use super::staff_customer;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::services::customer_view::{Secrets, load};
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::ids::CustomerId;
use ringledger_shared::status::{AccountStatus, CustomerStatus};

crate::use_case_error! {
    /// Why the status could not change.
    pub enum SetCustomerStatusError {
        /// Closing is for good.
        #[error("a closed account cannot be reopened")]
        ClosedForGood,
    }
}

/// Sets customer `id`'s account to `status` (and the customer's own status
/// to match); answers the customer.
pub async fn set_customer_status(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    id: CustomerId,
    status: AccountStatus,
) -> Result<CustomerView, SetCustomerStatusError> {
    let tx = StaffTx::open(repos, staff).await?;
    let (mut customer, mut account) = staff_customer(&tx, id).await?;
    if account.status == AccountStatus::Closed && status != AccountStatus::Closed {
        return Err(SetCustomerStatusError::ClosedForGood);
    }
    let event = Event::new("customer.status_changed", "account", account.id)
        .customer(id)
        .changes(Changes::none().set("status", account.status, status));
    audit::by_staff(&tx, staff, event).await?;
    let changed = account.status != status;
    let from = account.status;
    account.status = status;
    let account = tx.customers().update_account(account).await?;
    customer.status = match status {
        AccountStatus::Active if customer.email_verified_at.is_none() => {
            CustomerStatus::PendingVerification
        }
        AccountStatus::Active => CustomerStatus::Active,
        AccountStatus::Suspended | AccountStatus::Unpaid => CustomerStatus::Suspended,
        AccountStatus::Closed => CustomerStatus::Closed,
    };
    tx.customers().update_customer(customer.clone()).await?;
    if changed {
        crate::webhooks::events::status_changed(&tx, &customer, &account, from, staff.origin.at)
            .await?;
    }
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    tracing::info!(customer = %id, %status, "customer status changed");
    Ok(view)
}
