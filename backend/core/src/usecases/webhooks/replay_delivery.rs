//! Replaying a delivery.

use super::{delivery_view, endpoint_of};
use crate::audit::{self, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::webhooks::emit::delivery;
use ringledger_db::repo::{Committed, Repos};
use ringledger_shared::api::webhooks::WebhookDeliveryView;
use ringledger_shared::error::ErrorCode;
use uuid::Uuid;

/// Sends the event of delivery `delivery_id` to endpoint `id` again, as a
/// new delivery with the same event id (receivers deduplicate on it),
/// retried like the first. A paused endpoint answers 409.
pub async fn replay_delivery(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: Uuid,
    delivery_id: Uuid,
) -> Result<(WebhookDeliveryView, Committed), AppError> {
    let tx = repos.tenant(staff.tenant_id).await?;
    let endpoint = endpoint_of(&tx, staff, id).await?;
    let original = tx
        .webhooks()
        .delivery(id, delivery_id)
        .await?
        .ok_or_else(|| AppError::not_found("delivery"))?;
    if !endpoint.enabled {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "the endpoint is paused: resume it first",
        ));
    }
    let mut again = delivery(
        id,
        original.event_id,
        &original.kind,
        original.object_id,
        staff.origin.at,
        Some(original.id),
    );
    again.tenant_id = staff.tenant_id.as_uuid();
    tx.webhooks().insert_deliveries(vec![again.clone()]).await?;
    audit::by_staff(
        &tx,
        staff,
        Event::new("webhook_delivery.replayed", "webhook_delivery", again.id),
    )
    .await?;
    let done = tx.commit().await?;
    Ok((delivery_view(&again), done))
}
