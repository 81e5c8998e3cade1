//! Importing a rate-deck CSV: streamed from a file, parsed on the blocking
//! pool, written in batches inside **one** transaction — a deck with any
//! problem is not half-imported. The same code serves the console upload and
//! `ringledger import-deck`.

use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::views::deck_view;
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{rate_deck_rates, rate_deck_versions, rate_decks, tenants};
use ringledger_db::repo::Repos;
use ringledger_db::repo::{TenantTx, is_unique_violation};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::DeckImportResponse;
use ringledger_shared::ids::TenantId;
use ringledger_shared::money::Currency;
use ringledger_shared::rating::Rate;
use ringledger_shared::rating::deck_csv::{DeckProblem, DeckReader, DeckSummary};
use ringledger_shared::validate::DisplayName;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// Rows handed to the database at a time.
const BATCH: usize = 10_000;

/// A deck file to import.
#[derive(Debug, Clone)]
pub struct DeckUpload {
    /// Deck name; a new name creates a deck, a known one adds a version.
    pub name: DisplayName,
    /// Currency; defaults to the deck's (or the operator's) currency.
    pub currency: Option<Currency>,
    /// First day the version prices calls.
    pub effective_from: NaiveDate,
    /// The CSV file.
    pub file: PathBuf,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    /// The reseller importing its own selling deck (`None`: the operator's
    /// catalog).
    pub owner: Option<Uuid>,
    /// Who imports it (the audit log records it), and from where.
    pub by: (crate::audit::Actor, crate::auth::principal::Origin),
}

/// Hex SHA-256 of a file, read in chunks.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

enum Msg {
    Batch(Vec<Rate>),
    Done(Result<DeckSummary, Vec<DeckProblem>>),
}

fn invalid_deck(problems: Vec<DeckProblem>) -> AppError {
    let n = problems.len();
    let mut e = AppError::new(
        ErrorCode::InvalidDeck,
        format!(
            "the deck has {n} problem{}; nothing was imported",
            if n == 1 { "" } else { "s" }
        ),
    )
    .with_field("file");
    e.problems = Some(problems);
    e
}

/// Imports a deck version for `tenant`.
pub async fn import_deck(
    repos: &Repos,
    clock: &dyn Clock,
    tenant: TenantId,
    upload: DeckUpload,
) -> AppResult<DeckImportResponse> {
    let now = clock.now();
    let tx = repos.tenant(tenant).await?;
    let operator = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;

    let deck = find_or_create_deck(&tx, tenant, &upload, &operator, now).await?;

    if let Some(existing) = tx
        .catalog()
        .version_on(deck.id, upload.effective_from)
        .await?
    {
        return retry_or_conflict(clock, tx, &deck, &upload, existing).await;
    }

    let version_id = Uuid::now_v7();
    tx.catalog()
        .insert_version(rate_deck_versions::Model {
            tenant_id: tenant.as_uuid(),
            id: version_id,
            deck_id: deck.id,
            effective_from: upload.effective_from,
            row_count: 0,
            destination_count: 0,
            min_rate: DbDecimal::default(),
            max_rate: DbDecimal::default(),
            source_sha256: upload.sha256.clone(),
            created_at: now,
        })
        .await?;

    // Parse on the blocking pool; insert batches here as they arrive.
    let (sender, receiver) = tokio::sync::mpsc::channel::<Msg>(4);
    let path = upload.file.clone();
    let parser = tokio::task::spawn_blocking(move || parse_deck(&path, sender));

    let outcome = insert_batches(&tx, tenant, version_id, receiver).await?;
    parser.await.map_err(AppError::internal)?;
    let summary = match outcome {
        Some(Ok(summary)) => summary,
        Some(Err(problems)) => return Err(invalid_deck(problems)),
        None => {
            return Err(AppError::internal(anyhow::anyhow!(
                "deck parser ended without a result"
            )));
        }
    };

    let (actor, origin) = &upload.by;
    let event = crate::audit::Event::new("deck.imported", "rate_deck_version", version_id).changes(
        crate::audit::Changes::none()
            .to("deck", upload.name.as_str())
            .to("effective_from", upload.effective_from)
            .to("rows", summary.rows)
            .to("file_sha256", &upload.sha256),
    );
    crate::audit::record(&tx, actor, *origin, event, now).await?;
    finish_import(clock, tx, tenant, &deck, version_id, summary).await
}

/// The deck named by the upload, created (in the upload's or the
/// operator's currency) when the name is new; a conflict when the name is
/// another seller's deck or the currency is not the deck's.
async fn find_or_create_deck(
    tx: &TenantTx,
    tenant: TenantId,
    upload: &DeckUpload,
    operator: &tenants::Model,
    now: DateTime<Utc>,
) -> AppResult<rate_decks::Model> {
    let deck = match tx.catalog().deck_by_name(upload.name.as_str()).await? {
        // Names are unique per tenant: another seller's deck is not ours
        // to add a version to.
        Some(d) if d.seller_id != upload.owner => {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "another deck of this operator has this name; choose another",
            )
            .with_field("name"));
        }
        Some(d) => {
            if let Some(c) = upload.currency
                && c.as_str() != d.currency
            {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!("the deck `{}` is priced in {}, not {c}", d.name, d.currency),
                )
                .with_field("currency"));
            }
            d
        }
        None => {
            let currency = upload
                .currency
                .map(|c| c.to_string())
                .unwrap_or_else(|| operator.currency.clone());
            tx.catalog()
                .insert_deck(rate_decks::Model {
                    tenant_id: tenant.as_uuid(),
                    id: Uuid::now_v7().into(),
                    name: upload.name.as_str().to_owned(),
                    currency,
                    created_at: now,
                    seller_id: upload.owner,
                })
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::new(
                            ErrorCode::Conflict,
                            "a deck with this name is being created right now",
                        )
                        .with_field("name")
                    } else {
                        e.into()
                    }
                })?
        }
    };
    Ok(deck)
}

