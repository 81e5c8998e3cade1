//! `PUT` and `DELETE /api/v1/settings/brand/logo`: the seller's logo, sent
//! as the raw request body. Only PNG, JPEG, GIF and WebP, recognised by
//! their first bytes (never SVG, which can carry script), up to 256 KiB.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{delete, put, web};
use futures_util::StreamExt;
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::settings::logo as use_case;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::{BrandSettings, MAX_LOGO_BYTES};

/// Uploads (replaces) the logo.
#[utoipa::path(put, path = "/api/v1/settings/brand/logo", tag = "settings", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 200, body = BrandSettings), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 413, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/brand/logo")]
pub async fn put_logo(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    mut payload: web::Payload,
) -> ApiResult<web::Json<BrandSettings>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            AppError::new(ErrorCode::ValidationFailed, "the upload was cut off").with_field("logo")
        })?;
        if bytes.len() + chunk.len() > MAX_LOGO_BYTES {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("a logo may be at most {} KiB", MAX_LOGO_BYTES / 1024),
            )
            .with_field("logo")
            .into());
        }
        bytes.extend_from_slice(&chunk);
    }
    let view = use_case::put_logo(state.repos(), state.clock(), &staff, &bytes).await?;
    Ok(web::Json(view))
}

/// Removes the logo.
#[utoipa::path(delete, path = "/api/v1/settings/brand/logo", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = BrandSettings)))]
#[delete("/settings/brand/logo")]
pub async fn delete_logo(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<BrandSettings>> {
    let view = use_case::delete_logo(state.repos(), state.clock(), &staff).await?;
    Ok(web::Json(view))
}
