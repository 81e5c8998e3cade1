//! `POST /api/v1/customers/{id}/services/{service_id}/cancel`: a service
//! stops today — it is no longer authorised, and its recurring fee is
//! prorated to the days it ran on the next invoice.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use ringledger_core::error::AppError;
use ringledger_core::services::customer_view::{Secrets, load};
use ringledger_core::state::AppState;
use ringledger_db::entities::account_services;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::status::ServiceStatus;
use uuid::Uuid;

/// Cancels one service of the customer.
#[utoipa::path(post, path = "/api/v1/customers/{id}/services/{service_id}/cancel", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("service_id" = Uuid, Path)),
    responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/services/{service_id}/cancel")]
pub async fn cancel_service(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<CustomerView>> {
    let (id, service_id) = path.into_inner();
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (customer, account) = super::staff_customer(&tx, &staff, id).await?;
    let service = tx
        .service(service_id)
        .await?
        .filter(|s| s.account_id == account.id)
        .ok_or_else(|| AppError::not_found("service"))?;
    if service.ended_at.is_some() {
        return Err(AppError::new(ErrorCode::Conflict, "this service is already cancelled").into());
    }
    let mut am: account_services::ActiveModel = service.into();
    am.status = sea_orm::Set(ServiceStatus::Closed);
    am.ended_at = sea_orm::Set(Some(state.clock().now()));
    tx.save_service(am).await?;
    let view = load(&state, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    Ok(web::Json(view))
}
