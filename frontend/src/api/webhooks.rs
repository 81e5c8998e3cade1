//! Outbound webhooks: endpoints, their deliveries, replays.

use super::{ApiError, delete, get_json, patch_json, post_json};
use ringledger_shared::api::routes;
use ringledger_shared::api::webhooks::{
    CreateWebhookEndpointRequest, UpdateWebhookEndpointRequest, WebhookDeliveryPage,
    WebhookDeliveryView, WebhookEndpointView,
};
use uuid::Uuid;

/// `GET /api/v1/webhook-endpoints`.
pub async fn list_webhook_endpoints(token: &str) -> Result<Vec<WebhookEndpointView>, ApiError> {
    get_json(routes::LIST_WEBHOOK_ENDPOINTS.rel(), Some(token)).await
}

/// `POST /api/v1/webhook-endpoints`: the answer holds the secret, once.
pub async fn create_webhook_endpoint(
    token: &str,
    request: &CreateWebhookEndpointRequest,
) -> Result<WebhookEndpointView, ApiError> {
    post_json(routes::CREATE_WEBHOOK_ENDPOINT.rel(), Some(token), request).await
}

/// `PATCH /api/v1/webhook-endpoints/{id}`.
pub async fn update_webhook_endpoint(
    token: &str,
    id: Uuid,
    request: &UpdateWebhookEndpointRequest,
) -> Result<WebhookEndpointView, ApiError> {
    patch_json(
        &routes::UPDATE_WEBHOOK_ENDPOINT.fill(&[&id]),
        Some(token),
        request,
    )
    .await
}

/// `DELETE /api/v1/webhook-endpoints/{id}`.
pub async fn delete_webhook_endpoint(token: &str, id: Uuid) -> Result<(), ApiError> {
    delete(&routes::DELETE_WEBHOOK_ENDPOINT.fill(&[&id]), Some(token))
        .await
        .map(|_| ())
}

/// `GET /api/v1/webhook-endpoints/{id}/deliveries` (newest first).
pub async fn list_webhook_deliveries(
    token: &str,
    id: Uuid,
    before: Option<Uuid>,
) -> Result<WebhookDeliveryPage, ApiError> {
    let mut path = routes::LIST_WEBHOOK_DELIVERIES.fill(&[&id]);
    if let Some(before) = before {
        path.push_str(&format!("?before={before}"));
    }
    get_json(&path, Some(token)).await
}

/// `POST /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay`.
pub async fn replay_webhook_delivery(
    token: &str,
    id: Uuid,
    delivery: Uuid,
) -> Result<WebhookDeliveryView, ApiError> {
    post_json(
        &routes::REPLAY_WEBHOOK_DELIVERY.fill(&[&id, &delivery]),
        Some(token),
        &serde_json::json!({}),
    )
    .await
}
