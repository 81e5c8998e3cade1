//! `POST /api/v1/my/services/{id}/anis` and
//! `DELETE /api/v1/my/services/{id}/anis/{number}`.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, delete, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::manage_anis::{self as use_case, ManageAnisError};
use ringledger_shared::api::customers::{AddAniRequest, ServiceView};
use uuid::Uuid;

crate::edge!(ManageAnisError {
    NotFound => NotFound,
});

/// Registers one more caller number on a PINless service.
#[utoipa::path(post, path = "/api/v1/my/services/{id}/anis", tag = "customer", request_body = AddAniRequest, security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 201, body = ServiceView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/services/{id}/anis")]
pub async fn add_ani(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<AddAniRequest>,
) -> ApiResult<HttpResponse> {
    let s = use_case::add_ani(
        state.repos(),
        state.clock(),
        state.secrets(),
        &me,
        *id,
        &body.0,
    )
    .await?;
    Ok(HttpResponse::Created().json(s))
}

/// Removes a caller number (digits or any usual format, URL-encoded). The
/// last number of a service cannot be removed.
#[utoipa::path(delete, path = "/api/v1/my/services/{id}/anis/{number}", tag = "customer", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("number" = String, Path)), responses((status = 204),
    (status = 404, body = ringledger_shared::error::ErrorBody), (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[delete("/my/services/{id}/anis/{number}")]
pub async fn remove_ani(
    Customer(me): Customer,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, String)>,
) -> ApiResult<HttpResponse> {
    let (id, raw) = path.into_inner();
    use_case::remove_ani(state.repos(), &me, id, &raw).await?;
    Ok(HttpResponse::NoContent().finish())
}
