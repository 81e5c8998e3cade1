//! Staff sign in on their seller's portal, platform admins on the bare
//! host. Unknown e-mails cost the same argon2 work as wrong passwords.

use crate::audit::{self, Actor};
use crate::auth::principal::{Origin, suspended};
use crate::auth::rate_limit::{self, LoginGate};
use crate::auth::secret_box::Binding;
use crate::auth::session::Issued;
use crate::auth::two_factor::{self, Matched};
use crate::auth::{password, session};
use crate::error::AppError;
use crate::ports::Deps;
use crate::site::Site;
use ringledger_shared::api::{LoginRequest, TenantStatus, ValidLogin};
use ringledger_shared::ids::{AdminId, UserId};
use std::net::IpAddr;

crate::use_case_error! {
    /// Why a sign-in was refused.
    pub enum LoginError {
        /// Too many attempts from this address.
        #[error("too many sign-in attempts; wait a few minutes and try again")]
        RateLimited,
        /// Too many wrong passwords for this account from this client.
        #[error("too many failed sign-ins for this account from your network; try again in {0}")]
        TooManyFailures(String),
        /// Unknown e-mail, wrong password or another seller's user
        /// (indistinguishable).
        #[error("the e-mail or the password is wrong")]
        InvalidCredentials,
        /// The password is right; the second factor is missing.
        #[error("enter the 6-digit code of your authenticator app (or a recovery code)")]
        CodeNeeded,
        /// The password is right; the second factor is wrong or used.
        #[error("the code is wrong or was used already; enter the current code of your authenticator app, or a recovery code")]
        WrongCode,
    }
}

/// Signs a user in from `origin`: a platform admin on the platform site, a
/// seller's staff on that seller's portal; answers the session. Every
/// attempt is in an audit log: a portal's in its tenant's, an admin's in
/// the platform's own chain.
pub async fn login(
    deps: Deps<'_>,
    site: &Site,
    request: &LoginRequest,
    origin: Origin,
) -> Result<Issued, LoginError> {
    let login = request.parse().map_err(AppError::from_fields)?;
    let email = login.email.to_string();
    let outcome = attempt(deps, site, login, origin.ip).await;
    let (actor, action) = match &outcome {
        Ok(issued) => {
            let id = issued.view.me.user_id.as_uuid();
            let actor = match site {
                Site::Platform => Actor::Admin { id, email },
                Site::Seller(_) => Actor::Member { id, email },
            };
            (actor, "auth.login_succeeded")
        }
        Err(LoginError::InvalidCredentials | LoginError::WrongCode) => {
            (Actor::Anonymous(email), "auth.login_failed")
        }
        Err(LoginError::RateLimited | LoginError::TooManyFailures(_)) => {
            (Actor::Anonymous(email), "auth.login_throttled")
        }
        Err(_) => return outcome,
    };
    match site {
        Site::Seller(s) => audit::sign_in(deps.repos(), s, actor, action, origin).await?,
        // A platform admin: in the platform's own chain.
        Site::Platform => audit::admin_sign_in(deps.repos(), actor, action, origin).await?,
    }
    outcome
}

/// The attempt itself, behind the back-off gate.
async fn attempt(
    deps: Deps<'_>,
    site: &Site,
    login: ValidLogin,
    ip: Option<IpAddr>,
) -> Result<Issued, LoginError> {
    let scope = match site {
        Site::Platform => "platform".to_owned(),
        Site::Seller(s) => s.tenant_id.to_string(),
    };
    let key = format!("{scope}:{}", login.email);
    match rate_limit::login_gate(deps.repos(), deps.settings(), &key, ip).await? {
        LoginGate::Open => {}
        LoginGate::AddressBusy => return Err(LoginError::RateLimited),
        LoginGate::Wait(secs) => {
            return Err(LoginError::TooManyFailures(rate_limit::wait_text(secs)));
        }
    }
    let outcome = sign_in(deps, site, login).await;
    match &outcome {
        Ok(_) => rate_limit::login_succeeded(deps.repos(), &key, ip).await?,
        // A wrong second factor counts like a wrong password.
        Err(LoginError::InvalidCredentials | LoginError::WrongCode) => {
            rate_limit::login_failed(deps.repos(), deps.settings(), &key, ip).await?;
        }
        Err(_) => {}
    }
    outcome
}

