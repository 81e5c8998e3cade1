//! Changing a webhook endpoint: its address, description, events, or
//! pausing and resuming it.

use super::{endpoint_of, endpoint_view, events_text, parse_description, parse_events, parse_url};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::webhooks::emit::subscribed;
use ringledger_db::repo::Repos;
use ringledger_shared::api::webhooks::{UpdateWebhookEndpointRequest, WebhookEndpointView};
use uuid::Uuid;

/// Applies the fields given to endpoint `id` of the caller's seller.
pub async fn update_endpoint(
    repos: &Repos,
    allow_private: bool,
    staff: &StaffPrincipal,
    id: Uuid,
    req: &UpdateWebhookEndpointRequest,
) -> Result<WebhookEndpointView, AppError> {
    let mut errors = Vec::new();
    let url = req
        .url
        .as_deref()
        .and_then(|u| parse_url(u, allow_private).map_err(|e| errors.push(e)).ok());
    let description = req
        .description
        .as_deref()
        .and_then(|d| parse_description(d).map_err(|e| errors.push(e)).ok());
    let events = req
        .events
        .as_deref()
        .and_then(|e| parse_events("events", e).map_err(|e| errors.push(e)).ok());
    if !errors.is_empty() {
        return Err(AppError::from_fields(errors));
    }
    let tx = repos.tenant(staff.tenant_id).await?;
    let before = endpoint_of(&tx, staff, id).await?;
    let mut after = before.clone();
    let mut changes = Changes::none();
    if let Some(url) = url.filter(|u| *u != before.url) {
        changes = changes.set("url", &before.url, &url);
        after.url = url;
    }
    if let Some(d) = description.filter(|d| *d != before.description) {
        changes = changes.set("description", &before.description, &d);
        after.description = d;
    }
    if let Some(events) = events {
        let text = events_text(&events);
        if text != before.events {
            changes = changes.set("events", subscribed(&before), &events);
            after.events = text;
        }
    }
    if let Some(enabled) = req.enabled.filter(|e| *e != before.enabled) {
        changes = changes.set("enabled", before.enabled, enabled);
        after.enabled = enabled;
    }
    let saved = if changes.is_empty() {
        before
    } else {
        let saved = tx.webhooks().save_endpoint(after).await?;
        let event = Event::new("webhook_endpoint.changed", "webhook_endpoint", id).changes(changes);
        audit::by_staff(&tx, staff, event).await?;
        saved
    };
    let view = endpoint_view(&tx, &saved).await?;
    tx.commit().await?;
    Ok(view)
}
