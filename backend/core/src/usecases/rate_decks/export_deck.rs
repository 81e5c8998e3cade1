//! A deck version as deck CSV (the upload format), by prefix.

use super::deck_and_version;
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::rating::deck_csv::write_deck;
use ringledger_shared::rating::{Rate, Tariff};
use uuid::Uuid;

/// An exported version: the CSV and the file name to offer it under.
#[derive(Debug)]
pub struct DeckExport {
    /// The CSV, in the upload format.
    pub body: Vec<u8>,
    /// `<deck name, ASCII letters, digits and dashes>-<effective date>.csv`.
    pub file_name: String,
}

/// The rows of a version of deck `id` (default: the current one).
pub async fn export_deck(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: Uuid,
    version_id: Option<Uuid>,
) -> Result<DeckExport, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let (deck, version) =
        deck_and_version(clock.now().date_naive(), &tx, staff, id, version_id).await?;
    let mut rates = Vec::with_capacity(version.row_count.max(0) as usize);
    let mut after: Option<String> = None;
    loop {
        let page = tx
            .catalog()
            .rates_after(version.id, after.as_deref(), 10_000)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.prefix.clone());
        for r in &page {
            let tariff = Tariff::new(
                r.rate_per_minute.0,
                r.connect_fee.0,
                r.initial_increment.max(1) as u32,
                r.subsequent_increment.max(1) as u32,
            )
            .ok_or_else(|| {
                AppError::internal(anyhow::anyhow!("stored rate {} is invalid", r.prefix))
            })?;
            rates.extend(Rate::new(&r.prefix, &r.destination, tariff));
        }
    }
    tx.commit().await?;
    let mut body = Vec::new();
    write_deck(&mut body, &rates).map_err(AppError::internal)?;
    let name: String = deck
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(DeckExport {
        body,
        file_name: format!("{name}-{}.csv", version.effective_from),
    })
}
