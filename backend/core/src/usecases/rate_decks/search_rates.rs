//! Searching a deck version by prefix or destination.

use super::deck_and_version;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::rate_view;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::RateView;
use uuid::Uuid;

/// Rates of a version of deck `id` (default: the current one), by prefix:
/// digits in `q` match prefixes starting with them, text matches
/// destinations containing it. `limit` defaults to 100, at most 500.
pub async fn search_rates(
    state: &AppState,
    staff: &StaffPrincipal,
    id: Uuid,
    version_id: Option<Uuid>,
    q: &str,
    offset: u64,
    limit: Option<u64>,
) -> Result<Page<RateView>, AppError> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (_, version) = deck_and_version(state, &tx, staff, id, version_id).await?;
    let limit = limit.unwrap_or(100).clamp(1, 500);
    let (rows, total) = tx
        .catalog()
        .search_rates(version.id, q, offset, limit)
        .await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.iter().map(rate_view).collect(),
        total,
    })
}
