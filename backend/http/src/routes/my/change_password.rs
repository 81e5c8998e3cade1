//! `POST /api/v1/my/password`: the customer changes their own password.

use super::my_account;
use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{HttpResponse, post, web};
use ringledger_core::auth::password;
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::ChangePasswordRequest;
use ringledger_shared::validate::NewPassword;

/// Checks the current password, then stores the new one.
#[utoipa::path(post, path = "/api/v1/my/password", tag = "customer", request_body = ChangePasswordRequest, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/my/password")]
pub async fn change_password(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let new = NewPassword::parse("new_password", &body.0.new_password)?;
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (mut customer, _) = my_account(&tx, &me).await?;
    if !password::verify(
        body.0.current_password.clone(),
        Some(customer.password_hash.clone()),
    )
    .await
    {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "the current password is wrong")
                .with_field("current_password")
                .into(),
        );
    }
    customer.password_hash = password::hash(new.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    tx.update_customer(customer).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
