//! A platform admin turns two-factor sign-in on: a QR code, then a code of
//! the app; the recovery codes are shown once.

use crate::auth::principal::AdminPrincipal;
use crate::auth::secret_box::{Binding, SecretBox};
use crate::auth::two_factor;
use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::team::{RecoveryCodesView, TwoFactorCodeRequest, TwoFactorSetupView};

fn binding(admin: &AdminPrincipal) -> Binding {
    Binding::totp(uuid::Uuid::nil(), admin.admin_id.as_uuid())
}

/// Starts enrolment (`409` when it is on already).
pub async fn setup(
    repos: &Repos,
    vault: &SecretBox,
    admin: &AdminPrincipal,
) -> AppResult<TwoFactorSetupView> {
    let tx = repos.platform().await?;
    let row = tx
        .admin(admin.admin_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    if row.totp_enabled_at.is_some() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "two-factor sign-in is on already",
        ));
    }
    let secret = two_factor::new_secret();
    let sealed = two_factor::seal(vault, &secret, &binding(admin))?;
    tx.set_admin_totp_pending(admin.admin_id, Some(sealed))
        .await?;
    tx.commit().await?;
    let (otpauth_url, qr_svg) = two_factor::enrolment(&secret, "Ringledger platform", &row.email)?;
    Ok(TwoFactorSetupView {
        secret,
        otpauth_url,
        qr_svg,
    })
}

/// Confirms enrolment with a code; answers the recovery codes.
pub async fn confirm(
    repos: &Repos,
    vault: &SecretBox,
    clock: &dyn Clock,
    admin: &AdminPrincipal,
    req: &TwoFactorCodeRequest,
) -> AppResult<RecoveryCodesView> {
    let tx = repos.platform().await?;
    let row = tx
        .admin(admin.admin_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let sealed = row
        .totp_pending
        .ok_or_else(|| AppError::new(ErrorCode::Conflict, "start with the QR code first"))?;
    let secret = two_factor::open(vault, &sealed, &binding(admin))?;
    let now = clock.now();
    let step = two_factor::matching_step(&secret, &req.code, now.timestamp().max(0) as u64)?
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "the code is wrong; enter the current code of your app",
            )
            .with_field("code")
        })?;
    let (codes, hashes) = two_factor::new_recovery_codes();
    tx.enable_admin_totp(admin.admin_id, sealed, now, hashes, step)
        .await?;
    tx.commit().await?;
    Ok(RecoveryCodesView { codes })
}
