//! `POST /api/v1/numbers/import`: phone numbers from a CSV.

use crate::error::ApiResult;
use crate::extract::{Staff, read_text};
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::numbers::import_numbers as use_case;
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
    let text = read_text(&mut body, MAX_BYTES, "the file").await?;
    Ok(web::Json(
        use_case::import_numbers(state.repos(), &staff, &text).await?,
    ))
}
