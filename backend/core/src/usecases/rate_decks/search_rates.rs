//! Searching a deck version by prefix or destination.

use super::deck_and_version;
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::views::rate_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::RateView;
use uuid::Uuid;

/// A search of a deck's rates: in version `version_id` (default: the
/// current one), digits in `q` match prefixes starting with them, text
/// matches destinations containing it; `limit` defaults to 100, at most 500.
pub struct RateSearch<'a> {
    /// The version searched (default: the current one).
    pub version_id: Option<Uuid>,
    /// Digits or text.
    pub q: &'a str,
    /// Rows skipped.
    pub offset: u64,
    /// Rows at most.
    pub limit: Option<u64>,
}

/// Rates of deck `id` matching `search`.
pub async fn search_rates(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: Uuid,
    search: RateSearch<'_>,
) -> Result<Page<RateView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let (_, version) =
        deck_and_version(clock.now().date_naive(), &tx, staff, id, search.version_id).await?;
    let limit = search.limit.unwrap_or(100).clamp(1, 500);
    let (rows, total) = tx
        .catalog()
        .search_rates(version.id, search.q, search.offset, limit)
        .await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.iter().map(rate_view).collect(),
        total,
    })
}
