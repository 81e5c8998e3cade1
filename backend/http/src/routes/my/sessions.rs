//! `GET /api/v1/my/sessions` and `DELETE /api/v1/my/sessions/{id}`: a
//! customer's own sessions.

use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{HttpResponse, delete, get, web};
use ringledger_core::auth::principal::CustomerPrincipal;
use ringledger_core::state::AppState;
use ringledger_core::usecases::me::sessions::{self as use_case, Login};
use ringledger_shared::api::team::SessionInfoView;
use ringledger_shared::status::SubjectKind;
use uuid::Uuid;

fn login(me: &CustomerPrincipal) -> Login {
    Login {
        tenant: me.tenant_id,
        kind: SubjectKind::Customer,
        subject: me.customer_id.as_uuid(),
        current: me.session,
    }
}

/// The customer's live sessions: device, address, when signed in and last
/// used, and which one is asking.
#[utoipa::path(get, path = "/api/v1/my/sessions", tag = "portal", security(("bearer" = [])),
    responses((status = 200, body = Vec<SessionInfoView>)))]
#[get("/my/sessions")]
pub async fn my_customer_sessions(
    Customer(me): Customer,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<SessionInfoView>>> {
    Ok(web::Json(
        use_case::list_sessions(state.repos(), state.clock(), login(&me)).await?,
    ))
}

/// Signs one of the customer's sessions out at once.
#[utoipa::path(delete, path = "/api/v1/my/sessions/{id}", tag = "portal", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 204)))]
#[delete("/my/sessions/{id}")]
pub async fn revoke_customer_session(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    use_case::revoke_session(state.repos(), state.clock(), login(&me), *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
