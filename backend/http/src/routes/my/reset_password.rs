//! `POST /api/v1/my/services/{id}/reset-password`: a new SIP/video password.

use super::my_account;
use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::customer_view::{Secrets, load};
use ringledger_core::services::provisioning::random_password;
use ringledger_core::state::AppState;
use ringledger_shared::api::customers::ServiceView;
use uuid::Uuid;

/// Replaces the device password; the answer shows the new one.
#[utoipa::path(post, path = "/api/v1/my/services/{id}/reset-password", tag = "customer", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ServiceView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/services/{id}/reset-password")]
pub async fn reset_password(
    Customer(me): Customer,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ServiceView>> {
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, &me).await?;
    let sip = tx
        .sips_of(&[account.id])
        .await?
        .into_iter()
        .find(|s| s.service_id == *id)
        .ok_or_else(|| AppError::not_found("SIP or video service"))?;
    let sealed = state
        .secrets()
        .seal(&random_password())
        .map_err(AppError::internal)?;
    tx.set_sip_secret(sip.id, sealed).await?;
    let view = load(&state, &tx, &customer, Secrets::Reveal).await?;
    tx.commit().await?;
    view.services
        .into_iter()
        .find(|s| s.id == *id)
        .map(web::Json)
        .ok_or_else(|| AppError::not_found("service").into())
}
