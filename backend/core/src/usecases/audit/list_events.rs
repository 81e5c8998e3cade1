//! `GET /api/v1/audit-events`.

use super::{parse, view};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::repo::Repos;
use ringledger_shared::api::audit::{AuditEventView, AuditQuery};

/// The events matching `q` that the staff member may see (their seller and
/// the resellers below it), newest first.
pub async fn list_events(
    repos: &Repos,
    staff: &StaffPrincipal,
    q: &AuditQuery,
) -> Result<Vec<AuditEventView>, AppError> {
    let (mut filter, limit) = parse(q, 100)?;
    let tx = StaffTx::open_read(repos, staff).await?;
    filter.sellers = tx.sellers().map(<[_]>::to_vec);
    let events = tx.audit().list(&filter, limit).await?;
    tx.commit().await?;
    Ok(events.iter().map(view).collect())
}
