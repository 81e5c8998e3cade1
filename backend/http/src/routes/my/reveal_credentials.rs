//! `GET /api/v1/my/services/{id}/credentials`: reveal one service's PIN or password.

use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{get, web};
use ringledger_core::error::AppError;
use ringledger_core::services::customer_view::{Secrets, load};
use ringledger_core::state::AppState;
use ringledger_shared::api::customers::ServiceView;
use uuid::Uuid;

/// The service with its secret (PIN for a calling card, password for SIP or
/// video). Another customer's service answers 404.
#[utoipa::path(get, path = "/api/v1/my/services/{id}/credentials", tag = "customer", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "service id")),
    responses((status = 200, body = ServiceView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/services/{id}/credentials")]
pub async fn reveal_credentials(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ServiceView>> {
    let tx = state.repos().tenant(me.tenant_id).await?;
    let customer = tx
        .customer(me.customer_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let view = load(&state, &tx, &customer, Secrets::Reveal).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == *id)
        .map(web::Json)
        .ok_or_else(|| AppError::not_found("service").into())
}
