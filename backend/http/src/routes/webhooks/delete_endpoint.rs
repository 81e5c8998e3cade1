//! `DELETE /api/v1/webhook-endpoints/{id}`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{HttpResponse, delete, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::webhooks::delete_endpoint as use_case;
use uuid::Uuid;

/// Removes an endpoint: nothing more is sent to it, deliveries still
/// pending are given up; its history stays in the audit log.
#[utoipa::path(delete, path = "/api/v1/webhook-endpoints/{id}", tag = "webhooks",
    params(("id" = Uuid, Path)), security(("bearer" = [])), responses((status = 204)))]
#[delete("/webhook-endpoints/{id}")]
pub async fn delete_webhook_endpoint(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    use_case::delete_endpoint(state.repos(), &staff, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