/// Checks the password and issues the session. What it writes (the
/// session, the second factor's step, the time of sign-in) no cache reads,
/// so its transactions are quiet: a sign-in does not make the tenant's (or,
/// for an admin, every tenant's) authorizations reload.
async fn sign_in(deps: Deps<'_>, site: &Site, login: ValidLogin) -> Result<Issued, LoginError> {
    match site {
        Site::Platform => {
            let read = deps.repos().platform_read().await?;
            let found = read.admin_by_email(login.email.as_str()).await?;
            read.commit().await?;
            let checked = password::opens(found, login.password, |a| &a.password_hash)
                .await
                .ok_or(LoginError::InvalidCredentials)?;
            let tx = deps.repos().platform_claims().await?;
            // The same admin, its password unchanged since it was checked.
            let admin = tx
                .admin_by_email(login.email.as_str())
                .await?
                .filter(|a| a.id == checked.id && a.password_hash == checked.password_hash)
                .ok_or(LoginError::InvalidCredentials)?;
            admin_second_factor(deps, &tx, &admin, login.code.as_deref()).await?;
            let session = session::issue_admin(deps, &tx, &admin, None).await?;
            tx.commit().await?;
            Ok(session)
        }
        Site::Seller(s) => {
            let read = deps.repos().tenant_read(s.tenant_id).await?;
            let found = read.user_by_email(login.email.as_str()).await?;
            read.commit().await?;
            let checked = password::opens(found, login.password, |u| &u.password_hash)
                .await
                .ok_or(LoginError::InvalidCredentials)?;
            let tx = deps.repos().tenant_quiet(s.tenant_id).await?;
            // The same user, its password unchanged since it was checked.
            // Staff sign in on their own seller's site: a reseller's staff
            // on the reseller's portal, the operator's on the operator's.
            let user = tx
                .user_by_email(login.email.as_str())
                .await?
                .filter(|u| {
                    u.id == checked.id
                        && u.password_hash == checked.password_hash
                        && u.seller_id == s.seller_id.as_uuid()
                        && u.deactivated_at.is_none()
                })
                .ok_or(LoginError::InvalidCredentials)?;
            let tenant = tx.tenant().await?.ok_or(LoginError::InvalidCredentials)?;
            if tenant.status != TenantStatus::Active {
                return Err(suspended().into());
            }
            second_factor(deps, &tx, &user, login.code.as_deref()).await?;
            tx.touch_login(UserId(user.id), deps.clock().now()).await?;
            let session = session::issue_staff(deps, &tx, &user, &tenant, None).await?;
            tx.commit().await?;
            Ok(session)
        }
    }
}

/// With two-factor sign-in on (`enrolled`: the sealed secret, its
/// binding, the recovery codes), what `code` matched: the authenticator's
/// current code or an unused recovery code. `None` when it is off.
fn code_match(
    deps: Deps<'_>,
    enrolled: Option<(&str, Binding, Option<&str>)>,
    code: Option<&str>,
) -> Result<Option<Matched>, LoginError> {
    let Some((sealed, binding, stored)) = enrolled else {
        return Ok(None);
    };
    let code = code.ok_or(LoginError::CodeNeeded)?;
    let now = deps.clock().now().timestamp().max(0) as u64;
    match two_factor::check(deps.secrets(), sealed, &binding, stored, code, now)? {
        Some(m) => Ok(Some(m)),
        None => Err(LoginError::WrongCode),
    }
}

/// A staff member's second factor: each code works once (its step, or the
/// recovery code struck off, compare-and-set).
async fn second_factor(
    deps: Deps<'_>,
    tx: &ringledger_db::repo::TenantTx,
    user: &ringledger_db::entities::users::Model,
    code: Option<&str>,
) -> Result<(), LoginError> {
    let stored = user.recovery_codes.as_deref();
    let enrolled = user
        .totp_enabled_at
        .and(user.totp_secret.as_deref())
        .map(|s| (s, Binding::totp(user.tenant_id, user.id), stored));
    let id = UserId(user.id);
    let ok = match code_match(deps, enrolled, code)? {
        None => return Ok(()),
        Some(Matched::Step(step)) => tx.team().use_totp_step(id, step).await?,
        Some(Matched::Recovery(left)) => {
            tx.team()
                .use_recovery_code(id, stored.unwrap_or("[]"), &left)
                .await?
        }
    };
    ok.then_some(()).ok_or(LoginError::WrongCode)
}

/// The same for a platform admin.
async fn admin_second_factor(
    deps: Deps<'_>,
    tx: &ringledger_db::repo::PlatformTx,
    admin: &ringledger_db::entities::platform_admins::Model,
    code: Option<&str>,
) -> Result<(), LoginError> {
    let stored = admin.recovery_codes.as_deref();
    let enrolled = admin
        .totp_enabled_at
        .and(admin.totp_secret.as_deref())
        .map(|s| (s, Binding::totp(uuid::Uuid::nil(), admin.id), stored));
    let id = AdminId(admin.id);
    let ok = match code_match(deps, enrolled, code)? {
        None => return Ok(()),
        Some(Matched::Step(step)) => tx.use_admin_totp_step(id, step).await?,
        Some(Matched::Recovery(left)) => {
            tx.use_admin_recovery_code(id, stored.unwrap_or("[]"), &left)
                .await?
        }
    };
    ok.then_some(()).ok_or(LoginError::WrongCode)
}
