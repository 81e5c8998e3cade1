//! Listing the webhook endpoints.

use super::endpoint_view;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::repo::Repos;
use ringledger_shared::api::webhooks::WebhookEndpointView;

/// The endpoints of the caller's seller (never their secrets), newest
/// first, with how many deliveries are pending and given up.
pub async fn list_endpoints(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<Vec<WebhookEndpointView>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let mut out = Vec::new();
    for e in tx.webhooks().endpoints(staff.seller_id).await? {
        out.push(endpoint_view(&tx, &e).await?);
    }
    tx.commit().await?;
    Ok(out)
}