/// Answers an upload for a date the deck already has a version from: the
/// same file again is an idempotent retry (committed, `created: false`),
/// another file a conflict.
async fn retry_or_conflict(
    clock: &dyn Clock,
    tx: TenantTx,
    deck: &rate_decks::Model,
    upload: &DeckUpload,
    existing: rate_deck_versions::Model,
) -> AppResult<DeckImportResponse> {
    if existing.source_sha256 == upload.sha256 {
        // The same file for the same date: an idempotent retry.
        let versions = tx.catalog().versions_of(&[deck.id]).await?;
        tx.commit().await?;
        let view = deck_view(clock.now().date_naive(), deck, &versions);
        let version = view.versions.iter().find(|v| v.id == existing.id).cloned();
        return Ok(DeckImportResponse {
            summary: DeckSummary {
                rows: existing.row_count as u64,
                destinations: existing.destination_count as u64,
                min_rate: Some(existing.min_rate.0),
                max_rate: Some(existing.max_rate.0),
            },
            version: version.ok_or_else(|| AppError::not_found("version"))?,
            deck: view,
            created: false,
        });
    }
    Err(AppError::new(
        ErrorCode::Conflict,
        format!(
            "the deck `{}` already has a version effective from {}; choose another date",
            deck.name, upload.effective_from
        ),
    )
    .with_field("effective_from"))
}

/// Parses the deck file (on the blocking pool), sending its rows in
/// batches while it has no problem, then the outcome.
fn parse_deck(path: &Path, sender: tokio::sync::mpsc::Sender<Msg>) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let _ = sender.blocking_send(Msg::Done(Err(vec![DeckProblem {
                line: 0,
                column: None,
                message: format!("cannot read the file: {e}"),
            }])));
            return;
        }
    };
    let mut reader = match DeckReader::new(std::io::BufReader::with_capacity(1 << 16, file)) {
        Ok(r) => r,
        Err(problems) => {
            let _ = sender.blocking_send(Msg::Done(Err(problems)));
            return;
        }
    };
    let mut batch = Vec::with_capacity(BATCH);
    while let Some((_, rate)) = reader.next_row() {
        if !reader.problems().is_empty() {
            // Keep reading to report every problem; stop sending rows.
            batch.clear();
            continue;
        }
        batch.push(rate);
        if batch.len() == BATCH
            && sender
                .blocking_send(Msg::Batch(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(BATCH),
                )))
                .is_err()
        {
            return;
        }
    }
    if reader.problems().is_empty()
        && !batch.is_empty()
        && sender.blocking_send(Msg::Batch(batch)).is_err()
    {
        return;
    }
    let _ = sender.blocking_send(Msg::Done(reader.finish()));
}

/// Inserts the parser's batches into the version as they arrive; returns
/// the parser's outcome (`None` when it ended without one).
async fn insert_batches(
    tx: &TenantTx,
    tenant: TenantId,
    version_id: Uuid,
    mut receiver: tokio::sync::mpsc::Receiver<Msg>,
) -> AppResult<Option<Result<DeckSummary, Vec<DeckProblem>>>> {
    let mut outcome = None;
    while let Some(msg) = receiver.recv().await {
        match msg {
            Msg::Batch(rates) => {
                let rows = rates
                    .into_iter()
                    .map(|r| rate_deck_rates::Model {
                        tenant_id: tenant.as_uuid(),
                        version_id,
                        prefix: r.prefix,
                        destination: r.destination,
                        rate_per_minute: DbDecimal(r.tariff.rate_per_minute()),
                        connect_fee: DbDecimal(r.tariff.connect_fee()),
                        initial_increment: r.tariff.initial_increment as i32,
                        subsequent_increment: r.tariff.subsequent_increment as i32,
                    })
                    .collect();
                tx.catalog().insert_rates(rows).await?;
            }
            Msg::Done(result) => outcome = Some(result),
        }
    }
    Ok(outcome)
}

/// Records the version's summary, commits, and answers with the deck and
/// the new version.
async fn finish_import(
    clock: &dyn Clock,
    tx: TenantTx,
    tenant: TenantId,
    deck: &rate_decks::Model,
    version_id: Uuid,
    summary: DeckSummary,
) -> AppResult<DeckImportResponse> {
    tx.catalog()
        .finish_version(
            version_id,
            summary.rows as i64,
            summary.destinations as i64,
            DbDecimal(summary.min_rate.unwrap_or_default()),
            DbDecimal(summary.max_rate.unwrap_or_default()),
        )
        .await?;
    let versions = tx.catalog().versions_of(&[deck.id]).await?;
    tx.commit().await?;
    let view = deck_view(clock.now().date_naive(), deck, &versions);
    let version = view
        .versions
        .iter()
        .find(|v| v.id == version_id)
        .cloned()
        .ok_or_else(|| AppError::not_found("version"))?;
    tracing::info!(tenant = %tenant, deck = %deck.id, rows = summary.rows, "rate deck imported");
    Ok(DeckImportResponse {
        deck: view,
        version,
        summary,
        created: true,
    })
}
