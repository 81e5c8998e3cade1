//! `POST /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::webhooks::replay_delivery as use_case;
use ringledger_shared::api::webhooks::WebhookDeliveryView;
use uuid::Uuid;

/// Sends a delivery's event to its endpoint again, now, as a new delivery
/// with the same event id (receivers deduplicate on it); `409` while the
/// endpoint is paused.
#[utoipa::path(post, path = "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay",
    tag = "webhooks", params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path)),
    security(("bearer" = [])), responses((status = 202, body = WebhookDeliveryView)))]
#[post("/webhook-endpoints/{id}/deliveries/{delivery_id}/replay")]
pub async fn replay_webhook_delivery(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, delivery_id) = path.into_inner();
    let (view, done) = use_case::replay_delivery(state.repos(), &staff, id, delivery_id).await?;
    ringledger_core::email::after_commit(&state, done);
    Ok(HttpResponse::Accepted().json(view))
}
