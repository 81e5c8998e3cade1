//! `POST /api/v1/customers/{id}/suspend|close|reactivate`.

use crate::auth::principal::StaffPrincipal;
use crate::error::{AppError, AppResult};
use crate::services::customer_view::{Secrets, load};
use crate::state::AppState;
use actix_web::{post, web};
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::CustomerView;
use uuid::Uuid;

async fn set(
    state: &AppState,
    staff: StaffPrincipal,
    id: Uuid,
    status: &str,
) -> AppResult<CustomerView> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (mut customer, mut account) = super::staff_customer(&tx, &staff, id).await?;
    if account.status == "closed" && status != "closed" {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "a closed account cannot be reopened",
        ));
    }
    account.status = status.to_owned();
    tx.update_account(account).await?;
    customer.status = match status {
        "active" if customer.email_verified_at.is_none() => "pending_verification".into(),
        other => other.to_owned(),
    };
    tx.update_customer(customer.clone()).await?;
    let view = load(state, &tx, &customer, Secrets::Hide).await?;
    tx.commit().await?;
    tracing::info!(customer = %id, status, "customer status changed");
    Ok(view)
}

/// Suspends the account: its services stop being authorised.
#[utoipa::path(post, path = "/api/v1/customers/{id}/suspend", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/suspend")]
pub async fn suspend_customer(
    staff: StaffPrincipal,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<CustomerView>> {
    set(&state, staff, *id, "suspended").await.map(web::Json)
}

/// Closes the account for good.
#[utoipa::path(post, path = "/api/v1/customers/{id}/close", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/close")]
pub async fn close_customer(
    staff: StaffPrincipal,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<CustomerView>> {
    set(&state, staff, *id, "closed").await.map(web::Json)
}

/// Lifts a suspension.
#[utoipa::path(post, path = "/api/v1/customers/{id}/reactivate", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CustomerView), (status = 404, body = ringledger_shared::error::ErrorBody),
    (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/reactivate")]
pub async fn reactivate_customer(
    staff: StaffPrincipal,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<CustomerView>> {
    set(&state, staff, *id, "active").await.map(web::Json)
}
