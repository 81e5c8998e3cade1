//! `GET /api/v1/webhook-endpoints/{id}/deliveries`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::webhooks::list_deliveries as use_case;
use ringledger_shared::api::webhooks::WebhookDeliveryPage;
use serde::Deserialize;
use uuid::Uuid;

/// The page asked for.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Deliveries older than this one (the previous page's `next_before`).
    pub before: Option<Uuid>,
    /// At most this many (default 50, at most 200).
    #[serde(default, deserialize_with = "crate::query::limit")]
    #[param(value_type = Option<u64>)]
    pub limit: Option<u64>,
}

/// An endpoint's deliveries, newest first: each event sent, its status
/// (`pending`, `delivered`, `failed`), attempts, the last answer's HTTP
/// status and latency, and when it is tried next.
#[utoipa::path(get, path = "/api/v1/webhook-endpoints/{id}/deliveries", tag = "webhooks",
    params(("id" = Uuid, Path), DeliveryQuery), security(("bearer" = [])),
    responses((status = 200, body = WebhookDeliveryPage)))]
#[get("/webhook-endpoints/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    q: web::Query<DeliveryQuery>,
) -> ApiResult<web::Json<WebhookDeliveryPage>> {
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    Ok(web::Json(
        use_case::list_deliveries(state.repos(), &staff, *id, q.before, limit).await?,
    ))
}
