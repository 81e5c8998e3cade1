//! Rate decks: upload (versions), list, detail, search, the rows that could
//! price a number, and export. The operator's decks are its catalog; a
//! reseller's are its own selling prices, invisible to other resellers.

pub mod export_deck;
pub mod get_deck;
pub mod import_deck;
pub mod list_decks;
pub mod match_rates;
pub mod search_rates;

use crate::auth::principal::StaffPrincipal;
use crate::error::{AppError, AppResult};
use ringledger_db::entities::{rate_deck_versions, rate_decks};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ids::DeckId;
use uuid::Uuid;

/// A deck the staff member may see: the operator's catalog, or the
/// reseller's own decks (another reseller's answer 404).
pub async fn visible_deck(
    tx: &TenantTx,
    staff: &StaffPrincipal,
    deck_id: Uuid,
) -> AppResult<rate_decks::Model> {
    tx.catalog()
        .deck(DeckId(deck_id))
        .await?
        .filter(|d| d.seller_id.is_none_or(|s| s == staff.seller_id.as_uuid()))
        .ok_or_else(|| AppError::not_found("rate deck"))
}

/// A deck the staff member may see and the version asked for (or the
/// current one).
pub async fn deck_and_version(
    today: chrono::NaiveDate,
    tx: &TenantTx,
    staff: &StaffPrincipal,
    deck_id: Uuid,
    version_id: Option<Uuid>,
) -> AppResult<(rate_decks::Model, rate_deck_versions::Model)> {
    let deck = visible_deck(tx, staff, deck_id).await?;
    let version = match version_id {
        Some(v) => tx
            .catalog()
            .version(v)
            .await?
            .filter(|v| v.deck_id == deck.id),
        None => match tx.catalog().version_in_force(deck.id, today).await? {
            Some(current) => Some(current),
            // Only scheduled versions: show the earliest.
            None => tx.catalog().versions_of(&[deck.id]).await?.pop(),
        },
    };
    let version =
        version.ok_or_else(|| AppError::not_found("deck version").with_field("version_id"))?;
    Ok((deck, version))
}
