//! How new customer accounts of the staff's seller are set up.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::sellers;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::AccountSettings;
use ringledger_shared::money::Currency;
use ringledger_shared::status::AccountKind;
use ringledger_shared::validate;

crate::use_case_error! {
    /// Why the account settings could not be read or changed.
    pub enum AccountSettingsError {
        /// The staff's seller (or tenant) is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

fn view(s: &sellers::Model) -> AccountSettings {
    AccountSettings {
        pin_length: s.pin_length.max(0) as u32,
        account_kind: s.account_kind.to_string(),
        default_credit_limit: s.default_credit_limit.0.normalize().to_string(),
        billing_day: s.billing_day.max(1) as u32,
    }
}

/// The current settings.
pub async fn get_account_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
) -> Result<AccountSettings, AccountSettingsError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or(AccountSettingsError::NotFound("seller"))?;
    tx.commit().await?;
    Ok(view(&seller))
}

/// Replaces the settings (they apply to accounts created from now on).
pub async fn put_account_settings(
    repos: &Repos,
    staff: &StaffPrincipal,
    req: &AccountSettings,
) -> Result<AccountSettings, AccountSettingsError> {
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
    let tx = repos.tenant(staff.tenant_id).await?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or(AccountSettingsError::NotFound("tenant"))?;
    let limit = validate::price(
        "default_credit_limit",
        &req.default_credit_limit,
        Currency::parse(&tenant.currency).unwrap_or(Currency::USD),
    )?;
    let mut seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or(AccountSettingsError::NotFound("seller"))?;
    let before = view(&seller);
    seller.pin_length = req.pin_length as i32;
    seller.account_kind = account_kind;
    seller.default_credit_limit = DbDecimal(limit);
    seller.billing_day = req.billing_day as i32;
    let saved = tx.update_seller_settings(seller).await?;
    let event = Event::new("settings.accounts_changed", "seller", staff.seller_id)
        .changes(Changes::diff(&before, &view(&saved)));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(view(&saved))
}
