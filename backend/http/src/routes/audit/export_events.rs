//! `GET /api/v1/audit-events/export.csv`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::audit::export_events as use_case;
use ringledger_shared::api::audit::AuditQuery;
use ringledger_shared::csv_safe;

/// The matching events as CSV (at most 50,000, newest first):
/// `seq,at,actor_kind,actor,action,object_type,object_id,customer_id,changes,ip,request_id`.
#[utoipa::path(get, path = "/api/v1/audit-events/export.csv", tag = "audit", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String)))]
#[get("/audit-events/export.csv")]
pub async fn export_events(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    let events = use_case::export_events(state.repos(), &staff, &q).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record([
        "seq",
        "at",
        "actor_kind",
        "actor",
        "action",
        "object_type",
        "object_id",
        "customer_id",
        "changes",
        "ip",
        "request_id",
    ])
    .map_err(err)?;
    for e in events {
        let cells = [
            e.seq.to_string(),
            e.at.to_rfc3339(),
            e.actor_kind,
            e.actor,
            e.action,
            e.object_type,
            e.object_id.unwrap_or_default(),
            e.customer_id.map(|c| c.to_string()).unwrap_or_default(),
            e.changes.to_string(),
            e.ip.unwrap_or_default(),
            e.request_id.unwrap_or_default(),
        ];
        w.write_record(csv_safe::record(&cells)).map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"activity.csv\""))
        .body(body))
}
