//! The use cases the HTTP edge calls, one file per route file, mirroring
//! `ringledger-http`'s `routes/<resource>/<action>.rs`: each opens and
//! commits its own transaction and answers its own error enum
//! (`use_case_error!`), which the edge maps to the wire.

pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod billing;
pub mod books;
pub mod bundles;
pub mod card_batches;
pub mod cdrs;
pub mod customers;
pub mod destination_groups;
pub mod fraud;
pub mod me;
pub mod my;
pub mod numbers;
pub mod onboarding;
pub mod payments;
pub mod plans;
pub mod portal;
pub mod rate_decks;
pub mod reports;
pub mod resellers;
pub mod settings;
pub mod staff_tx;
pub mod switch;
pub mod switch_keys;
pub mod team;
pub mod tenants;
pub mod webhooks;

use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use ringledger_shared::ErrorCode;

/// A day query parameter (`YYYY-MM-DD`), `default` when absent or blank.
pub(crate) fn optional_day(
    field: &str,
    raw: Option<&str>,
    default: NaiveDate,
) -> AppResult<NaiveDate> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorCode::ValidationFailed,
                format!("{field} must be a date like 2026-11-01"),
            )
            .with_field(field.to_owned())
        }),
    }
}

/// The longest period a usage report covers, in days.
pub const MAX_REPORT_DAYS: i64 = 366;

/// The instants `[start, end)` of the days `from` to `to` inclusive, at most
/// [`MAX_REPORT_DAYS`] of them (`400` naming `to` otherwise).
pub(crate) fn report_period(
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
    let bad = |m: &str| AppError::new(ErrorCode::ValidationFailed, m.to_owned()).with_field("to");
    if to < from {
        return Err(bad("to is before from"));
    }
    if (to - from).num_days() >= MAX_REPORT_DAYS {
        return Err(bad("a report covers at most 366 days"));
    }
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    Ok((midnight(from), midnight(to.succ_opt().unwrap_or(to))))
}

/// How the ledger and the audit trail name a staff member: their e-mail
/// (`staff` if the user is gone).
pub(crate) async fn actor(
    tx: &ringledger_db::repo::TenantTx,
    staff: &crate::auth::principal::StaffPrincipal,
) -> Result<String, sea_orm::DbErr> {
    Ok(tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into()))
}
