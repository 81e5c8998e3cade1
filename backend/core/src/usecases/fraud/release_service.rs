//! Staff release a service fraud control suspended: its calls are
//! authorized again, and its account is not found anomalous again for the
//! rest of the hour (the spend that tripped it was looked at).

use super::customer_fraud::customer_fraud;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::fraud::hour_of;
use crate::usecases::customers::staff_customer;
use crate::usecases::staff_tx::StaffTx;
use chrono::Duration;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::fraud::CustomerFraudView;
use ringledger_shared::ids::{CustomerId, ServiceId};
use uuid::Uuid;

/// Lifts the fraud suspension of service `service_id` of customer `id`
/// (audited); answers the customer's fraud control. A service that is not
/// suspended answers `409`.
pub async fn release_service(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: CustomerId,
    service_id: Uuid,
) -> Result<CustomerFraudView, AppError> {
    let tx = StaffTx::open(repos, staff).await?;
    let (_, account) = staff_customer(&tx, id).await?;
    let service = tx
        .customers()
        .service(ServiceId(service_id))
        .await?
        .filter(|s| s.account_id == account.id)
        .ok_or_else(|| AppError::not_found("service"))?;
    // The account's row lock orders this with the CDR batches that meter it.
    tx.customers().account_for_update(account.id).await?;
    let now = staff.origin.at;
    let quiet_until = hour_of(now) + Duration::hours(1);
    let lifted = tx
        .fraud()
        .release(service.id.into(), account.id.as_uuid(), quiet_until, now)
        .await?;
    if !lifted {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "this service is not suspended by fraud control",
        ));
    }
    let event = Event::new("service.fraud_released", "service", service.id)
        .customer(id)
        .changes(Changes::none().set("fraud_suspended", true, false));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    customer_fraud(repos, staff, id).await
}
