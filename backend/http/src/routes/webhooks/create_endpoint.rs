//! `POST /api/v1/webhook-endpoints`.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::webhooks::create_endpoint as use_case;
use ringledger_shared::api::webhooks::{CreateWebhookEndpointRequest, WebhookEndpointView};

/// Registers a webhook endpoint: a public `https://` URL and the event
/// types it receives. The answer is the only time its signing secret
/// (`whsec_…`) is shown; every delivery carries
/// `Ringledger-Signature: t=…,v1=…` (HMAC-SHA256 of `"{t}.{body}"`).
#[utoipa::path(post, path = "/api/v1/webhook-endpoints", tag = "webhooks",
    request_body = CreateWebhookEndpointRequest, security(("bearer" = [])),
    responses((status = 201, body = WebhookEndpointView)))]
#[post("/webhook-endpoints")]
pub async fn create_webhook_endpoint(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<CreateWebhookEndpointRequest>,
) -> ApiResult<HttpResponse> {
    let view = use_case::create_endpoint(
        state.repos(),
        state.secrets(),
        state.settings().webhooks_allow_private,
        &staff,
        &body.0,
    )
    .await?;
    Ok(HttpResponse::Created().json(view))
}
