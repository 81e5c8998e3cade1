//! The customer changes their own password.

use crate::auth::password;
use crate::auth::principal::CustomerPrincipal;
use crate::clock::Clock;
use crate::error::AppError;
use crate::services::my_account::my_account;
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::customers::ChangePasswordRequest;
use ringledger_shared::status::SubjectKind;
use ringledger_shared::validate::NewPassword;

/// Checks the current password, then stores the new one.
pub async fn change_password(
    repos: &Repos,
    clock: &dyn Clock,
    me: &CustomerPrincipal,
    request: &ChangePasswordRequest,
) -> Result<(), AppError> {
    let new = NewPassword::parse("new_password", &request.new_password)?;
    let tx = repos.tenant(me.tenant_id).await?;
    let (mut customer, _) = my_account(&tx, me).await?;
    if !password::verify(
        request.current_password.clone(),
        Some(customer.password_hash.clone()),
    )
    .await
    {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "the current password is wrong")
                .with_field("current_password"),
        );
    }
    customer.password_hash = password::hash(new.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let id = customer.id;
    tx.customers().update_customer(customer).await?;
    // Every other session of this login ends at once: a thief who had the
    // old password (or a refresh token) is out; this one stays signed in.
    tx.revoke_other_sessions(SubjectKind::Customer, id.as_uuid(), me.session, clock.now())
        .await?;
    tx.commit().await?;
    Ok(())
}
