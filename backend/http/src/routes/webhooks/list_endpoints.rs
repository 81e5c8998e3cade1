//! `GET /api/v1/webhook-endpoints`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::webhooks::list_endpoints as use_case;
use ringledger_shared::api::webhooks::WebhookEndpointView;

/// The seller's webhook endpoints (never their secrets), newest first,
/// with how many deliveries are pending and how many were given up.
#[utoipa::path(get, path = "/api/v1/webhook-endpoints", tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = Vec<WebhookEndpointView>)))]
#[get("/webhook-endpoints")]
pub async fn list_webhook_endpoints(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<WebhookEndpointView>>> {
    Ok(web::Json(
        use_case::list_endpoints(state.repos(), &staff).await?,
    ))
}
