//! A seller's outbound webhooks: registering endpoints (the signing secret
//! is shown once), changing, pausing and removing them, their deliveries,
//! and replaying one. `integrations` permission; a seller sees only its
//! own endpoints (another's answer 404).

pub mod create_endpoint;
pub mod delete_endpoint;
pub mod list_deliveries;
pub mod list_endpoints;
pub mod replay_delivery;
pub mod update_endpoint;

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::webhooks::emit::{subscribed, wire_id};
use ringledger_db::entities::{webhook_deliveries, webhook_endpoints};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::webhooks::{
    WebhookDeliveryView, WebhookEndpointView, WebhookEventType,
};
use ringledger_shared::error::FieldError;
use ringledger_shared::status::WebhookDeliveryStatus;
use uuid::Uuid;

/// A stored endpoint as the API shows it (never the secret).
pub async fn endpoint_view(
    tx: &TenantTx,
    e: &webhook_endpoints::Model,
) -> Result<WebhookEndpointView, AppError> {
    let hooks = tx.webhooks();
    Ok(WebhookEndpointView {
        id: e.id,
        url: e.url.clone(),
        description: e.description.clone(),
        events: subscribed(e),
        enabled: e.enabled,
        created_at: e.created_at,
        secret: None,
        pending: hooks
            .count_deliveries(e.id, WebhookDeliveryStatus::Pending)
            .await?,
        failed: hooks
            .count_deliveries(e.id, WebhookDeliveryStatus::Failed)
            .await?,
    })
}

/// A stored delivery as the API shows it.
pub fn delivery_view(d: &webhook_deliveries::Model) -> WebhookDeliveryView {
    let pending = d.status == WebhookDeliveryStatus::Pending;
    WebhookDeliveryView {
        id: d.id,
        event_id: wire_id(d.event_id),
        event_type: d.kind,
        object_id: d.object_id,
        status: d.status,
        attempts: d.attempts,
        response_code: d.response_code,
        latency_ms: d.latency_ms,
        error: d.last_error.clone(),
        created_at: d.created_at,
        last_attempt_at: d.last_attempt_at,
        next_attempt_at: if pending {
            Some(d.next_attempt_at.unwrap_or(d.created_at))
        } else {
            None
        },
        delivered_at: d.delivered_at,
        replay_of: d.replay_of,
    }
}

/// Endpoint `id` of the caller's seller, or 404.
pub async fn endpoint_of(
    tx: &TenantTx,
    staff: &StaffPrincipal,
    id: Uuid,
) -> Result<webhook_endpoints::Model, AppError> {
    tx.webhooks()
        .endpoint(id)
        .await?
        .filter(|e| e.seller_id == staff.seller_id.as_uuid())
        .ok_or_else(|| AppError::not_found("webhook endpoint"))
}

/// The event types a request names: known, at least one, each once, in
/// the documented order (stored comma-separated).
pub fn parse_events(
    field: &'static str,
    raw: &[String],
) -> Result<Vec<WebhookEventType>, FieldError> {
    let mut chosen = Vec::new();
    for name in raw {
        let kind = WebhookEventType::parse(name.trim()).ok_or_else(|| {
            FieldError::new(field, format!("“{}” is not an event type", name.trim()))
        })?;
        chosen.push(kind);
    }
    if chosen.is_empty() {
        return Err(FieldError::new(field, "choose at least one event type"));
    }
    Ok(WebhookEventType::ALL
        .iter()
        .copied()
        .filter(|t| chosen.contains(t))
        .collect())
}

/// The stored spelling of a set of event types.
pub fn events_text(events: &[WebhookEventType]) -> String {
    events
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A description: trimmed, at most 200 characters.
pub fn parse_description(raw: &str) -> Result<String, FieldError> {
    let d = raw.trim();
    if d.chars().count() > 200 {
        return Err(FieldError::new(
            "description",
            "must be at most 200 characters",
        ));
    }
    if d.chars().any(char::is_control) {
        return Err(FieldError::new("description", "must be one line of text"));
    }
    Ok(d.to_owned())
}

/// A URL an endpoint may post to (see `webhooks::target`).
pub fn parse_url(raw: &str, allow_private: bool) -> Result<String, FieldError> {
    crate::webhooks::target::parse(raw, allow_private)
        .map(|u| u.to_string())
        .map_err(|why| FieldError::new("url", why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_checked_and_kept_in_order() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let got = parse_events(
            "events",
            &names(&["invoice.paid", "customer.created", "invoice.paid"]),
        );
        assert_eq!(
            got.ok(),
            Some(vec![
                WebhookEventType::CustomerCreated,
                WebhookEventType::InvoicePaid
            ])
        );
        assert!(parse_events("events", &[]).is_err());
        assert!(parse_events("events", &names(&["invoice.created"])).is_err());
        assert_eq!(
            events_text(&[
                WebhookEventType::InvoiceIssued,
                WebhookEventType::BalanceLow
            ]),
            "invoice.issued,balance.low"
        );
    }
}
