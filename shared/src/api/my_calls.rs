//! A customer's own calls (issue 24): `GET /api/v1/my/calls` and its CSV
//! export, with the number called masked per the seller's setting.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The most trailing digits a seller may hide.
pub const MAX_MASKED_DIGITS: u32 = 6;

/// One of the signed-in customer's rated calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MyCallView {
    /// The call's record.
    pub id: Uuid,
    /// The service that placed it.
    pub service_id: Option<Uuid>,
    /// `calling_card`, `pinless`, `sip` or `video`.
    pub service_kind: String,
    /// When it started.
    pub start_time: DateTime<Utc>,
    /// The number called (its last digits hidden when the seller masks them).
    pub destination: String,
    /// How long it lasted.
    pub duration_secs: i64,
    /// Seconds charged for (after the rate's increments).
    pub billable_secs: i64,
    /// Of those, seconds drawn from bundled allowances.
    pub covered_secs: i64,
    /// What it cost, in the account's currency (4 decimal places).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub charge: Decimal,
}

/// `number` with its last `digits` digits replaced by `x` (separators and
/// a leading `+` kept); `0` shows it whole.
pub fn mask_number(number: &str, digits: u32) -> String {
    let mut left = digits.min(MAX_MASKED_DIGITS) as usize;
    let mut out: Vec<char> = number.chars().collect();
    for c in out.iter_mut().rev() {
        if left == 0 {
            break;
        }
        if c.is_ascii_digit() {
            *c = 'x';
            left -= 1;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_last_digits_only() {
        assert_eq!(mask_number("+442079460123", 0), "+442079460123");
        assert_eq!(mask_number("+442079460123", 3), "+442079460xxx");
        assert_eq!(mask_number("020 7946 0123", 5), "020 794x xxxx");
        assert_eq!(mask_number("123", 6), "xxx");
        // Never more than the cap.
        assert_eq!(mask_number("12345678901", 9), "12345xxxxxx");
    }
}
