//! The caller numbers (ANIs) of the customer's PINless services: register
//! one more, remove one (never the last).

use crate::auth::principal::CustomerPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::customer_signup::{add_ani as register, check_ani};
use crate::services::customer_view::{Secrets, load};
use crate::services::my_account::my_account;
use crate::services::provisioning::e164;
use ringledger_db::entities::account_services;
use ringledger_db::repo::Repos;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{AddAniRequest, ServiceView};
use ringledger_shared::ids::{AccountId, ServiceId};
use ringledger_shared::rating::ServiceKind;
use std::collections::HashSet;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a caller number could not be added or removed.
    pub enum ManageAnisError {
        /// No such PINless service, number or (just made) service.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

async fn pinless_service(
    tx: &TenantTx,
    account_id: Uuid,
    id: Uuid,
) -> Result<account_services::Model, ManageAnisError> {
    tx.customers()
        .service(ServiceId(id))
        .await?
        .filter(|s| s.account_id == AccountId(account_id) && s.kind == ServiceKind::Pinless)
        .ok_or(ManageAnisError::NotFound("PINless service"))
}

/// Registers one more caller number on the customer's PINless service
/// `id`; answers the service.
pub async fn add_ani(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    me: &CustomerPrincipal,
    id: Uuid,
    request: &AddAniRequest,
) -> Result<ServiceView, ManageAnisError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, me).await?;
    let service = pinless_service(&tx, account.id.into(), id).await?;
    let number = check_ani(&tx, "number", &request.number, &mut HashSet::new()).await?;
    register(&tx, account.id, service.id, number, clock.now()).await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == service.id.0)
        .ok_or(ManageAnisError::NotFound("service"))
}

/// Removes caller number `raw` (digits or any usual format) from the
/// customer's PINless service `id`. The last number of a service cannot
/// be removed.
pub async fn remove_ani(
    repos: &Repos,
    me: &CustomerPrincipal,
    id: Uuid,
    raw: &str,
) -> Result<(), ManageAnisError> {
    let number = e164(raw).ok_or(ManageAnisError::NotFound("phone number"))?;
    let tx = repos.tenant(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    let service = pinless_service(&tx, account.id.into(), id).await?;
    let numbers = tx.customers().anis_of(&[account.id]).await?;
    let on_service: Vec<_> = numbers
        .iter()
        .filter(|a| a.service_id == service.id)
        .collect();
    if !on_service.iter().any(|a| a.number == number) {
        return Err(ManageAnisError::NotFound("phone number"));
    }
    if on_service.len() == 1 {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "a PINless service needs at least one number",
        )
        .with_field("number")
        .into());
    }
    tx.customers().delete_ani(account.id, &number).await?;
    tx.commit().await?;
    Ok(())
}
