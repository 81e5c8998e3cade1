//! A forgotten password, for staff (on their seller's portal) and platform
//! admins (on the platform's own site): the reset link by e-mail, then the
//! new password with its token. Every session of the login then ends.

use crate::audit::{self, Actor, Event};
use crate::auth::password;
use crate::auth::principal::Origin;
use crate::auth::rate_limit;
use crate::error::{AppError, AppResult};
use crate::ports::Deps;
use crate::services::password_reset::{self, Subject, invalid, too_many};
use crate::site::Site;
use ringledger_shared::api::team::{PasswordResetConfirm, PasswordResetRequest};
use ringledger_shared::ids::{AdminId, UserId};
use ringledger_shared::locale::Locale;
use ringledger_shared::status::SubjectKind;
use ringledger_shared::validate::{Email, NewPassword};

/// E-mails a reset link to the staff member (or, on the platform's site,
/// the admin) with this address, if there is one; the answer is the same
/// either way. `429` past the hourly limits.
pub async fn request_reset(
    deps: Deps<'_>,
    site: &Site,
    req: &PasswordResetRequest,
    origin: Origin,
) -> AppResult<()> {
    let email = Email::parse("email", &req.email)?;
    let scope = match site {
        Site::Platform => "platform".to_owned(),
        Site::Seller(s) => s.tenant_id.to_string(),
    };
    let key = format!("staff:{scope}:{email}");
    if !rate_limit::check_reset(deps.repos(), &key, origin.ip).await? {
        return Err(too_many());
    }
    let now = deps.clock().now();
    match site {
        Site::Seller(s) => {
            // Read first, then store the link, then write the e-mail: on
            // SQLite a statement outside an open write transaction would wait
            // for it.
            let tx = deps.repos().tenant_read(s.tenant_id).await?;
            let user = tx
                .user_by_email(email.as_str())
                .await?
                .filter(|u| u.seller_id == s.seller_id.as_uuid() && u.deactivated_at.is_none());
            let tenant = tx.tenant().await?;
            let seller = tx.seller(s.seller_id).await?;
            tx.commit().await?;
            let (Some(user), Some(tenant), Some(seller)) = (user, tenant, seller) else {
                return Ok(());
            };
            let token = password_reset::mint(
                deps.repos(),
                Some(s.tenant_id.as_uuid()),
                Subject::Staff,
                user.id,
                now,
            )
            .await?;
            let portal = deps.urls().seller_portal_url(&tenant.slug, &seller);
            let link = format!("{portal}/reset-password?for=staff&token={token}");
            let body = password_reset::body(Locale::En, &format!("{} console", seller.name), &link);
            let subject = format!("Reset your password for {}", seller.name);
            // The outbox key names the link by its id, never its secret.
            let key = format!(
                "password-reset:{}",
                token.split('.').next().unwrap_or_default()
            );
            // Quiet: no cache reads the outbox or the audit log, and anyone
            // may ask (the authorizations must not reload at each ask).
            let tx = deps.repos().tenant_quiet(s.tenant_id).await?;
            crate::email::enqueue(&tx, &key, &user.email, &subject, &body, now).await?;
            let event =
                Event::new("auth.password_reset_requested", "user", user.id).seller(user.seller_id);
            audit::record(
                &tx,
                &Actor::Anonymous(user.email.clone()),
                origin,
                event,
                now,
            )
            .await?;
            deps.mail().after_commit(tx.commit().await?);
        }
        Site::Platform => {
            let tx = deps.repos().platform_read().await?;
            let admin = tx.admin_by_email(email.as_str()).await?;
            tx.commit().await?;
            let Some(admin) = admin else {
                return Ok(());
            };
            let token =
                password_reset::mint(deps.repos(), None, Subject::Admin, admin.id, now).await?;
            let base = deps.public_url(&deps.settings().base_domain);
            let link = format!("{base}/reset-password?for=admin&token={token}");
            crate::email::direct::send_now(
                deps,
                &admin.email,
                "Reset your Ringledger admin password",
                password_reset::body(Locale::En, "Ringledger platform admin", &link),
            )
            .await?;
        }
    }
    Ok(())
}

/// Sets the new password of the link's login, on the site it belongs to,
/// and ends every session of that login. The link works once.
pub async fn confirm_reset(
    deps: Deps<'_>,
    site: &Site,
    req: &PasswordResetConfirm,
    origin: Origin,
) -> AppResult<()> {
    let new = NewPassword::parse("password", &req.password)?;
    let now = deps.clock().now();
    match site {
        Site::Seller(s) => {
            let link = password_reset::find(deps.repos(), &req.token, Subject::Staff, now).await?;
            if link.tenant_id != Some(s.tenant_id.as_uuid()) {
                return Err(invalid());
            }
            let hash = password::hash(new.expose().to_owned())
                .await
                .map_err(AppError::internal)?;
            let tx = deps.repos().tenant_read(s.tenant_id).await?;
            let user = tx
                .user(UserId(link.subject_id))
                .await?
                .filter(|u| u.seller_id == s.seller_id.as_uuid() && u.deactivated_at.is_none())
                .ok_or_else(invalid)?;
            tx.commit().await?;
            // Spent before the write transaction opens (SQLite: one writer).
            password_reset::spend(deps.repos(), &link, now).await?;
            let tx = deps.repos().tenant(s.tenant_id).await?;
            tx.set_user_password(UserId(user.id), &hash).await?;
            tx.revoke_subject_sessions(SubjectKind::Staff, user.id, now)
                .await?;
            let event = Event::new("auth.password_reset", "user", user.id).seller(user.seller_id);
            let actor = Actor::Member {
                id: user.id,
                email: user.email.clone(),
            };
            audit::record(&tx, &actor, origin, event, now).await?;
            tx.commit().await?;
        }
        Site::Platform => {
            let link = password_reset::find(deps.repos(), &req.token, Subject::Admin, now).await?;
            let hash = password::hash(new.expose().to_owned())
                .await
                .map_err(AppError::internal)?;
            password_reset::spend(deps.repos(), &link, now).await?;
            let tx = deps.repos().platform().await?;
            tx.reset_admin_password(AdminId(link.subject_id), &hash, now)
                .await?;
            tx.commit().await?;
        }
    }
    Ok(())
}
