//! Bill runs: start one (it runs in the background), list the latest,
//! follow one's progress.

use super::views::run_view;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::billing::bill_run;
use chrono::NaiveDate;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::billing::{BillRunRequest, BillRunView};
use uuid::Uuid;

crate::use_case_error! {
    /// Why a bill run could not be shown.
    pub enum BillRunError {
        /// No such run of the staff's seller.
        #[error("bill run not found")]
        NotFound,
    }
}

/// Starts the bill run of the staff's seller for `as_of` (default today);
/// starting it again the same day answers the same run.
pub async fn start_bill_run(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    request: &BillRunRequest,
) -> Result<BillRunView, AppError> {
    let today = deps.clock().now().date_naive();
    let as_of = match request
        .as_of
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => today,
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "as_of must be a date like 2026-12-01",
            )
            .with_field("as_of")
        })?,
    };
    if as_of > today {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "as_of cannot be in the future")
                .with_field("as_of"),
        );
    }
    let tx = deps.repos().tenant_read(staff.tenant_id).await?;
    let actor = crate::usecases::actor(&tx, staff).await?;
    tx.commit().await?;
    let run = bill_run::start(deps, staff.tenant_id, staff.seller_id, as_of, &actor).await?;
    Ok(run_view(&run))
}

/// The seller's latest bill runs (at most 20), newest first.
pub async fn list_bill_runs(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
) -> Result<Vec<BillRunView>, AppError> {
    let tx = deps.repos().tenant_read(staff.tenant_id).await?;
    let runs = tx
        .billing()
        .list_bill_runs(staff.seller_id.as_uuid(), 20)
        .await?;
    tx.commit().await?;
    Ok(runs.iter().map(run_view).collect())
}

/// Bill run `id` of the staff's seller: progress and totals.
pub async fn get_bill_run(
    deps: Deps<'_>,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<BillRunView, BillRunError> {
    let tx = deps.repos().tenant_read(staff.tenant_id).await?;
    let run = tx
        .billing()
        .bill_run(id)
        .await?
        .filter(|r| r.seller_id == staff.seller_id.as_uuid())
        .ok_or(BillRunError::NotFound)?;
    tx.commit().await?;
    Ok(run_view(&run))
}
