//! Searching CDRs, a page at a time.

use super::{CdrFilter, cdr_view, run_search};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::Page;
use ringledger_shared::api::calls::CdrView;

/// CDRs by customer, number, date and status, newest first; `limit`
/// defaults to 100, at most 500.
pub async fn list_cdrs(
    repos: &Repos,
    staff: &StaffPrincipal,
    filter: &CdrFilter<'_>,
    limit: Option<u64>,
) -> Result<Page<CdrView>, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let (rows, total) = run_search(&tx, filter, limit.unwrap_or(100).clamp(1, 500)).await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.iter().map(cdr_view).collect(),
        total,
    })
}
