//! `POST /api/v1/switch-keys/{id}/revoke`.

use actix_web::{HttpResponse, post, web};
use ringledger_core::auth::principal::OperatorStaff;
use ringledger_core::error::{AppError, AppResult};
use ringledger_core::state::AppState;
use uuid::Uuid;

/// Revokes a key at once. Revoking it again is harmless.
#[utoipa::path(post, path = "/api/v1/switch-keys/{id}/revoke", tag = "switch", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/switch-keys/{id}/revoke")]
pub async fn revoke_key(
    OperatorStaff(staff): OperatorStaff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    if tx.switch_key(*id).await?.is_none() {
        return Err(AppError::not_found("switch key"));
    }
    tx.revoke_switch_key(*id, state.clock().now()).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
