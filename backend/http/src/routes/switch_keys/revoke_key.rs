//! `POST /api/v1/switch-keys/{id}/revoke`.

use crate::error::ApiResult;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use uuid::Uuid;

/// Revokes a key at once. Revoking it again is harmless.
#[utoipa::path(post, path = "/api/v1/switch-keys/{id}/revoke", tag = "switch", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/switch-keys/{id}/revoke")]
pub async fn revoke_key(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    if tx.switch_key(*id).await?.is_none() {
        return Err(AppError::not_found("switch key").into());
    }
    tx.revoke_switch_key(*id, state.clock().now()).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
