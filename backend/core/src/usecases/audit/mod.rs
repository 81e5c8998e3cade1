//! The audit log, read: the console's Activity page, its CSV export and
//! each customer's history (staff see their seller and the resellers below
//! it).

pub mod export_events;
pub mod list_events;

use crate::error::{AppError, AppResult};
use ringledger_db::entities::audit_events;
use ringledger_db::repo::AuditFilter;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::audit::{AuditEventView, AuditQuery};
use uuid::Uuid;

/// The most events one page answers.
pub const MAX_PAGE: u64 = 500;

fn bad(field: &str, message: &str) -> AppError {
    AppError::new(ErrorCode::ValidationFailed, message.to_owned()).with_field(field.to_owned())
}

fn uuid_of(field: &str, raw: Option<&str>) -> AppResult<Option<Uuid>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Uuid::parse_str(s)
            .map(Some)
            .map_err(|_| bad(field, &format!("{field} must be an id"))),
    }
}

fn text_of(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(64).collect())
}

/// The filter of `q` and the page size (default `default_limit`).
pub fn parse(q: &AuditQuery, default_limit: u64) -> AppResult<(AuditFilter, u64)> {
    let day = |field: &str, raw: &Option<String>| -> AppResult<Option<chrono::NaiveDate>> {
        match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| bad(field, &format!("{field} must be a date like 2026-11-01"))),
        }
    };
    let midnight = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let before = match q.before.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| bad("before", "before must be an event number"))?,
        ),
    };
    let limit = match q.limit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => default_limit,
        Some(s) => s
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| bad("limit", "limit must be 1 to 500"))?,
    };
    Ok((
        AuditFilter {
            actor_id: uuid_of("actor_id", q.actor_id.as_deref())?,
            object_type: text_of(q.object_type.as_deref()),
            object_id: text_of(q.object_id.as_deref()),
            customer_id: uuid_of("customer_id", q.customer_id.as_deref())?,
            action: text_of(q.action.as_deref()),
            from: day("from", &q.from)?.map(midnight),
            to: day("to", &q.to)?.and_then(|d| d.succ_opt()).map(midnight),
            sellers: None,
            before_seq: before,
        },
        limit,
    ))
}

/// An event as the API shows it.
pub fn view(e: &audit_events::Model) -> AuditEventView {
    AuditEventView {
        seq: e.seq,
        id: e.id,
        at: e.at,
        actor_kind: e.actor_kind.clone(),
        actor_id: e.actor_id,
        actor: e.actor_label.clone(),
        action: e.action.clone(),
        object_type: e.object_type.clone(),
        object_id: e.object_id.clone(),
        customer_id: e.customer_id,
        changes: serde_json::from_str(&e.changes).unwrap_or(serde_json::Value::Null),
        ip: e.ip.clone(),
        request_id: e.request_id.clone(),
    }
}
