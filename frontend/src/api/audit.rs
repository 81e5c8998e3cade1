//! The audit log: the Activity page and its CSV export.

use super::catalog::{get_csv, query};
use super::{ApiError, get_json};
use ringledger_shared::api::Page;
use ringledger_shared::api::audit::{AuditEventView, AuditQuery};
use ringledger_shared::api::routes;

fn pairs(q: &AuditQuery) -> String {
    query(&[
        ("actor_id", q.actor_id.clone()),
        ("object_type", q.object_type.clone()),
        ("object_id", q.object_id.clone()),
        ("customer_id", q.customer_id.clone()),
        ("action", q.action.clone()),
        ("from", q.from.clone()),
        ("to", q.to.clone()),
        ("before", q.before.clone()),
        ("limit", q.limit.clone()),
    ])
}

/// `GET /api/v1/audit-events`.
pub async fn list_events(token: &str, q: &AuditQuery) -> Result<Page<AuditEventView>, ApiError> {
    let path = format!("{}{}", routes::LIST_AUDIT_EVENTS.rel(), pairs(q));
    get_json(&path, Some(token)).await
}

/// `GET /api/v1/audit-events/export.csv`: the file's name and text.
pub async fn export_events(
    token: &str,
    q: &AuditQuery,
) -> Result<(Option<String>, String), ApiError> {
    let path = format!("{}{}", routes::EXPORT_AUDIT_EVENTS.rel(), pairs(q));
    get_csv(&path, token).await
}
