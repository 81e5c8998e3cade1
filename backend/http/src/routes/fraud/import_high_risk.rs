//! `PUT /api/v1/fraud/high-risk-prefixes`: replaces the list with a CSV.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{put, web};
use futures_util::StreamExt;
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::fraud::high_risk as use_case;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::fraud::HighRiskImported;

/// The largest list accepted (about 100,000 prefixes with descriptions).
const MAX_BYTES: usize = 8 << 20;

/// Replaces the high-risk prefixes with a CSV (`prefix,description`).
#[utoipa::path(put, path = "/api/v1/fraud/high-risk-prefixes", tag = "fraud", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "prefix,description then one prefix per line"),
    responses((status = 200, body = HighRiskImported), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 403, body = ringledger_shared::error::ErrorBody), (status = 413, body = ringledger_shared::error::ErrorBody)))]
#[put("/fraud/high-risk-prefixes")]
pub async fn import_high_risk(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    mut body: web::Payload,
) -> ApiResult<web::Json<HighRiskImported>> {
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
                AppError::new(ErrorCode::PayloadTooLarge, "the list may be 8 MiB at most").into(),
            );
        }
        bytes.extend_from_slice(&chunk);
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        AppError::new(ErrorCode::ValidationFailed, "the file must be UTF-8 text").with_field("file")
    })?;
    Ok(web::Json(
        use_case::import_high_risk(state.repos(), &staff, text).await?,
    ))
}
