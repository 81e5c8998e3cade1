//! `POST /api/v1/my/services/{id}/anis` and
//! `DELETE /api/v1/my/services/{id}/anis/{number}`.

use super::my_account;
use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, delete, post, web};
use ringledger_core::error::{AppError, AppResult};
use ringledger_core::services::customer_signup::{add_ani as register, check_ani};
use ringledger_core::services::customer_view::{Secrets, load};
use ringledger_core::services::provisioning::e164;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::{AddAniRequest, ServiceView};
use ringledger_shared::rating::ServiceKind;
use std::collections::HashSet;
use uuid::Uuid;

async fn pinless_service(
    tx: &ringledger_db::repo::TenantTx,
    account_id: Uuid,
    id: Uuid,
) -> AppResult<ringledger_db::entities::account_services::Model> {
    tx.service(id)
        .await?
        .filter(|s| s.account_id == account_id && s.kind == ServiceKind::Pinless)
        .ok_or_else(|| AppError::not_found("PINless service"))
}

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
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (customer, account) = my_account(&tx, &me).await?;
    let service = pinless_service(&tx, account.id, *id).await?;
    let number = check_ani(&tx, "number", &body.0.number, &mut HashSet::new()).await?;
    register(&tx, account.id, service.id, number, state.clock().now()).await?;
    let view = load(&state, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    let s = view
        .services
        .into_iter()
        .find(|s| s.id == service.id)
        .ok_or_else(|| AppError::not_found("service"))?;
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
    let number = e164(&raw).ok_or_else(|| AppError::not_found("phone number"))?;
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (_, account) = my_account(&tx, &me).await?;
    let service = pinless_service(&tx, account.id, id).await?;
    let numbers = tx.anis_of(&[account.id]).await?;
    let on_service: Vec<_> = numbers
        .iter()
        .filter(|a| a.service_id == service.id)
        .collect();
    if !on_service.iter().any(|a| a.number == number) {
        return Err(AppError::not_found("phone number").into());
    }
    if on_service.len() == 1 {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "a PINless service needs at least one number",
        )
        .with_field("number")
        .into());
    }
    tx.delete_ani(account.id, &number).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
