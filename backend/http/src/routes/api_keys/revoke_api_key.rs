//! `POST /api/v1/api-keys/{id}/revoke`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::api_keys::revoke_api_key as use_case;
use uuid::Uuid;

/// Revokes an API key at once. Revoking it again is harmless.
#[utoipa::path(post, path = "/api/v1/api-keys/{id}/revoke", tag = "team", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204)))]
#[post("/api-keys/{id}/revoke")]
pub async fn revoke_api_key(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    use_case::revoke_api_key(state.repos(), &staff, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
