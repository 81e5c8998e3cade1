//! `GET /api/v1/audit-events/export.csv`: the events to export (the edge
//! writes the CSV).

use super::{MAX_PAGE, parse, view};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::audit::{AuditEventView, AuditQuery};

/// The most events one export holds.
pub const MAX_EXPORT: usize = 50_000;

/// Every matching event the staff member may see, newest first (at most
/// [`MAX_EXPORT`]), read page by page.
pub async fn export_events(
    repos: &Repos,
    staff: &StaffPrincipal,
    q: &AuditQuery,
) -> Result<Vec<AuditEventView>, AppError> {
    let (mut filter, _) = parse(q, MAX_PAGE)?;
    let tx = StaffTx::open_read(repos, staff).await?;
    filter.sellers = tx.sellers().map(<[_]>::to_vec);
    let mut out = Vec::new();
    loop {
        let page = tx.audit().list(&filter, MAX_PAGE).await?;
        let Some(last) = page.last() else { break };
        filter.before_seq = Some(last.seq);
        out.extend(page.iter().map(view));
        if out.len() >= MAX_EXPORT || (page.len() as u64) < MAX_PAGE {
            break;
        }
    }
    tx.commit().await?;
    out.truncate(MAX_EXPORT);
    Ok(out)
}
