//! `PATCH /api/v1/resellers/{id}`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{patch, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::resellers::update_reseller::{
    self as use_case, UpdateResellerError,
};
use ringledger_shared::api::resellers::{ResellerView, UpdateResellerRequest};
use uuid::Uuid;

crate::edge!(UpdateResellerError {
    ResellerNotFound => NotFound,
});

/// Changes a direct reseller's terms (markup, fee, custom domain). New
/// prices apply to calls rated from now on.
#[utoipa::path(patch, path = "/api/v1/resellers/{id}", tag = "resellers", request_body = UpdateResellerRequest, params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = ResellerView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[patch("/resellers/{id}")]
pub async fn update_reseller(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<UpdateResellerRequest>,
) -> ApiResult<web::Json<ResellerView>> {
    let v = use_case::update_reseller(
        state.repos(),
        state.clock(),
        state.settings(),
        &staff,
        *id,
        &body.0,
    )
    .await?;
    Ok(web::Json(v))
}
