//! Who a bearer token belongs to.

use crate::auth::principal::Principal;
use crate::auth::session::{admin_me, customer_me, staff_me};
use crate::error::AppError;
use crate::urls::Urls;
use ringledger_db::repo::Repos;
use ringledger_shared::api::MeView;

/// The `MeView` of `principal` (staff, customer or platform admin); one
/// whose user, customer, admin or tenant is gone answers `401`.
pub async fn get_me(repos: &Repos, urls: &Urls, principal: &Principal) -> Result<MeView, AppError> {
    match *principal {
        Principal::Staff(staff) => {
            let tx = repos.tenant_read(staff.tenant_id).await?;
            let user = tx
                .user(staff.user_id)
                .await?
                .ok_or_else(AppError::unauthenticated)?;
            let tenant = tx.tenant().await?.ok_or_else(AppError::unauthenticated)?;
            let me = staff_me(urls, &tx, &user, &tenant).await?;
            tx.commit().await?;
            Ok(me)
        }
        Principal::Customer(c) => {
            let tx = repos.tenant_read(c.tenant_id).await?;
            let customer = tx
                .customers()
                .customer(c.customer_id)
                .await?
                .ok_or_else(AppError::unauthenticated)?;
            let tenant = tx.tenant().await?.ok_or_else(AppError::unauthenticated)?;
            tx.commit().await?;
            Ok(customer_me(urls, &customer, &tenant))
        }
        Principal::Admin(admin) => {
            let tx = repos.platform_read().await?;
            let found = tx
                .admin(admin.admin_id)
                .await?
                .ok_or_else(AppError::unauthenticated)?;
            tx.commit().await?;
            Ok(admin_me(&found))
        }
    }
}
