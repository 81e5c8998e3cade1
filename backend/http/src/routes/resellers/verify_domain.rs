//! `POST /api/v1/resellers/{id}/domain/verify`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::resellers::verify_domain::{self as use_case, VerifyDomainError};
use ringledger_shared::api::resellers::ResellerView;
use uuid::Uuid;

crate::edge!(VerifyDomainError {
    ResellerNotFound => NotFound,
    NoDomain => Conflict,
});

/// Looks the custom domain's TXT record up and, when it holds the challenge, maps the domain to the reseller's portal.
#[utoipa::path(post, path = "/api/v1/resellers/{id}/domain/verify", tag = "resellers", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = ResellerView), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, description = "no domain, or the TXT record is not there yet", body = ringledger_shared::error::ErrorBody)))]
#[post("/resellers/{id}/domain/verify")]
pub async fn verify_domain(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ResellerView>> {
    Ok(web::Json(
        use_case::verify_domain(state.deps(), &staff, *id).await?,
    ))
}
