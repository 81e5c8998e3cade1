//! A service stops today: it is no longer authorised, and its recurring
//! fee is prorated to the days it ran on the next invoice.

use super::staff_customer;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::auth::secret_box::SecretBox;
use crate::clock::Clock;
use crate::services::customer_view::{Secrets, load};
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::account_services;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::ids::{CustomerId, ServiceId};
use ringledger_shared::status::ServiceStatus;
use uuid::Uuid;

crate::use_case_error! {
    /// Why a service could not be cancelled.
    pub enum CancelServiceError {
        /// The customer has no such service.
        #[error("service not found")]
        ServiceNotFound,
        /// It ended before.
        #[error("this service is already cancelled")]
        AlreadyCancelled,
    }
}

/// Cancels service `service_id` of customer `id`; answers the customer.
pub async fn cancel_service(
    repos: &Repos,
    clock: &dyn Clock,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    id: CustomerId,
    service_id: Uuid,
) -> Result<CustomerView, CancelServiceError> {
    let tx = StaffTx::open(repos, staff).await?;
    let (customer, account) = staff_customer(&tx, id).await?;
    let service = tx
        .customers()
        .service(ServiceId(service_id))
        .await?
        .filter(|s| s.account_id == account.id)
        .ok_or(CancelServiceError::ServiceNotFound)?;
    if service.ended_at.is_some() {
        return Err(CancelServiceError::AlreadyCancelled);
    }
    let event = Event::new("service.cancelled", "service", service.id)
        .customer(id)
        .changes(Changes::none().set("status", service.status, ServiceStatus::Closed));
    audit::by_staff(&tx, staff, event).await?;
    let mut am: account_services::ActiveModel = service.into();
    am.status = sea_orm::Set(ServiceStatus::Closed);
    am.ended_at = sea_orm::Set(Some(clock.now()));
    tx.customers().save_service(am).await?;
    let view = load(vault, clock, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(view)
}
