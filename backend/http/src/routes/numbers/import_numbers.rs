//! `POST /api/v1/numbers/import`: phone numbers from a CSV.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use futures_util::StreamExt;
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::numbers::import_numbers as use_case;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::numbers::NumbersImported;

/// The largest file accepted (100,000 numbers fit well within it).
const MAX_BYTES: usize = 8 << 20;

/// Adds phone numbers from a CSV (`number,country,monthly_fee,setup_fee`), updating known ones.
#[utoipa::path(post, path = "/api/v1/numbers/import", tag = "numbers", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "number,country,monthly_fee,setup_fee then one number per line"),
    responses((status = 200, body = NumbersImported), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 403, body = ringledger_shared::error::ErrorBody), (status = 413, body = ringledger_shared::error::ErrorBody)))]
#[post("/numbers/import")]
pub async fn import_numbers(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    mut body: web::Payload,
) -> ApiResult<web::Json<NumbersImported>> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::new(
                ErrorCode::ValidationFailed,
                format!("the upload broke off: {e}"),
            )
            .with_field("file")
        })?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(
                AppError::new(ErrorCode::PayloadTooLarge, "the file may be 8 MiB at most").into(),
            );
        }
        bytes.extend_from_slice(&chunk);
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        AppError::new(ErrorCode::ValidationFailed, "the file must be UTF-8 text").with_field("file")
    })?;
    Ok(web::Json(
        use_case::import_numbers(state.repos(), &staff, text).await?,
    ))
}
