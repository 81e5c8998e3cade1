//! `GET /api/v1/me/sessions` and `DELETE /api/v1/me/sessions/{id}`: a staff
//! member's own sessions.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{HttpResponse, delete, get, web};
use ringledger_core::auth::principal::StaffPrincipal;
use ringledger_core::state::AppState;
use ringledger_core::usecases::me::sessions::{self as use_case, Login};
use ringledger_shared::api::team::SessionInfoView;
use ringledger_shared::status::SubjectKind;
use uuid::Uuid;

fn login(staff: &StaffPrincipal) -> Login {
    Login {
        tenant: staff.tenant_id,
        kind: SubjectKind::Staff,
        subject: staff.user_id.as_uuid(),
        current: staff.session,
    }
}

/// The signed-in member's live sessions: device, address, when signed in
/// and last used, and which one is asking.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<SessionInfoView>)))]
#[get("/me/sessions")]
pub async fn my_staff_sessions(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<SessionInfoView>>> {
    Ok(web::Json(
        use_case::list_sessions(state.repos(), state.clock(), login(&staff)).await?,
    ))
}

/// Signs one of the member's sessions out at once (its access tokens are
/// refused from the next request).
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204)))]
#[delete("/me/sessions/{id}")]
pub async fn revoke_staff_session(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    use_case::revoke_session(state.repos(), state.clock(), login(&staff), *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
