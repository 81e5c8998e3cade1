//! "Send it again": a new e-mail verification link for a staff member.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::ports::Deps;
use crate::services::staff_email;
use ringledger_shared::ErrorCode;

/// E-mails the signed-in staff member a new verification link (`409` when
/// the address is verified already).
pub async fn resend_verification(deps: Deps<'_>, staff: &StaffPrincipal) -> Result<(), AppError> {
    let tx = deps.repos().tenant(staff.tenant_id).await?;
    let user = tx
        .user(staff.user_id)
        .await?
        .ok_or_else(|| AppError::not_found("user"))?;
    if user.email_verified_at.is_some() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "your e-mail address is confirmed already",
        ));
    }
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    let tenant = tx
        .tenant()
        .await?
        .ok_or_else(|| AppError::not_found("tenant"))?;
    let portal = deps.urls().seller_portal_url(&tenant.slug, &seller);
    staff_email::send_link(
        &tx,
        &user,
        &portal,
        &seller.name,
        deps.clock().now(),
        staff_email::LinkFor::Resend,
    )
    .await?;
    deps.mail().after_commit(tx.commit().await?);
    Ok(())
}
