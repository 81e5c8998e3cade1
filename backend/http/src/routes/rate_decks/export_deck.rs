//! `GET /api/v1/rate-decks/{id}/export.csv`: a version as deck CSV.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::rate_decks::export_deck as use_case;
use serde::Deserialize;
use uuid::Uuid;

/// Which version.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// The version (default: the current one).
    pub version_id: Option<Uuid>,
}

/// The version's rows in the upload format, by prefix.
#[utoipa::path(get, path = "/api/v1/rate-decks/{id}/export.csv", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "deck id"), ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/rate-decks/{id}/export.csv")]
pub async fn export_deck(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let export =
        use_case::export_deck(state.repos(), state.clock(), &staff, *id, query.version_id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", export.file_name),
        ))
        .body(export.body))
}
