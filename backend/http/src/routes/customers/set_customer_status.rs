//! `POST /api/v1/customers/{id}/suspend|close|reactivate`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{post, web};
use ringledger_core::auth::principal::StaffPrincipal;
use ringledger_core::error::AppError;
use ringledger_core::services::customer_view::{Secrets, load};
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::CustomerView;
use ringledger_shared::status::{AccountStatus, CustomerStatus};
use uuid::Uuid;

async fn set(
    state: &AppState,
    staff: StaffPrincipal,
    id: Uuid,
    status: AccountStatus,
) -> ApiResult<CustomerView> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (mut customer, mut account) = super::staff_customer(&tx, &staff, id).await?;
    if account.status == AccountStatus::Closed && status != AccountStatus::Closed {
        return Err(
            AppError::new(ErrorCode::Conflict, "a closed account cannot be reopened").into(),
        );
    }
    account.status = status;
    tx.update_account(account).await?;
    customer.status = match status {
        AccountStatus::Active if customer.email_verified_at.is_none() => {
            CustomerStatus::PendingVerification
        }
        AccountStatus::Active => CustomerStatus::Active,
        AccountStatus::Suspended | AccountStatus::Unpaid => CustomerStatus::Suspended,
        AccountStatus::Closed => CustomerStatus::Closed,
    };
    tx.update_customer(customer.clone()).await?;
    let view = load(state, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    tracing::info!(customer = %id, %status, "customer status changed");
    Ok(view)
}

/// Suspends the account: its services stop being authorised.
#[utoipa::path(post, path = "/api/v1/customers/{id}/suspend", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/suspend")]
pub async fn suspend_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerView>> {
    set(&state, staff, *id, AccountStatus::Suspended)
        .await
        .map(web::Json)
}

/// Closes the account for good.
#[utoipa::path(post, path = "/api/v1/customers/{id}/close", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/close")]
pub async fn close_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerView>> {
    set(&state, staff, *id, AccountStatus::Closed)
        .await
        .map(web::Json)
}

/// Lifts a suspension.
#[utoipa::path(post, path = "/api/v1/customers/{id}/reactivate", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/reactivate")]
pub async fn reactivate_customer(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CustomerView>> {
    set(&state, staff, *id, AccountStatus::Active)
        .await
        .map(web::Json)
}
