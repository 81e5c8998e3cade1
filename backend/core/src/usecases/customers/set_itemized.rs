//! Staff turn the itemized call appendix of one customer's invoices on or
//! off (a customer who asked by phone or e-mail; it can also do so itself on
//! `/account`).

use super::staff_customer;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::customer_view::{Secrets, load};
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::ids::CustomerId;

/// Sets whether customer `id`'s invoices list every call (audited);
/// answers the customer.
pub async fn set_itemized(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    id: CustomerId,
    itemized: bool,
) -> Result<CustomerView, AppError> {
    let tx = StaffTx::open(repos, staff).await?;
    let (customer, account) = staff_customer(&tx, id).await?;
    if account.itemized_invoices != itemized {
        let event = Event::new("customer.itemized_changed", "account", account.id)
            .customer(id)
            .changes(Changes::none().set("itemized_invoices", account.itemized_invoices, itemized));
        audit::by_staff(&tx, staff, event).await?;
        tx.customers()
            .set_itemized_invoices(account.id, itemized)
            .await?;
    }
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(view)
}
