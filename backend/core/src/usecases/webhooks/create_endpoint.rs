//! Registering a webhook endpoint.

use super::{endpoint_view, events_text, parse_description, parse_events, parse_url};
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::auth::secret_box::{Binding, SecretBox};
use crate::error::AppError;
use rand::RngCore;
use ringledger_db::entities::webhook_endpoints;
use ringledger_db::repo::Repos;
use ringledger_shared::api::webhooks::{CreateWebhookEndpointRequest, WebhookEndpointView};
use ringledger_shared::error::ErrorCode;
use uuid::Uuid;

/// How many endpoints a seller may have (each event is sent to each).
pub const MAX_ENDPOINTS: usize = 16;

/// Registers an endpoint of the caller's seller; the answer is the only
/// time its signing secret (`whsec_…`) is shown.
pub async fn create_endpoint(
    repos: &Repos,
    vault: &SecretBox,
    allow_private: bool,
    staff: &StaffPrincipal,
    req: &CreateWebhookEndpointRequest,
) -> Result<WebhookEndpointView, AppError> {
    let mut errors = Vec::new();
    let url = parse_url(&req.url, allow_private)
        .map_err(|e| errors.push(e))
        .ok();
    let description = parse_description(&req.description)
        .map_err(|e| errors.push(e))
        .ok();
    let events = parse_events("events", &req.events)
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(url), Some(description), Some(events)) = (url, description, events) else {
        return Err(AppError::from_fields(errors));
    };
    let id = Uuid::now_v7();
    let mut raw = [0u8; 24];
    rand::rng().fill_bytes(&mut raw);
    let secret = format!("whsec_{}", hex::encode(raw));
    let sealed = vault
        .seal(
            &secret,
            &Binding::webhook_endpoint(staff.tenant_id.as_uuid(), id),
        )
        .map_err(AppError::internal)?;
    let tx = repos.tenant(staff.tenant_id).await?;
    if tx.webhooks().endpoints(staff.seller_id).await?.len() >= MAX_ENDPOINTS {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("a seller has at most {MAX_ENDPOINTS} webhook endpoints: remove one first"),
        ));
    }
    let row = tx
        .webhooks()
        .insert_endpoint(webhook_endpoints::Model {
            tenant_id: staff.tenant_id.as_uuid(),
            id,
            seller_id: staff.seller_id.as_uuid(),
            url: url.clone(),
            description: description.clone(),
            events: events_text(&events),
            secret_sealed: sealed,
            enabled: true,
            created_by: Some(staff.user_id.as_uuid()),
            created_at: staff.origin.at,
            deleted_at: None,
        })
        .await?;
    let event = Event::new("webhook_endpoint.created", "webhook_endpoint", id).changes(
        Changes::none()
            .to("url", &url)
            .to("description", &description)
            .to("events", &events),
    );
    audit::by_staff(&tx, staff, event).await?;
    let mut view = endpoint_view(&tx, &row).await?;
    tx.commit().await?;
    view.secret = Some(secret);
    Ok(view)
}
