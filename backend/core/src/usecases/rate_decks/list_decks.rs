//! The decks a staff member sees: the operator's catalog, and a
//! reseller's own selling decks.

use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::resellers::own_seller;
use crate::views::deck_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::DeckView;

/// One page of the decks (with their versions), by name.
pub async fn list_decks(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    offset: u64,
    limit: u64,
) -> Result<Page<DeckView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    // The operator's catalog, and a reseller's own selling decks.
    let own = own_seller(&tx, staff).await?;
    let reseller = own.parent_id.map(|_| own.id);
    let (decks, total) = tx.catalog().list_decks(reseller, offset, limit).await?;
    let ids: Vec<_> = decks.iter().map(|d| d.id).collect();
    let versions = tx.catalog().versions_of(&ids).await?;
    tx.commit().await?;
    Ok(Page {
        items: decks
            .iter()
            .map(|d| deck_view(clock.now().date_naive(), d, &versions))
            .collect(),
        total,
    })
}
