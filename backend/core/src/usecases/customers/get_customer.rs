//! One customer with the account and services, as the staff see it.

use super::staff_customer;
use crate::auth::principal::StaffPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::customer_view::{Secrets, load};
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::ids::CustomerId;

/// Customer `id` of the staff's seller (or of a reseller below it).
pub async fn get_customer(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    id: CustomerId,
) -> Result<CustomerView, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let (customer, _) = staff_customer(&tx, id).await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(view)
}
