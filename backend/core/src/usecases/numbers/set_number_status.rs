//! `POST /api/v1/numbers/{id}/status`: staff move a number.
//!
//! - `assigned`: a free number goes to a SIP or video service of one of the
//!   operator's own customers; its setup fee is charged on the next invoice
//!   and its monthly fee billed from today (a number back from porting out
//!   returns to its service without a new assignment);
//! - `porting_out`: an assigned number its customer ports away (still
//!   billed);
//! - `quarantined`: released from its service (or ported away): billed until
//!   today, offered again after `quarantine_days`;
//! - `free`: a quarantine ends early.
//!
//! Each move is a compare-and-set on the number's status: two staff
//! members (or a customer) cannot both take one number.

use super::{operator_only, view};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use chrono::Duration;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{number_assignments, one_off_charges, phone_numbers};
use ringledger_db::repo::{NumberMove, Repos};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::numbers::{
    NumberStatus, NumberStatusRequest, PhoneNumberView, QUARANTINE_DAYS,
};
use ringledger_shared::ids::ServiceId;
use ringledger_shared::rating::ServiceKind;
use uuid::Uuid;

fn invalid(field: &str, message: &str) -> AppError {
    AppError::new(ErrorCode::ValidationFailed, message.to_owned()).with_field(field.to_owned())
}

fn conflict(message: &str) -> AppError {
    AppError::new(ErrorCode::Conflict, message.to_owned())
}

/// Moves number `id` as `request` says (audited); answers it.
pub async fn set_number_status(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: Uuid,
    request: &NumberStatusRequest,
) -> Result<PhoneNumberView, AppError> {
    let to = NumberStatus::parse(request.status.trim()).ok_or_else(|| {
        invalid(
            "status",
            "status is assigned, porting_out, quarantined or free",
        )
    })?;
    let days = request.quarantine_days.unwrap_or(QUARANTINE_DAYS);
    if days > 365 {
        return Err(invalid("quarantine_days", "quarantine_days is 0 to 365"));
    }
    let tx = StaffTx::open(repos, staff).await?;
    operator_only(&tx)?;
    let number = tx
        .numbers()
        .number(id)
        .await?
        .ok_or_else(|| AppError::not_found("number"))?;
    let now = staff.origin.at;
    let current = view(number.clone(), now).status;
    let stored = number.status.as_str();
    let holder = number
        .service_id
        .zip(number.account_id.map(ringledger_shared::ids::AccountId));
    let moved = match (current, to) {
        (NumberStatus::Free, NumberStatus::Assigned) => {
            assign(&tx, staff, &number, request.service_id).await?
        }
        (NumberStatus::PortingOut, NumberStatus::Assigned)
        | (NumberStatus::Assigned, NumberStatus::PortingOut) => {
            let m = NumberMove {
                from: stored,
                to: to.as_str(),
                holder,
                quarantined_until: None,
            };
            tx.numbers().move_number(id, &m, now).await?
        }
        (NumberStatus::Assigned | NumberStatus::PortingOut, NumberStatus::Quarantined) => {
            let m = NumberMove {
                from: stored,
                to: "quarantined",
                holder: None,
                quarantined_until: Some(now + Duration::days(i64::from(days))),
            };
            let done = tx.numbers().move_number(id, &m, now).await?;
            if done {
                tx.numbers().end_assignment(id, now).await?;
            }
            done
        }
        (NumberStatus::Quarantined | NumberStatus::Reserved, NumberStatus::Free) => {
            let m = NumberMove {
                from: stored,
                to: "free",
                holder: None,
                quarantined_until: None,
            };
            tx.numbers().move_number(id, &m, now).await?
        }
        (from, to) => {
            return Err(conflict(&format!(
                "a number that is {} cannot become {}",
                from.label().to_lowercase(),
                to.label().to_lowercase()
            )));
        }
    };
    if !moved {
        return Err(conflict("the number changed meanwhile; look at it again"));
    }
    let mut event = Event::new("number.status_changed", "phone_number", id).changes(
        Changes::none()
            .set("status", current.as_str(), to.as_str())
            .to("number", &number.number),
    );
    if let Some(customer) = holder_customer(&tx, request.service_id.or(number.service_id)).await? {
        event = event.customer(customer);
    }
    audit::by_staff(&tx, staff, event).await?;
    let after = tx
        .numbers()
        .number(id)
        .await?
        .ok_or_else(|| AppError::not_found("number"))?;
    tx.commit().await?;
    Ok(view(after, now))
}

/// The customer holding `service`, if any.
async fn holder_customer(tx: &StaffTx, service: Option<Uuid>) -> Result<Option<Uuid>, AppError> {
    let Some(service) = service else {
        return Ok(None);
    };
    let Some(s) = tx.customers().service(ServiceId(service)).await? else {
        return Ok(None);
    };
    Ok(tx
        .customers()
        .account(s.account_id)
        .await?
        .map(|a| a.customer_id.into()))
}

/// Gives free `number` to service `service` of one of the operator's own
/// customers: the move, the assignment, the setup fee.
async fn assign(
    tx: &StaffTx,
    staff: &StaffPrincipal,
    number: &phone_numbers::Model,
    service: Option<Uuid>,
) -> Result<bool, AppError> {
    let service =
        service.ok_or_else(|| invalid("service_id", "name the service to assign it to"))?;
    let s = tx
        .customers()
        .service(ServiceId(service))
        .await?
        .filter(|s| s.ended_at.is_none())
        .ok_or_else(|| AppError::not_found("service"))?;
    if !matches!(s.kind, ServiceKind::Sip | ServiceKind::Video) {
        return Err(invalid(
            "service_id",
            "a number goes to an IP phone (SIP) or video service",
        ));
    }
    let account = tx
        .customers()
        .account(s.account_id)
        .await?
        .ok_or_else(|| AppError::not_found("service"))?;
    if account.seller_id != staff.seller_id.as_uuid() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "numbers go to the operator's own customers (a reseller's customer is billed by the reseller)",
        ));
    }
    let now = staff.origin.at;
    let m = NumberMove {
        from: number.status.as_str(),
        to: "assigned",
        holder: Some((service, account.id)),
        quarantined_until: None,
    };
    if !tx.numbers().move_number(number.id, &m, now).await? {
        return Ok(false);
    }
    tx.numbers()
        .insert_assignment(number_assignments::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id: Uuid::now_v7(),
            number_id: number.id,
            number: number.number.clone(),
            account_id: account.id,
            service_id: s.id,
            monthly_fee: number.monthly_fee,
            started_at: now,
            ended_at: None,
        })
        .await?;
    if !number.setup_fee.0.is_zero() {
        let actor = crate::usecases::actor(tx, staff).await?;
        tx.billing()
            .insert_one_off(one_off_charges::Model {
                tenant_id: staff.tenant_id.as_uuid(),
                id: Uuid::now_v7(),
                account_id: account.id,
                description: format!("Setup of number +{}", number.number),
                amount: DbDecimal(number.setup_fee.0),
                invoice_id: None,
                created_by: actor,
                created_at: now,
            })
            .await?;
    }
    Ok(true)
}
