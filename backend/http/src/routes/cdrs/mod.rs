//! The operator's CDRs: search, CSV export, re-rating of kept records.

pub mod export_cdrs;
pub mod list_cdrs;
pub mod rerate_cdrs;

use crate::error::ApiResult;
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_core::auth::principal::StaffPrincipal;
use ringledger_core::error::AppError;
use ringledger_core::services::seller_tree::SellerScope;
use ringledger_db::entities::cdrs;
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::calls::{CdrStatus, CdrView, RejectCode};
use serde::Deserialize;
use uuid::Uuid;

/// CDR search filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CdrSearch {
    /// Only this customer's calls.
    pub customer_id: Option<Uuid>,
    /// Part of the dialled number or of the identifier.
    #[serde(default)]
    pub number: String,
    /// From this day or instant (`YYYY-MM-DD` or RFC 3339), inclusive.
    pub from: Option<String>,
    /// Until this day (exclusive of the next) or instant.
    pub to: Option<String>,
    /// `rated` or `rejected`.
    pub status: Option<String>,
    /// Rows to skip.
    #[serde(default)]
    pub offset: u64,
    /// Rows per page, 1–500 (default 100).
    pub limit: Option<u64>,
}

fn instant(field: &str, raw: &str, end: bool) -> ApiResult<DateTime<Utc>> {
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
pub(crate) async fn run_search(
    tx: &TenantTx,
    staff: &StaffPrincipal,
    s: &CdrSearch,
    limit: u64,
) -> ApiResult<(Vec<cdrs::Model>, u64)> {
    let status = match s.status.as_deref().filter(|x| !x.is_empty()) {
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
        .as_deref()
        .filter(|x| !x.is_empty())
        .map(|x| instant("from", x, false))
        .transpose()?;
    let to =
        s.to.as_deref()
            .filter(|x| !x.is_empty())
            .map(|x| instant("to", x, true))
            .transpose()?;
    let account = match s.customer_id {
        Some(c) => Some(
            crate::routes::customers::staff_customer(tx, staff, c)
                .await?
                .1
                .id,
        ),
        None => None,
    };
    // The operator sees every record (unresolved ones too); a reseller only
    // its own customers' and those of the resellers below it.
    let scope = SellerScope::of(tx, staff).await?;
    let sellers = (!scope.is_operator).then_some(scope.ids.as_slice());
    Ok(tx
        .search_cdrs(
            account, sellers, &s.number, from, to, status, s.offset, limit,
        )
        .await?)
}

/// A stored CDR as the API shows it.
pub(crate) fn cdr_view(c: &cdrs::Model) -> CdrView {
    CdrView {
        id: c.id,
        call_id: c.call_id.clone(),
        account_id: c.account_id,
        service_id: c.service_id,
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
