//! `GET /api/v1/me`.

use crate::error::ApiResult;
use crate::extract::Caller;
use actix_web::{get, web};
use ringledger_core::auth::principal::Principal;
use ringledger_core::auth::session::{admin_me, staff_me};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_shared::api::MeView;

/// Who the bearer token belongs to (staff or platform admin).
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = MeView),
    (status = 401, body = ringledger_shared::error::ErrorBody)))]
#[get("/me")]
pub async fn get_me(
    Caller(principal): Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<MeView>> {
    if let Principal::Staff(staff) = principal {
        let tx = state.repos().tenant(staff.tenant_id).await?;
        let user = tx
            .user(staff.user_id)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let tenant = tx.tenant().await?.ok_or_else(AppError::unauthenticated)?;
        let me = staff_me(&state, &tx, &user, &tenant).await?;
        tx.commit().await?;
        return Ok(web::Json(me));
    }
    if let Principal::Customer(c) = principal {
        let tx = state.repos().tenant(c.tenant_id).await?;
        let customer = tx
            .customer(c.customer_id)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let tenant = tx.tenant().await?.ok_or_else(AppError::unauthenticated)?;
        tx.commit().await?;
        return Ok(web::Json(ringledger_core::auth::session::customer_me(
            &state, &customer, &tenant,
        )));
    }
    let Principal::Admin(admin) = principal else {
        return Err(AppError::unauthenticated().into());
    };
    let tx = state.repos().platform().await?;
    let found = tx
        .admin(admin.admin_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    tx.commit().await?;
    Ok(web::Json(admin_me(&found)))
}
