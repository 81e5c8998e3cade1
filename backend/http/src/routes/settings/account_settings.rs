//! `GET` and `PUT /api/v1/settings/accounts`: how new customer accounts are set up.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::sellers;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::AccountSettings;
use ringledger_shared::money::Currency;
use ringledger_shared::status::AccountKind;
use ringledger_shared::validate;

fn view(s: &sellers::Model) -> AccountSettings {
    AccountSettings {
        pin_length: s.pin_length.max(0) as u32,
        account_kind: s.account_kind.to_string(),
        default_credit_limit: s.default_credit_limit.0.normalize().to_string(),
        billing_day: s.billing_day.max(1) as u32,
    }
}

/// The current settings.
#[utoipa::path(get, path = "/api/v1/settings/accounts", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = AccountSettings)))]
#[get("/settings/accounts")]
pub async fn get_account_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<AccountSettings>> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    tx.commit().await?;
    Ok(web::Json(view(&seller)))
}

/// Replaces the settings (they apply to accounts created from now on).
#[utoipa::path(put, path = "/api/v1/settings/accounts", tag = "settings", request_body = AccountSettings, security(("bearer" = [])),
    responses((status = 200, body = AccountSettings), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/accounts")]
pub async fn put_account_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<AccountSettings>,
) -> ApiResult<web::Json<AccountSettings>> {
    let req = body.0;
    let bad = |field: &str, msg: &str| {
        AppError::new(ErrorCode::ValidationFailed, msg.to_owned()).with_field(field.to_owned())
    };
    if !(6..=20).contains(&req.pin_length) {
        return Err(bad("pin_length", "pin_length must be 6 to 20 digits").into());
    }
    let Some(account_kind) = AccountKind::parse(&req.account_kind) else {
        return Err(bad("account_kind", "account_kind must be prepaid or postpaid").into());
    };
    if !(1..=31).contains(&req.billing_day) {
        return Err(bad(
            "billing_day",
            "billing_day must be 1 to 31 (29-31 mean the last day of shorter months)",
        )
        .into());
    }
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    let limit = validate::price(
        "default_credit_limit",
        &req.default_credit_limit,
        Currency::parse(&tenant.currency).unwrap_or(Currency::USD),
    )?;
    let mut seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    seller.pin_length = req.pin_length as i32;
    seller.account_kind = account_kind;
    seller.default_credit_limit = DbDecimal(limit);
    seller.billing_day = req.billing_day as i32;
    let saved = tx.update_seller_settings(seller).await?;
    tx.commit().await?;
    Ok(web::Json(view(&saved)))
}
