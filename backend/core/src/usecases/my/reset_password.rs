//! A new SIP/video device password for one of the customer's services.

use crate::auth::principal::CustomerPrincipal;
use crate::auth::secret_box::Binding;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::customer_view::{Secrets, load};
use crate::services::my_account::my_account;
use crate::services::provisioning::random_password;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::ServiceView;
use ringledger_shared::ids::ServiceId;
use uuid::Uuid;

crate::use_case_error! {
    /// Why the password could not be replaced.
    pub enum ResetPasswordError {
        /// The customer has no such SIP or video service.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// Replaces the device password of the customer's SIP or video service
/// `id`; answers the service with the new password shown.
pub async fn reset_password(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    me: &CustomerPrincipal,
    id: Uuid,
) -> Result<ServiceView, ResetPasswordError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let sip = tx
        .customers()
        .sips_of(&[account.id])
        .await?
        .into_iter()
        .find(|s| s.service_id == ServiceId(id))
        .ok_or(ResetPasswordError::NotFound("SIP or video service"))?;
    let bound = Binding::sip(sip.tenant_id, sip.service_id.as_uuid());
    let sealed = vault
        .seal(&random_password(), &bound)
        .map_err(AppError::internal)?;
    tx.customers().set_sip_secret(sip.id, sealed).await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Reveal).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(ResetPasswordError::NotFound("service"))
}
