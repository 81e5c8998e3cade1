//! One rate deck with its versions.

use super::visible_deck;
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::views::deck_view;
use ringledger_db::repo::Repos;
use ringledger_shared::api::catalog::DeckView;
use uuid::Uuid;

/// Deck `id` (one the staff member may see) with its versions.
pub async fn get_deck(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<DeckView, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let deck = visible_deck(&tx, staff, id).await?;
    let versions = tx.catalog().versions_of(&[deck.id]).await?;
    tx.commit().await?;
    Ok(deck_view(clock.now().date_naive(), &deck, &versions))
}
