//! The customer's account and every service.

use crate::auth::principal::CustomerPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::customer_view::{Secrets, load};
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::CustomerView;

/// The calling customer with the account and services, secrets left out
/// (a customer that is gone answers `401`).
pub async fn get_account(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    me: &CustomerPrincipal,
) -> Result<CustomerView, AppError> {
    let tx = repos.tenant_read(me.tenant_id).await?;
    let customer = crate::services::my_account::my_customer(&tx, me).await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(view)
}
