//! The operator's (or a reseller's) CDRs: search and export. A staff
//! member sees its seller's customers' records and those below it; the
//! operator sees every record, unresolved ones too. (Re-rating kept
//! records is `services::cdr_ingest::rerate`.)

pub mod export_cdrs;
pub mod list_cdrs;
pub mod list_refused;

use crate::error::{AppError, AppResult};
use crate::usecases::customers::staff_customer;
use crate::usecases::staff_tx::StaffTx;
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_db::entities::cdrs;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::calls::{CdrStatus, CdrView, RejectCode};
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

/// CDR search filters, as the query string gave them.
#[derive(Debug, Clone, Copy, Default)]
pub struct CdrFilter<'a> {
    /// Only this customer's calls.
    pub customer_id: Option<Uuid>,
    /// Part of the dialled number or of the identifier.
    pub number: &'a str,
    /// From this day or instant (`YYYY-MM-DD` or RFC 3339), inclusive.
    pub from: Option<&'a str>,
    /// Until this day (exclusive of the next) or instant.
    pub to: Option<&'a str>,
    /// `rated` or `rejected`.
    pub status: Option<&'a str>,
    /// Rows to skip.
    pub offset: u64,
}

pub(crate) fn instant(field: &str, raw: &str, end: bool) -> AppResult<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw.trim()) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::new(
            ErrorCode::ValidationFailed,
            format!("{field} must be a date like 2026-11-01"),
        )
        .with_field(field.to_owned())
    })?;
    let day = if end {
        day.succ_opt().unwrap_or(day)
    } else {
        day
    };
    Ok(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

/// Runs a search for a staff member (their seller's customers and those
/// below it only).
pub async fn run_search(
    tx: &StaffTx,
    s: &CdrFilter<'_>,
    limit: u64,
) -> AppResult<(Vec<cdrs::Model>, u64)> {
    let status = match s.status.filter(|x| !x.is_empty()) {
        Some(x) => Some(CdrStatus::parse(x).ok_or_else(|| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "status must be rated or rejected",
            )
            .with_field("status")
        })?),
        None => None,
    };
    let from = s
        .from
        .filter(|x| !x.is_empty())
        .map(|x| instant("from", x, false))
        .transpose()?;
    let to =
        s.to.filter(|x| !x.is_empty())
            .map(|x| instant("to", x, true))
            .transpose()?;
    let account = match s.customer_id {
        Some(c) => Some(staff_customer(tx, CustomerId(c)).await?.1.id),
        None => None,
    };
    // The operator sees every record (unresolved ones too); a reseller only
    // its own customers' and those of the resellers below it.
    Ok(tx
        .usage()
        .search_cdrs(account, s.number, from, to, status, s.offset, limit)
        .await?)
}

/// A stored CDR as the API shows it.
pub fn cdr_view(c: &cdrs::Model) -> CdrView {
    CdrView {
        id: c.id,
        call_id: c.call_id.clone(),
        account_id: c.account_id.map(Into::into),
        service_id: c.service_id.map(Into::into),
        service_kind: c.service_kind.as_str().to_owned(),
        identifier: c.identifier.clone(),
        destination: c.destination.clone(),
        start_time: c.start_time,
        duration_secs: c.duration_secs,
        media: c.media.clone(),
        status: c.status,
        // (stored codes are RejectCode spellings; nothing else writes them)
        reason: c.reason.as_deref().and_then(RejectCode::parse),
        reason_detail: c.reason_detail.clone(),
        prefix: c.prefix.clone(),
        billable_secs: c.billable_secs,
        covered_secs: c.covered_secs,
        charge: {
            let mut charge = ringledger_shared::money::round_half_away(c.charge.0, 4);
            charge.rescale(4);
            charge
        },
    }
}
