//! `GET /api/v1/audit-events`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::audit::list_events as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::audit::{AuditEventView, AuditQuery};

/// Who changed what, when and from where: the events of the caller's
/// seller and the resellers below it, newest first, filtered by actor,
/// object, customer, action and period (`before` pages back).
#[utoipa::path(get, path = "/api/v1/audit-events", tag = "audit", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<AuditEventView>)))]
#[get("/audit-events")]
pub async fn list_events(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEventView>>> {
    let items = use_case::list_events(state.repos(), &staff, &q).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
