//! `POST /api/v1/switch-keys/{id}/revoke`.

use crate::error::ApiResult;
use crate::extract::Operator;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::switch_keys::revoke_key::{self as use_case, RevokeKeyError};
use uuid::Uuid;

crate::edge!(RevokeKeyError {
    NotFound => NotFound,
});

/// Revokes a key at once. Revoking it again is harmless.
#[utoipa::path(post, path = "/api/v1/switch-keys/{id}/revoke", tag = "switch", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/switch-keys/{id}/revoke")]
pub async fn revoke_key(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    use_case::revoke_key(state.repos(), state.clock(), &staff, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
