//! An endpoint's deliveries.

use super::{delivery_view, endpoint_of};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::api::webhooks::WebhookDeliveryPage;
use uuid::Uuid;

/// A page of endpoint `id`'s deliveries, newest first, older than
/// `before`, at most `limit`.
pub async fn list_deliveries(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> Result<WebhookDeliveryPage, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    endpoint_of(&tx, staff, id).await?;
    let rows = tx.webhooks().deliveries(id, before, limit + 1).await?;
    tx.commit().await?;
    let more = rows.len() as u64 > limit;
    let deliveries: Vec<_> = rows
        .iter()
        .take(limit as usize)
        .map(delivery_view)
        .collect();
    let next_before = if more {
        deliveries.last().map(|d| d.id)
    } else {
        None
    };
    Ok(WebhookDeliveryPage {
        deliveries,
        next_before,
    })
}
