//! `POST /api/v1/rate-decks/import`: upload a deck CSV as a new version.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use futures_util::StreamExt;
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::rate_decks::import_deck::{self as use_case, DeckTarget};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::catalog::DeckImportResponse;
use ringledger_shared::validate::{self, DisplayName};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// Largest deck file accepted (256 MiB, about 6 million rows).
const MAX_DECK_BYTES: usize = 256 << 20;

/// Where the deck goes.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// Deck name: a new name creates the deck, a known one adds a version.
    pub name: Option<String>,
    /// ISO 4217 currency (default: the deck's, or the operator's).
    pub currency: Option<String>,
    /// `YYYY-MM-DD`, first day the version prices calls (default: today, UTC).
    pub effective_from: Option<String>,
}

/// Streams the request body to a temporary file under the data directory
/// (constant memory), hashing it: the file (removed when dropped) and its
/// hex SHA-256.
async fn receive(
    state: &AppState,
    body: &mut web::Payload,
) -> ApiResult<(tempfile::NamedTempFile, String)> {
    let dir = ringledger_core::config::absolute(&state.settings().data_dir)
        .map_err(AppError::internal)?
        .join("uploads");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(AppError::internal)?;
    let tmp = tempfile::Builder::new()
        .prefix("deck-")
        .suffix(".csv")
        .tempfile_in(&dir)
        .map_err(AppError::internal)?;
    let mut file = tokio::fs::File::from_std(tmp.reopen().map_err(AppError::internal)?);
    let mut hasher = Sha256::new();
    let mut size = 0usize;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::new(
                ErrorCode::ValidationFailed,
                format!("the upload broke off: {e}"),
            )
            .with_field("file")
        })?;
        size += chunk.len();
        if size > MAX_DECK_BYTES {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                "the deck file is larger than 256 MiB",
            )
            .with_field("file")
            .into());
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await.map_err(AppError::internal)?;
    }
    file.flush().await.map_err(AppError::internal)?;
    if size == 0 {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "the deck file is empty")
                .with_field("file")
                .into(),
        );
    }
    Ok((tmp, hex::encode(hasher.finalize())))
}

/// Uploads a rate deck (the CSV is the request body). Every problem is
/// listed with its line, and then nothing is imported. Uploading the same
/// file for the same date again answers 200 with `created: false`.
#[utoipa::path(post, path = "/api/v1/rate-decks/import", tag = "catalog", params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment"),
    security(("bearer" = [])), responses(
    (status = 201, body = DeckImportResponse),
    (status = 200, description = "already imported", body = DeckImportResponse),
    (status = 400, description = "invalid deck (`problems` lists every one) or field", body = ringledger_shared::error::ErrorBody),
    (status = 409, description = "a version for that date exists", body = ringledger_shared::error::ErrorBody)))]
#[post("/rate-decks/import")]
pub async fn import_deck(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    query: web::Query<ImportQuery>,
    mut body: web::Payload,
) -> ApiResult<HttpResponse> {
    let name = DisplayName::parse("name", query.name.as_deref().unwrap_or(""))?;
    let currency = match query.currency.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(validate::currency("currency", c)?),
    };
    let effective_from = match query.effective_from.as_deref().map(str::trim) {
        None | Some("") => state.clock().now().date_naive(),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "effective_from must be a date like 2026-12-01",
            )
            .with_field("effective_from")
        })?,
    };

    let (tmp, sha256) = receive(&state, &mut body).await?;
    let target = DeckTarget {
        name,
        currency,
        effective_from,
    };
    let outcome = use_case::import_deck(
        state.repos(),
        state.clock(),
        &staff,
        target,
        tmp.path(),
        sha256,
    )
    .await?;
    drop(tmp);
    Ok(if outcome.created {
        HttpResponse::Created().json(outcome)
    } else {
        HttpResponse::Ok().json(outcome)
    })
}
