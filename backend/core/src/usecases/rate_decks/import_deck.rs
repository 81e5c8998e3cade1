//! A deck CSV, already received into a file, imported as a new version.

use crate::audit::Actor;
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::deck_import::{DeckUpload, import_deck as import};
use crate::services::resellers::own_seller;
use chrono::NaiveDate;
use ringledger_db::repo::Repos;
use ringledger_shared::api::catalog::DeckImportResponse;
use ringledger_shared::money::Currency;
use ringledger_shared::validate::DisplayName;
use std::path::Path;

/// Where an uploaded deck goes: its name, currency and first day.
#[derive(Debug)]
pub struct DeckTarget {
    /// Deck name: a new name creates the deck, a known one adds a version.
    pub name: DisplayName,
    /// Currency (default: the deck's, or the operator's).
    pub currency: Option<Currency>,
    /// First day the version prices calls.
    pub effective_from: NaiveDate,
}

/// Imports the deck CSV at `file` (hex SHA-256 `sha256`) as a version of
/// `target`'s deck: the operator's catalog, or (for a reseller) its own
/// selling prices. Every problem is listed (`invalid_deck`) and then
/// nothing is imported; the same file for the same date again answers
/// `created: false`.
pub async fn import_deck(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    target: DeckTarget,
    file: &Path,
    sha256: String,
) -> Result<DeckImportResponse, AppError> {
    // The operator's decks are its catalog; a reseller's are its own
    // selling prices (see `PUT /settings/pricing`).
    let owner = {
        let tx = repos.tenant_read(staff.tenant_id).await?;
        let seller = own_seller(&tx, staff).await?;
        tx.commit().await?;
        seller.parent_id.map(|_| seller.id)
    };
    let upload = DeckUpload {
        name: target.name,
        currency: target.currency,
        effective_from: target.effective_from,
        file: file.to_path_buf(),
        sha256,
        owner,
        by: (Actor::Staff(*staff), staff.origin),
    };
    import(repos, clock, staff.tenant_id, upload).await
}
