//! Turning two-factor sign-in on and off for the signed-in staff member,
//! and a team's requirement of it.

use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::auth::secret_box::{Binding, SecretBox};
use crate::auth::two_factor;
use crate::error::{AppError, AppResult};
use ringledger_db::repo::Repos;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::team::{
    RecoveryCodesView, TeamTwoFactorRequest, TwoFactorCodeRequest, TwoFactorSetupView,
};

fn conflict(message: &str) -> AppError {
    AppError::new(ErrorCode::Conflict, message.to_owned())
}

fn not_a_login() -> AppError {
    AppError::new(
        ErrorCode::PermissionDenied,
        "two-factor sign-in belongs to a person's login, not to an API key",
    )
}

/// Starts enrolment: a new secret (sealed, pending until confirmed), its
/// `otpauth://` URL and QR code. `409` when it is on already.
pub async fn setup(
    repos: &Repos,
    vault: &SecretBox,
    staff: &StaffPrincipal,
) -> AppResult<TwoFactorSetupView> {
    if staff.api_key.is_some() {
        return Err(not_a_login());
    }
    let tx = repos.tenant(staff.tenant_id).await?;
    let user = tx
        .user(staff.user_id)
        .await?
        .ok_or_else(|| AppError::not_found("user"))?;
    if user.totp_enabled_at.is_some() {
        return Err(conflict(
            "two-factor sign-in is on already; turn it off first to enrol a new device",
        ));
    }
    let seller = tx
        .seller(staff.seller_id)
        .await?
        .ok_or_else(|| AppError::not_found("seller"))?;
    let secret = two_factor::new_secret();
    let binding = Binding::totp(user.tenant_id, user.id);
    let sealed = two_factor::seal(vault, &secret, &binding)?;
    tx.team()
        .set_totp_pending(staff.user_id, Some(sealed))
        .await?;
    tx.commit().await?;
    let (otpauth_url, qr_svg) = two_factor::enrolment(&secret, &seller.name, &user.email)?;
    Ok(TwoFactorSetupView {
        secret,
        otpauth_url,
        qr_svg,
    })
}

/// Confirms enrolment with a code of the app: two-factor sign-in is on, and
/// the answer holds the ten recovery codes (shown this once).
pub async fn confirm(
    repos: &Repos,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    req: &TwoFactorCodeRequest,
) -> AppResult<RecoveryCodesView> {
    if staff.api_key.is_some() {
        return Err(not_a_login());
    }
    let tx = repos.tenant(staff.tenant_id).await?;
    let user = tx
        .user(staff.user_id)
        .await?
        .ok_or_else(|| AppError::not_found("user"))?;
    let sealed = user
        .totp_pending
        .clone()
        .ok_or_else(|| conflict("start with the QR code first"))?;
    let binding = Binding::totp(user.tenant_id, user.id);
    let secret = two_factor::open(vault, &sealed, &binding)?;
    let now = staff.origin.at;
    let step = two_factor::matching_step(&secret, &req.code, now.timestamp().max(0) as u64)?
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "the code is wrong; enter the current code of your app",
            )
            .with_field("code")
        })?;
    let (codes, hashes) = two_factor::new_recovery_codes();
    tx.team()
        .set_totp(staff.user_id, Some((sealed, now, hashes)))
        .await?;
    // The code just used does not sign in again.
    tx.team().use_totp_step(staff.user_id, step).await?;
    let event = Event::new("auth.two_factor_enabled", "user", user.id)
        .changes(Changes::none().set("two_factor", false, true));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(RecoveryCodesView { codes })
}

/// Turns two-factor sign-in off, with a current code or a recovery code;
/// `409` when the team requires it.
pub async fn disable(
    repos: &Repos,
    vault: &SecretBox,
    staff: &StaffPrincipal,
    req: &TwoFactorCodeRequest,
) -> AppResult<()> {
    if staff.api_key.is_some() {
        return Err(not_a_login());
    }
    let tx = repos.tenant(staff.tenant_id).await?;
    let user = tx
        .user(staff.user_id)
        .await?
        .ok_or_else(|| AppError::not_found("user"))?;
    let Some(sealed) = user
        .totp_secret
        .clone()
        .filter(|_| user.totp_enabled_at.is_some())
    else {
        return Ok(());
    };
    if tx
        .seller(staff.seller_id)
        .await?
        .is_some_and(|s| s.require_two_factor)
    {
        return Err(conflict("your team requires two-factor sign-in"));
    }
    let secret = two_factor::open(vault, &sealed, &Binding::totp(user.tenant_id, user.id))?;
    let now = staff.origin.at.timestamp().max(0) as u64;
    let by_app = two_factor::matching_step(&secret, &req.code, now)?.is_some();
    let by_recovery = user
        .recovery_codes
        .as_deref()
        .and_then(|stored| two_factor::strike_recovery_code(stored, &req.code))
        .is_some();
    if !(by_app || by_recovery) {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "the code is wrong").with_field("code"),
        );
    }
    tx.team().set_totp(staff.user_id, None).await?;
    let event = Event::new("auth.two_factor_disabled", "user", user.id)
        .changes(Changes::none().set("two_factor", true, false));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(())
}

/// Requires (or no longer requires) two-factor sign-in of the whole team
/// (owners only).
pub async fn set_team_requirement(
    repos: &Repos,
    staff: &StaffPrincipal,
    req: &TeamTwoFactorRequest,
) -> AppResult<()> {
    let tx = repos.tenant(staff.tenant_id).await?;
    let before = tx
        .seller(staff.seller_id)
        .await?
        .is_some_and(|s| s.require_two_factor);
    tx.team()
        .set_require_two_factor(staff.seller_id, req.required)
        .await?;
    let event = Event::new("settings.two_factor_required", "seller", staff.seller_id)
        .changes(Changes::none().set("require_two_factor", before, req.required));
    audit::by_staff(&tx, staff, event).await?;
    tx.commit().await?;
    Ok(())
}
