//! One of the customer's services with its secret revealed.

use crate::auth::principal::CustomerPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::services::customer_view::{Secrets, load};
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::ServiceView;
use uuid::Uuid;

crate::use_case_error! {
    /// Why the credentials could not be shown.
    pub enum RevealCredentialsError {
        /// Not one of the customer's services.
        #[error("service not found")]
        ServiceNotFound,
    }
}

/// The customer's service `id` with its secret (PIN for a calling card,
/// password for SIP or video). Another customer's service answers
/// `ServiceNotFound`.
pub async fn reveal_credentials(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    me: &CustomerPrincipal,
    id: Uuid,
) -> Result<ServiceView, RevealCredentialsError> {
    let tx = repos.tenant_read(me.tenant_id).await?;
    let customer = crate::services::my_account::my_customer(&tx, me).await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Reveal).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(RevealCredentialsError::ServiceNotFound)
}
