//! `POST /api/v1/cdrs`: a switch posts call detail records (JSON array or CSV).

use crate::error::ApiResult;
use crate::extract::Switch;
use crate::extract::json::deserialize_tracked;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use ringledger_core::error::{AppError, AppResult};
use ringledger_core::services::cdr_ingest::ingest;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::calls::{CdrBatchResponse, CdrRecord, RejectCode, RejectedCdr};

/// Largest batch body (32 MiB).
const MAX_BODY: usize = 32 << 20;
/// Most records per batch.
const MAX_RECORDS: usize = 100_000;

/// Rates and bills a batch in one transaction. A record seen before (same
/// operator and `call_id`) is counted in `duplicates` and changes nothing;
/// records that cannot be rated are listed in `rejected` with their code and
/// kept for re-rating. A malformed JSON batch is refused whole (`400`, the
/// field named like `[3].duration_secs`). The answer's `Server-Timing`
/// header says where the batch's time went (parse, lock, rate, write,
/// commit, in milliseconds).
#[utoipa::path(post, path = "/api/v1/cdrs", tag = "switch", security(("switch_key" = [])),
    request_body(content = Vec<CdrRecord>, description = "JSON array, or text/csv with a header of the same field names"),
    responses((status = 200, body = CdrBatchResponse), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 401, body = ringledger_shared::error::ErrorBody), (status = 413, body = ringledger_shared::error::ErrorBody)))]
#[post("/cdrs")]
pub async fn post_cdrs(
    req: HttpRequest,
    Switch(sw): Switch,
    state: web::Data<AppState>,
    mut body: web::Payload,
) -> ApiResult<HttpResponse> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::new(ErrorCode::InvalidJson, format!("the upload broke off: {e}"))
        })?;
        if bytes.len() + chunk.len() > MAX_BODY {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                "a CDR batch may be 32 MiB at most",
            )
            .into());
        }
        bytes.extend_from_slice(&chunk);
    }
    let started = std::time::Instant::now();
    let is_csv = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/csv"));
    let (records, mut malformed) = if is_csv {
        from_csv(&bytes)
    } else {
        (from_json(&bytes)?, Vec::new())
    };
    if records.len() + malformed.len() > MAX_RECORDS {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("at most {MAX_RECORDS} records per batch"),
        )
        .into());
    }
    let decoded = started.elapsed();
    let count = records.len();
    let (mut answer, mut phases) = ingest(&state, sw.tenant_id, records).await?;
    phases.parse += decoded;
    let timing = phases.server_timing();
    tracing::debug!(records = count, timing = %timing, "CDR batch");
    answer.rejected.append(&mut malformed);
    state.metrics().cdrs(
        answer.accepted,
        answer.duplicates,
        answer.rejected.len() as u64,
    );
    Ok(HttpResponse::Ok()
        .insert_header(("Server-Timing", timing))
        .json(answer))
}

fn from_json(bytes: &[u8]) -> AppResult<Vec<CdrRecord>> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[') {
        return Err(AppError::new(
            ErrorCode::InvalidJson,
            "send a JSON array of CDRs (or text/csv)",
        ));
    }
    deserialize_tracked(bytes).map_err(|e| {
        let path = e.path().to_string();
        AppError::new(
            ErrorCode::ValidationFailed,
            format!("{path}: {}", e.inner()),
        )
        .with_field(path)
    })
}

/// CSV rows; a row that does not fit the record shape is reported, not fatal.
fn from_csv(bytes: &[u8]) -> (Vec<CdrRecord>, Vec<RejectedCdr>) {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader.headers().cloned().unwrap_or_default();
    let call_col = headers.iter().position(|h| h == "call_id");
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for row in reader.records() {
        let Ok(row) = row else {
            bad.push(RejectedCdr {
                call_id: String::new(),
                code: RejectCode::Invalid,
                detail: None,
            });
            continue;
        };
        match row.deserialize::<CdrRecord>(Some(&headers)) {
            Ok(r) => ok.push(r),
            Err(_) => bad.push(RejectedCdr {
                call_id: call_col
                    .and_then(|c| row.get(c))
                    .unwrap_or_default()
                    .to_owned(),
                code: RejectCode::Invalid,
                detail: None,
            }),
        }
    }
    (ok, bad)
}
