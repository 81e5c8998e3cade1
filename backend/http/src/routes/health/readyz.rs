//! `GET /readyz`: the process can serve traffic (the database answers).

use crate::error::ApiResult;
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;

/// Readiness: 200 only when the database answers, else 503.
#[utoipa::path(get, path = "/readyz", tag = "health", responses(
    (status = 200, description = "ready"),
    (status = 503, description = "database unavailable", body = ringledger_shared::error::ErrorBody)))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    if state.repos().ping().await {
        Ok(HttpResponse::Ok().json(serde_json::json!({"status": "ready"})))
    } else {
        Err(AppError::new(
            ErrorCode::ServiceUnavailable,
            "the database is not answering",
        )
        .into())
    }
}
