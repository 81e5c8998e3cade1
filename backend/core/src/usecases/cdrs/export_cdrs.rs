//! The CDRs a search finds, for a CSV export.

use super::{CdrFilter, cdr_view, run_search};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::calls::CdrView;

/// Most records one export holds.
const MAX_EXPORT: u64 = 100_000;

/// Up to 100,000 matching CDRs, newest first.
pub async fn export_cdrs(
    repos: &Repos,
    staff: &StaffPrincipal,
    filter: &CdrFilter<'_>,
) -> Result<Vec<CdrView>, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let (rows, _) = run_search(&tx, filter, MAX_EXPORT).await?;
    tx.commit().await?;
    Ok(rows.iter().map(cdr_view).collect())
}
