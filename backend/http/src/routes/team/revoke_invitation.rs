//! `DELETE /api/v1/team/invitations/{id}`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{HttpResponse, delete, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::team::revoke_invitation as use_case;
use uuid::Uuid;

/// Withdraws an invitation: its link stops working. Withdrawing it again is harmless.
#[utoipa::path(delete, path = "/api/v1/team/invitations/{id}", tag = "team", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204)))]
#[delete("/team/invitations/{id}")]
pub async fn revoke_invitation(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    use_case::revoke_invitation(state.repos(), state.clock(), &staff, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
