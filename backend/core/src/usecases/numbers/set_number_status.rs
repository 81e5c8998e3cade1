//! `POST /api/v1/numbers/{id}/status`: staff move a number.
//!
//! - `assigned`: a free number goes to a SIP or video service of a customer
//!   in the staff's scope (a reseller's staff: their customers); its setup
//!   fee is charged on the next invoice and its monthly fee billed from
//!   today, with the reseller chain's markups (a number back from porting
//!   out returns to its service without a new assignment);
//! - `porting_out`: an assigned number its customer ports away (still
//!   billed);
//! - `quarantined`: released from its service (or ported away): billed until
//!   today, offered again after `quarantine_days` (a reseller's staff may
//!   release their customers' numbers);
//! - `free`: a quarantine ends early.
//!
//! Each move is a compare-and-set on the number's status: two staff
//! members (or a customer) cannot both take one number.

use super::{operator_only, view};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::services::numbers::{Taker, give_back, take};
use crate::services::seller_tree::SellerTree;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::phone_numbers;
use ringledger_db::repo::{NumberMove, Repos};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::numbers::{
    NumberPick, NumberStatus, NumberStatusRequest, PhoneNumberView, QUARANTINE_DAYS,
};
use ringledger_shared::ids::{AccountId, ServiceId};
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
    let number = tx
        .numbers()
        .number(id)
        .await?
        .ok_or_else(|| AppError::not_found("number"))?;
    let now = staff.origin.at;
    let current = view(number.clone(), now).status;
    reseller_may(&tx, &number, current, to).await?;
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
            give_back(&tx, &number, days, now).await?
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

/// A reseller's staff may give a free number to one of their customers
/// and release one a customer of theirs holds; every other move (and any
/// number of another seller's customer) is the operator's.
async fn reseller_may(
    tx: &StaffTx,
    number: &phone_numbers::Model,
    current: NumberStatus,
    to: NumberStatus,
) -> Result<(), AppError> {
    if tx.scope().is_operator {
        return Ok(());
    }
    match (current, to) {
        (NumberStatus::Free, NumberStatus::Assigned) => Ok(()),
        (NumberStatus::Assigned, NumberStatus::Quarantined) => {
            let holder = match number.account_id {
                Some(a) => tx.customers().account(AccountId(a)).await?,
                None => None,
            };
            if holder.is_some_and(|a| tx.scope().contains(a.seller_id)) {
                Ok(())
            } else {
                operator_only(tx)
            }
        }
        _ => operator_only(tx),
    }
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

/// Gives free `number` to service `service` of a customer in the staff's
/// scope (a reseller's staff: their own customers and those below): the
/// compare-and-set, the assignment and the setup fee, with the chain's
/// markups and each wholesale level billed (see `services::numbers`).
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
    let account = tx
        .customers()
        .account(s.account_id)
        .await?
        .filter(|a| tx.scope().contains(a.seller_id))
        .ok_or_else(|| AppError::not_found("service"))?;
    let tree = SellerTree::load(tx).await?;
    let by = crate::usecases::actor(tx, staff).await?;
    let who = Taker {
        field: "service_id".into(),
        by: &by,
        now: staff.origin.at,
    };
    let pick = NumberPick {
        id: number.id,
        reservation: None,
    };
    match take(tx, &tree, &s, &account, &pick, &who).await {
        Ok(_) => Ok(true),
        Err(e) if e.code == ErrorCode::Conflict => Ok(false),
        Err(e) => Err(e),
    }
}
