//! A search of the staff's seller's journal.

use super::views;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use ringledger_db::repo::Repos;
use ringledger_shared::api::books::JournalView;
use ringledger_shared::ledger::JournalKind;

/// The seller's journals in `[start, end)`, newest first (at most 500),
/// of one `kind` if given, whose memo or actor contains `text` if given.
pub async fn list_journals(
    repos: &Repos,
    staff: &StaffPrincipal,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    kind: Option<JournalKind>,
    text: Option<&str>,
) -> Result<Vec<JournalView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let found = tx
        .ledger()
        .search_journals(
            staff.seller_id.as_uuid(),
            start,
            end,
            kind.map(JournalKind::as_str),
            text,
            500,
        )
        .await?;
    let items = views(&tx, found).await?;
    tx.commit().await?;
    Ok(items)
}
