//! `PATCH /api/v1/webhook-endpoints/{id}`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{patch, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::webhooks::update_endpoint as use_case;
use ringledger_shared::api::webhooks::{UpdateWebhookEndpointRequest, WebhookEndpointView};
use uuid::Uuid;

/// Changes an endpoint's address, description or event types, or pauses
/// (`enabled: false`) and resumes it; fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/webhook-endpoints/{id}", tag = "webhooks",
    params(("id" = Uuid, Path)), request_body = UpdateWebhookEndpointRequest,
    security(("bearer" = [])), responses((status = 200, body = WebhookEndpointView)))]
#[patch("/webhook-endpoints/{id}")]
pub async fn update_webhook_endpoint(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<UpdateWebhookEndpointRequest>,
) -> ApiResult<web::Json<WebhookEndpointView>> {
    Ok(web::Json(
        use_case::update_endpoint(
            state.repos(),
            state.settings().webhooks_allow_private,
            &staff,
            *id,
            &body.0,
        )
        .await?,
    ))
}
