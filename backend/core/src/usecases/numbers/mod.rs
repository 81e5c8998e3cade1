//! The operator's phone numbers (DIDs): the inventory imported as CSV,
//! listed and exported, and each number moved by staff (assigned to a
//! SIP or video service, porting out, quarantined, free again).

pub mod import_numbers;
pub mod list_numbers;
pub mod set_number_status;

use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use chrono::{DateTime, Utc};
use ringledger_db::entities::phone_numbers;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::numbers::{NumberStatus, PhoneNumberView};

/// A fee as written back: at least 2 decimals, no trailing zeros past them
/// (PostgreSQL reads `numeric(20,6)` back with 6).
fn fee(d: rust_decimal::Decimal) -> rust_decimal::Decimal {
    let n = d.normalize();
    if n.scale() < 2 {
        ringledger_shared::money::with_places(n, 2)
    } else {
        n
    }
}

/// The number as staff see it: a quarantine or a reservation that ended
/// reads `free`.
pub fn view(n: phone_numbers::Model, now: DateTime<Utc>) -> PhoneNumberView {
    let stored = NumberStatus::parse(&n.status).unwrap_or(NumberStatus::Free);
    let status = match stored {
        NumberStatus::Quarantined if n.quarantined_until.is_none_or(|u| u <= now) => {
            NumberStatus::Free
        }
        NumberStatus::Reserved if n.reserved_until.is_none_or(|u| u <= now) => NumberStatus::Free,
        s => s,
    };
    PhoneNumberView {
        id: n.id,
        number: n.number,
        country: n.country,
        monthly_fee: fee(n.monthly_fee.0),
        setup_fee: fee(n.setup_fee.0),
        status,
        service_id: n.service_id,
        quarantined_until: n
            .quarantined_until
            .filter(|_| status == NumberStatus::Quarantined),
    }
}

/// Numbers are the operator's: its staff change them, resellers' staff
/// only look.
pub(crate) fn operator_only(tx: &StaffTx) -> Result<(), AppError> {
    if tx.scope().is_operator {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::Forbidden,
            "phone numbers are the operator's to change",
        ))
    }
}
